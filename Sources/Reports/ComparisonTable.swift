import CloudModel
import Foundation
import SimKernel

/// A plain-text table with variants side by side: one line per metric, each cell the mean and
/// the half-width of its 95% confidence interval, in units a person reads at a glance.
/// With a comparison, a `*` marks a variant's value that differs significantly from the
/// baseline's (paired over replications), and a legend line says so.
///
/// With `columns` (a terminal's width), a table wider than that is printed in parts, each with
/// the metric column and as many variants as fit, and the legend is folded into lines that fit,
/// so that the terminal never wraps a line.
public enum ComparisonTable {
    public static func render(_ rows: [SummaryRow], comparison: [ComparisonRow] = [], columns: Int? = nil) -> String {
        var variants: [String] = []
        var metrics: [(name: String, unit: MetricUnit)] = []
        var cells: [String: [String: String]] = [:]
        let significant = Set(comparison.filter(\.paired.significant).map { [$0.variant, $0.metric] })
        let marks = !comparison.isEmpty
        for row in rows {
            if !variants.contains(row.variant) { variants.append(row.variant) }
            if cells[row.metric] == nil { metrics.append((row.metric, row.unit)) }
            let mark = significant.contains([row.variant, row.metric]) ? " *" : "  "
            cells[row.metric, default: [:]][row.variant] = cell(row.summary, unit: row.unit) + (marks ? mark : "")
        }
        let header = ["metric"] + variants
        let body = metrics.map { metric in
            [metric.name] + variants.map { cells[metric.name]?[$0] ?? "-" }
        }
        let widths = header.indices.map { column in
            ([header] + body).map { $0[column].count }.max() ?? 0
        }
        // Variant columns in parts that fit next to the metric column (at least one in each).
        var parts: [[Int]] = []
        for column in header.indices.dropFirst() {
            if let last = parts.popLast() {
                let width = widths[0] + (last + [column]).map { 2 + widths[$0] }.reduce(0, +)
                if columns.map({ width <= $0 }) ?? true {
                    parts.append(last + [column])
                    continue
                }
                parts.append(last)
            }
            parts.append([column])
        }
        if parts.isEmpty { parts = [[]] }
        let tables = parts.map { part in
            let shown = [0] + part
            func line(_ fields: [String]) -> String {
                shown.map { index in
                    index == 0 ? pad(fields[index], widths[index]) : padLeft(fields[index], widths[index])
                }.joined(separator: "  ")
            }
            let rule = shown.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  ")
            return ([line(header), rule] + body.map(line)).joined(separator: "\n")
        }
        var legend: [String] = []
        if let baseline = comparison.first?.baseline {
            legend = [
                "", fold("* differs from baseline `\(baseline)`: the 95% confidence interval of the paired "
                    + "difference over replications excludes 0", columns: columns),
            ]
        }
        return ([tables.joined(separator: "\n\n")] + legend).joined(separator: "\n") + "\n"
    }

    /// `text` in lines of at most `columns` characters, broken at spaces (a word longer than a
    /// line stays whole); unchanged without `columns`.
    public static func fold(_ text: String, columns: Int?) -> String {
        guard let columns else { return text }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > columns {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        return (lines + [current]).joined(separator: "\n")
    }

    static func cell(_ summary: ReplicationSummary, unit: MetricUnit) -> String {
        guard summary.replications > 0 else { return "not measured" }
        return cell(mean: summary.mean, halfWidth: summary.halfWidth, unit: unit)
    }

    /// `mean ± halfWidth unit`, both to the mean's decimals, in the unit the mean's magnitude
    /// reads best in; the mean alone without a half-width (one replication).
    public static func cell(mean: Double, halfWidth: Double?, unit: MetricUnit) -> String {
        let scale = Scale(unit: unit, magnitude: abs(mean))
        let decimals = scale.decimals(mean)
        let shown = scale.format(mean, decimals: decimals)
        guard let halfWidth else { return shown + scale.suffix }
        return "\(shown) ± \(scale.format(halfWidth, decimals: decimals))\(scale.suffix)"
    }

    /// A change in `unit`, signed (`+1,234 /s`, `-2.5 ms`), in the unit its own magnitude reads best in.
    public static func signed(_ value: Double, unit: MetricUnit) -> String {
        let scale = Scale(unit: unit, magnitude: abs(value))
        let text = scale.format(value, decimals: scale.decimals(value)) + scale.suffix
        return value > 0 ? "+" + text : text
    }

    /// A relative change (0.25 for a quarter more) as a signed percentage, to four significant digits.
    public static func relativeChange(_ ratio: Double) -> String {
        signed(ratio, unit: .ratio)
    }

    /// How one metric is shown: a factor and a suffix chosen from the mean's magnitude.
    struct Scale {
        var factor: Double
        var suffix: String

        init(unit: MetricUnit, magnitude: Double) {
            switch unit {
            case .seconds:
                // Delivery and product-development times run to days: hours, then days, read better.
                if magnitude >= 2 * 86_400 { (factor, suffix) = (1 / 86_400, " d") }
                else if magnitude >= 2 * 3_600 { (factor, suffix) = (1 / 3_600, " h") }
                else if magnitude >= 2 * 60 { (factor, suffix) = (1 / 60, " min") }
                else if magnitude == 0 || magnitude >= 1 { (factor, suffix) = (1, " s") }
                else if magnitude >= 1e-3 { (factor, suffix) = (1e3, " ms") }
                else { (factor, suffix) = (1e6, " µs") }
            case .ratio: (factor, suffix) = (100, " %")
            case .perSecond: (factor, suffix) = (1, " /s")
            case .perDay: (factor, suffix) = (1, " /d")
            case .count: (factor, suffix) = (1, "")
            case .usd: (factor, suffix) = (1, " USD")
            case .usdPerHour: (factor, suffix) = (1, " USD/h")
            case .terabytes: (factor, suffix) = (1, " TB")
            case .gigabytes: (factor, suffix) = (1, " GB")
            case .hours: (factor, suffix) = (1, " h")
            }
        }

        /// Decimals that show `value` to four significant digits (at most six, none for integers);
        /// a ratio just short of 1 gets enough to show two digits of its distance from 100 %, so
        /// 99.9999% does not read as `100.00`.
        func decimals(_ value: Double) -> Int {
            let scaled = abs(value * factor)
            guard scaled > 0, scaled != scaled.rounded() else { return 0 }
            var decimals = min(6, max(0, 3 - Int(floor(log10(scaled)))))
            if suffix == " %", value < 1, value > 0.99 {
                decimals = max(decimals, min(6, 1 - Int(floor(log10((1 - value) * factor)))))
            }
            return decimals
        }

        /// `value` in this scale to `decimals`, its whole part in groups of three digits
        /// (`483,841,607`, `1,234.5`).
        func format(_ value: Double, decimals: Int) -> String {
            let text = String(format: "%.\(decimals)f", value * factor)
            let sign = text.hasPrefix("-") ? "-" : ""
            let unsigned = text.dropFirst(sign.count)
            let whole = unsigned.prefix { $0.isNumber }
            guard whole.count > 3 else { return text }
            var grouped = ""
            for (index, digit) in whole.enumerated() {
                if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
                grouped.append(digit)
            }
            return sign + grouped + unsigned.dropFirst(whole.count)
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
