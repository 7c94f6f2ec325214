import Foundation

/// Builds SVG markup as text; every attribute and text node is escaped.
struct SVG {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static let palette = ["#1b6ca8", "#d9480f", "#2b8a3e", "#862e9c", "#c92a2a", "#e67700", "#0b7285", "#5c940d"]

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// Escapes text for XML character data and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: Bool = false) {
        body += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
        body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>\n"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, title: String? = nil) {
        body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, w)))\" height=\"\(Self.number(max(0, h)))\" fill=\"\(fill)\">"
        if let title { body += "<title>\(Self.escape(title))</title>" }
        body += "</rect>\n"
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, title: String? = nil) {
        body += "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\">"
        if let title { body += "<title>\(Self.escape(title))</title>" }
        body += "</circle>\n"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"1.5\"/>\n"
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(
        _ x: Double, _ y: Double, _ content: String, anchor: Anchor = .start, size: Double = 11,
        weight: String = "normal", fill: String = "#222", rotate: Bool = false
    ) {
        let rotation = rotate ? " transform=\"rotate(-90 \(Self.number(x)) \(Self.number(y)))\"" : ""
        body += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(Self.number(size))\""
        body += " font-weight=\"\(weight)\" fill=\"\(fill)\"\(rotation)>\(Self.escape(content))</text>\n"
    }

    /// The finished `<svg>` element, sized in CSS pixels, with an accessible title.
    func markup(title: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.number(width))" height="\(Self.number(height))" \
        viewBox="0 0 \(Self.number(width)) \(Self.number(height))" role="img" font-family="sans-serif">
        <title>\(Self.escape(title))</title>
        \(body)</svg>
        """
    }
}

/// Axis arithmetic shared by the charts.
enum Axis {
    /// About `count` round tick values covering [low, high] (1, 2 or 5 times a power of ten apart).
    static func ticks(low: Double, high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let raw = (high - low) / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = []
        var value = (low / step).rounded(.down) * step
        while value <= high + step * 1e-9 {
            if value >= low - step * 1e-9 { ticks.append(abs(value) < step * 1e-9 ? 0 : value) }
            value += step
        }
        return ticks
    }

    /// About `count` ticks on a time axis [s], at round times (seconds, minutes, hours, days, weeks).
    static func timeTicks(low: Double, high: Double, count: Int = 8) -> [Double] {
        let raw = (high - low) / Double(max(1, count))
        let steps: [Double] = [
            1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800,
            604_800, 1_209_600, 2_419_200,
        ]
        guard high > low, raw >= 1, let step = steps.first(where: { $0 >= raw }) else {
            return ticks(low: low, high: high, count: count)
        }
        var ticks: [Double] = []
        var value = (low / step).rounded(.up) * step
        while value <= high + 1e-9 {
            ticks.append(value)
            value += step
        }
        return ticks.isEmpty ? [low] : ticks
    }

    /// A value with its unit for a label: seconds become ms/µs/min/h/d as fits, ratios stay plain.
    static func label(_ value: Double, unit: String) -> String {
        func compact(_ number: Double) -> String {
            if number == number.rounded(), abs(number) < 1e12 { return String(Int64(number)) }
            if abs(number) >= 1000, abs(number) < 1e12 { return String(format: "%.0f", number) }
            return String(format: "%.3g", number)
        }
        switch unit {
        case "s":
            let size = abs(value)
            if size == 0 { return "0" }
            if size < 1e-3 { return compact(value * 1e6) + " µs" }
            if size < 1 { return compact(value * 1e3) + " ms" }
            if size < 60 { return compact(value) + " s" }
            if size < 7200 {
                // "2 min 20 s", as the talk says 2m20; fractions of a second are dropped here.
                let whole = Int(size.rounded())
                let text = whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s"
                return (value < 0 ? "-" : "") + text
            }
            if size < 172_800 { return compact(value / 3600) + " h" }
            return compact(value / 86400) + " d"
        case "usd": return "$" + compact(value)
        case "usd/h": return "$" + compact(value) + "/h"
        case "ratio", "count", "": return compact(value)
        default: return compact(value) + " " + unit
        }
    }
}
