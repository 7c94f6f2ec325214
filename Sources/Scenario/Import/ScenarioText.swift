import Foundation

/// Pieces of scenario YAML written by an import: names the parser accepts, and numbers,
/// durations and rates in forms it reads back.
enum ScenarioText {
    /// `given` as a name of letters, digits, `-`, `_` and `.` (others become `-`), at most 200
    /// bytes, not in `taken` (a suffix `-2`, `-3`, … otherwise).
    static func name(_ given: String, fallback: String, taken: Set<String>) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        var base = String(given.map { allowed.contains($0) ? $0 : "-" })
        while base.contains("--") { base = base.replacingOccurrences(of: "--", with: "-") }
        base = String(base.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(ScenarioLimits.maximumNameBytes - 8))
        if base.isEmpty || base == "." || base == ".." { base = fallback }
        var name = base, suffix = 2
        while taken.contains(name) {
            name = "\(base)-\(suffix)"
            suffix += 1
        }
        return name
    }

    /// A name as a YAML scalar: quoted when YAML would otherwise read it as something else.
    static func yaml(_ name: String) -> String {
        let keywords: Set = ["null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"]
        let plain = name.first.map { $0.isLetter } == true && !keywords.contains(name.lowercased())
        return plain ? name : "\"\(name)\""
    }

    /// `text` as a double-quoted YAML string on one line.
    static func quoted(_ text: String) -> String {
        let escaped = comment(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// `value` with six significant digits in fixed notation, trailing zeros dropped.
    static func number(_ value: Double) -> String {
        guard value != 0, value.isFinite else { return "0" }
        let decimals = max(0, 5 - Int(floor(log10(abs(value)))))
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A duration [s] in the unit that puts it between 1 and 1000 (`12.3456ms`); at least 1 ns.
    static func duration(_ seconds: Double) -> String {
        for (unit, size) in [("s", 1.0), ("ms", 1e-3), ("us", 1e-6)] where seconds >= size {
            return number(seconds / size) + unit
        }
        return number(max(1, (seconds * 1e9).rounded())) + "ns"
    }

    /// A rate [1/s] as `N/s`.
    static func rate(_ perSecond: Double) -> String { number(perSecond) + "/s" }

    /// A comment's text on one line.
    static func comment(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
