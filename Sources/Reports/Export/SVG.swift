import Foundation

/// Builds SVG markup as text; every attribute and text node is escaped.
struct SVG {
    var width: Double
    var height: Double
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

    /// Dash patterns that tell series apart without colour: solid, long, dotted, dash-dot, …
    static let dashes = ["", "9 4", "2 3", "10 3 2 3", "5 2", "1 5"]

    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: Bool = false,
        pattern: String = ""
    ) {
        let dashes = dash ? "4 3" : pattern
        body += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
        body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dashes.isEmpty ? "" : " stroke-dasharray=\"\(dashes)\"")/>\n"
    }

    /// `kind`, when given, is the rectangle's `class`: `fault` marks a fault window's shading, with
    /// its start and end [s] in `data-start` and `data-end` for whoever checks the page.
    mutating func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, title: String? = nil, kind: String? = nil,
        data: [(String, String)] = []
    ) {
        let extra = (kind.map { " class=\"\($0)\"" } ?? "") + data.map { " data-\($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, w)))\" height=\"\(Self.number(max(0, h)))\" fill=\"\(fill)\"\(extra)>"
        if let title { body += "<title>\(Self.escape(title))</title>" }
        body += "</rect>\n"
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, title: String? = nil) {
        body += "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\">"
        if let title { body += "<title>\(Self.escape(title))</title>" }
        body += "</circle>\n"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, pattern: String = "") {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
        body += (pattern.isEmpty ? "" : " stroke-dasharray=\"\(pattern)\"") + "/>\n"
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

    /// The finished `<svg>` element, sized in CSS pixels, with an accessible title; `time` marks a
    /// chart over simulated time (class `chart time`), which shades the fault windows.
    func markup(title: String, time: Bool = false) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart\(time ? " time" : "")" width="\(Self.number(width))" height="\(Self.number(height))" \
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
        case "ratio": return percent(value)
        case "1/s", "1/d": return compact(value) + " /" + unit.dropFirst(2)
        case "count", "": return compact(value)
        default: return compact(value) + " " + unit
        }
    }

    /// A ratio as a percentage, as the terminal table shows it: three significant digits, and
    /// just short of 100 % enough decimals to show the distance from it (99.9999 %, not 100 %).
    static func percent(_ value: Double) -> String {
        let percent = value * 100
        guard percent != 0 else { return "0 %" }
        var decimals = max(0, 2 - Int(floor(log10(abs(percent)))))
        if value < 1, value > 0.99 { decimals = max(decimals, min(6, 1 - Int(floor(log10((1 - value) * 100))))) }
        var text = String(format: "%.\(decimals)f", percent)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + " %"
    }

    /// A moment of the run for a label: `day 4, 06:04` from a day on (days counted from 0, as
    /// the run's clock starts), else as a time since the start (`12 min`, `2 min 20 s`).
    static func clock(_ seconds: Double) -> String {
        guard seconds >= 86_400 else { return label(seconds, unit: "s") }
        let whole = Int(seconds)
        return String(format: "day %d, %02d:%02d", whole / 86_400, whole % 86_400 / 3600, whole % 3600 / 60)
    }

    /// The round times of a logarithmic time axis, named as a person says them.
    static let roundTime: [Double: String] = [
        60: "1 min", 600: "10 min", 3600: "1 h", 36_000: "10 h", 86_400: "1 d", 604_800: "1 week",
        2_592_000: "30 d", 31_536_000: "1 year",
    ]

    /// Ticks of a logarithmic axis over [low, high] (both > 0): powers of ten, and for seconds
    /// the round times between (a minute, ten minutes, an hour, a day, a week).
    static func logTicks(low: Double, high: Double, unit: String) -> [Double] {
        var ticks: [Double] = []
        var decade = pow(10, floor(log10(low)))
        while decade <= high * 1.000001 {
            ticks.append(decade)
            decade *= 10
        }
        if unit == "s" {
            ticks = ticks.filter { $0 <= 10 } + [60, 600, 3600, 36_000, 86_400, 604_800, 2_592_000, 31_536_000]
        }
        return ticks.filter { $0 >= low * 0.999999 && $0 <= high * 1.000001 }
    }
}
