import Foundation

/// A mean with its 95% confidence interval.
public struct Estimate: Sendable, Hashable {
    public var mean: Double
    public var low: Double
    public var high: Double
}

/// A fault on a time chart: shaded from `start` to `end` [s] (a dashed line at `start` when it
/// is a moment, like instances killed), with dashed lines where monitoring alerted.
struct FaultShade: Hashable {
    var start: Double
    var end: Double?
    var label: String
    var alerts: [Double] = []
}

/// The key under a chart: a swatch (a bar's colour, a line's dash, a fault's shading) and a
/// name per entry, in rows that fit the chart's width.
struct Legend {
    enum Swatch { case bar(Int), line(Int), fault, alert }
    var entries: [(swatch: Swatch, name: String)]

    private func width(_ entry: (swatch: Swatch, name: String)) -> Double {
        34 + ChartText.width(entry.name, size: ChartText.small) + 16
    }

    /// The entries of each row, for a chart `available` px wide.
    func rows(available: Double) -> [[Int]] {
        var rows: [[Int]] = [[]]
        var used = 0.0
        for index in entries.indices {
            let size = width(entries[index])
            if used + size > available, !rows[rows.count - 1].isEmpty {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(index)
            used += size
        }
        return entries.isEmpty ? [] : rows
    }

    static let rowHeight = 20.0

    func height(available: Double) -> Double { Double(rows(available: available).count) * Self.rowHeight }

    func draw(_ canvas: inout SVG, left: Double, top: Double, available: Double) {
        for (number, row) in rows(available: available).enumerated() {
            var x = left
            let y = top + Self.rowHeight * Double(number) + 14
            for index in row {
                let entry = entries[index]
                switch entry.swatch {
                case .bar(let series): canvas.rect(x, y - 10, 24, 11, fill: SVG.color(series))
                case .line(let series):
                    canvas.line(x, y - 4, x + 24, y - 4, stroke: SVG.color(series), width: 2.5, pattern: SVG.dash(series))
                case .fault: canvas.rect(x, y - 11, 24, 13, fill: FaultShade.fill)
                case .alert: canvas.line(x + 12, y - 12, x + 12, y + 2, stroke: FaultShade.alertColour, width: 1.5, dash: true)
                }
                canvas.text(x + 30, y, entry.name, size: ChartText.small)
                x += width(entry)
            }
        }
    }
}

extension FaultShade {
    static let fill = "#f4c7c3"
    static let alertColour = "#a61e1e"
}

/// Grouped vertical bars with confidence whiskers: one group per category, one bar per series.
struct BarChart {
    var title: String
    var unit: String
    var categories: [String]
    /// (series name, one estimate or nil per category).
    var series: [(name: String, values: [Estimate?])]

    func svg() -> String {
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let high = max(values.map { max($0.high, $0.mean) }.max() ?? 1, 0)
        let low = min(values.map { min($0.low, $0.mean) }.min() ?? 0, 0)
        let ticks = Axis.ticks(low: low, high: high > low ? high : low + 1)
        let (axisLow, axisHigh) = (ticks.first!, max(ticks.last!, high))
        let left = 16 + (ticks.map { ChartText.width(Axis.label($0, unit: unit), size: ChartText.small) }.max() ?? 40)
        let groups = categories.map { max(Double(max(1, series.count)) * 34 + 24, ChartText.width($0, size: ChartText.small) + 16) }
        let right = 20.0
        // No wider than the page's column (60rem), which would shrink its text under 12 px.
        let width = min(940, max(420, left + right + groups.reduce(0, +), ChartText.width(title, size: ChartText.title) + 24))
        let legend = Legend(entries: series.enumerated().map { (.bar($0.offset), $0.element.name) })
        let legendHeight = legend.height(available: width - left - right)
        let (top, plotHeight) = (34.0, 210.0)
        let scale = (width - left - right) / groups.reduce(0, +)
        // Category labels in rows: each in the first row where it clears the one before it, so
        // that many long names (a dozen services) stagger rather than overlap.
        var rowEnds: [Double] = []
        var labelRows: [Int] = []
        var groupEdge = left
        for (column, category) in categories.enumerated() {
            let centre = groupEdge + groups[column] * scale / 2
            let half = ChartText.width(category, size: ChartText.small) / 2 + 4
            let row = rowEnds.firstIndex { $0 <= centre - half } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(0) }
            rowEnds[row] = centre + half
            labelRows.append(row)
            groupEdge += groups[column] * scale
        }
        let labelsHeight = Double(max(0, rowEnds.count - 1)) * 16
        var canvas = SVG(width: width, height: top + plotHeight + 30 + labelsHeight + legendHeight + 8)
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - axisLow) / (axisHigh - axisLow)) }
        canvas.text(width / 2, 20, title, anchor: .middle, size: ChartText.title, weight: "bold")
        for tick in ticks {
            canvas.line(left, y(tick), width - right, y(tick), stroke: "#e5e5e5")
            canvas.text(left - 6, y(tick) + 4, Axis.label(tick, unit: unit), anchor: .end, size: ChartText.small)
        }
        canvas.line(left, y(0), width - right, y(0), stroke: "#888")
        var groupLeft = left
        for (column, category) in categories.enumerated() {
            let groupWidth = groups[column] * scale
            let barWidth = min(34, groupWidth * 0.8 / Double(max(1, series.count)))
            let groupStart = groupLeft + (groupWidth - barWidth * Double(series.count)) / 2
            for (index, entry) in series.enumerated() {
                guard let estimate = entry.values[column] else { continue }
                let x = groupStart + barWidth * Double(index)
                let label = "\(entry.name), \(category): \(Axis.label(estimate.mean, unit: unit)) "
                    + "[\(Axis.label(estimate.low, unit: unit)), \(Axis.label(estimate.high, unit: unit))]"
                canvas.rect(
                    x + 2, min(y(estimate.mean), y(0)), barWidth - 4, abs(y(0) - y(estimate.mean)),
                    fill: SVG.color(index), title: label)
                if estimate.high > estimate.low {
                    let middle = x + barWidth / 2
                    canvas.line(middle, y(estimate.low), middle, y(estimate.high), stroke: "#222")
                    canvas.line(middle - 4, y(estimate.low), middle + 4, y(estimate.low), stroke: "#222")
                    canvas.line(middle - 4, y(estimate.high), middle + 4, y(estimate.high), stroke: "#222")
                }
            }
            canvas.text(
                groupLeft + groupWidth / 2, top + plotHeight + 20 + Double(labelRows[column]) * 16, category,
                anchor: .middle, size: ChartText.small)
            groupLeft += groupWidth
        }
        legend.draw(&canvas, left: left, top: top + plotHeight + 28 + labelsHeight, available: width - left - right)
        return canvas.markup(title: title)
    }
}

/// Lines over simulated time, one per series, each with its own colour, dash and width (drawn
/// widest first, so a line lying on another still shows), as steps when each point holds for
/// its time bucket, with the faults' windows shaded and labelled in place.
struct LineChart {
    var title: String
    var xUnit: String
    var yUnit: String
    var series: [(name: String, points: [(x: Double, y: Double)])]
    /// Each point's value holds until the next point's time (a time bucket's measure).
    var steps = true
    var faults: [FaultShade] = []
    /// The x axis's range, shared by the charts of one page; nil: the data's own.
    var range: (low: Double, high: Double)? = nil

    /// More windows than this are named once, in the legend, not each in place.
    static let labelledWindows = 8

    func svg() -> String {
        let width = 860.0
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) }
        let dataLow = range?.low ?? xs.min() ?? 0
        let dataHigh = range?.high ?? max(xs.max() ?? 1, dataLow + 1e-9)
        let xTicks = (xUnit == "s" ? Axis.timeTicks : Axis.ticks)(dataLow, dataHigh, 8)
        let yTicks = Axis.ticks(low: min(0, ys.min() ?? 0), high: max(ys.max() ?? 1, 1e-9))
        let (xLow, xHigh) = (min(xTicks.first!, dataLow), max(xTicks.last!, dataHigh))
        let (yLow, yHigh) = (yTicks.first!, max(yTicks.last!, ys.max() ?? 1))
        let left = 16 + (yTicks.map { ChartText.width(Axis.label($0, unit: yUnit), size: ChartText.small) }.max() ?? 40)
        let right = 24.0
        func x(_ value: Double) -> Double { left + (width - left - right) * (value - xLow) / max(xHigh - xLow, 1e-12) }

        // Labels of the faults above the plot, in rows so that none overlaps another.
        let inPlace = faults.count <= Self.labelledWindows
        var labels: [(x: Double, text: String, alert: Bool)] = []
        if inPlace {
            var alerts: Set<Double> = []
            for fault in faults {
                let middle = fault.end.map { (x(fault.start) + x(min($0, xHigh))) / 2 } ?? x(fault.start)
                labels.append((middle, fault.label, false))
                for alert in fault.alerts where alerts.insert(alert).inserted { labels.append((x(alert), "alert", true)) }
            }
            labels = labels.map { (ChartText.clamp($0.x, $0.text, size: ChartText.small, low: left, high: width - right), $0.text, $0.alert) }
        }
        let rows = ChartText.rows(labels.map { ($0.x, $0.text) }, size: ChartText.small)
        let labelRows = Double((rows.max() ?? -1) + 1)
        let top = 34 + labelRows * 16
        let plotHeight = 200.0
        let bottom = top + plotHeight
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - yLow) / max(yHigh - yLow, 1e-12)) }

        var entries: [(swatch: Legend.Swatch, name: String)] = series.enumerated().map { (.line($0.offset), $0.element.name) }
        if !faults.isEmpty {
            entries.append((.fault, inPlace ? "fault in force" : "fault in force (\(Set(faults.map(\.label)).sorted().joined(separator: ", ")))"))
        }
        if faults.contains(where: { !$0.alerts.isEmpty }) { entries.append((.alert, "alert")) }
        let legend = Legend(entries: entries)
        var canvas = SVG(width: width, height: bottom + 30 + legend.height(available: width - left - right) + 8)
        canvas.text(width / 2, 20, title, anchor: .middle, size: ChartText.title, weight: "bold")
        for fault in faults {
            let start = x(max(fault.start, xLow))
            if let end = fault.end {
                canvas.rect(
                    start, top, x(min(end, xHigh)) - start, plotHeight, fill: FaultShade.fill,
                    title: "\(fault.label): \(Axis.clock(fault.start)) to \(Axis.clock(end))", kind: "fault",
                    data: [("start", SVG.number(fault.start)), ("end", SVG.number(end))])
            } else {
                canvas.line(start, top, start, bottom, stroke: FaultShade.alertColour, width: 1.5, dash: true)
            }
            for alert in fault.alerts {
                canvas.line(x(alert), top, x(alert), bottom, stroke: FaultShade.alertColour, width: 1.5, dash: true)
            }
        }
        for (index, label) in labels.enumerated() {
            canvas.text(
                label.x, 30 + Double(rows[index]) * 16 + 12, label.text, anchor: .middle, size: ChartText.small,
                fill: label.alert ? FaultShade.alertColour : "#8a1c1c")
        }
        for tick in yTicks {
            canvas.line(left, y(tick), width - right, y(tick), stroke: "#e5e5e5")
            canvas.text(left - 6, y(tick) + 4, Axis.label(tick, unit: yUnit), anchor: .end, size: ChartText.small)
        }
        var lastEnd = -Double.infinity
        for tick in xTicks {
            canvas.line(x(tick), bottom, x(tick), bottom + 4, stroke: "#888")
            let text = Axis.label(tick, unit: xUnit)
            let half = ChartText.width(text, size: ChartText.small) / 2
            guard x(tick) - half > lastEnd + 8, x(tick) + half <= width else { continue }
            canvas.text(x(tick), bottom + 18, text, anchor: .middle, size: ChartText.small)
            lastEnd = x(tick) + half
        }
        canvas.line(left, bottom, width - right, bottom, stroke: "#888")
        let count = series.count
        for (index, entry) in series.enumerated() {
            var points: [(Double, Double)] = []
            for (number, point) in entry.points.enumerated() {
                points.append((x(point.x), y(point.y)))
                if steps {
                    let next = number + 1 < entry.points.count
                        ? entry.points[number + 1].x
                        : point.x + (number > 0 ? point.x - entry.points[number - 1].x : 0)
                    points.append((x(min(next, xHigh)), y(point.y)))
                }
            }
            canvas.polyline(
                points, stroke: SVG.color(index), width: 1.8 + 1.4 * Double(count - 1 - index), pattern: SVG.dash(index))
        }
        legend.draw(&canvas, left: left, top: bottom + 26, available: width - left - right)
        return canvas.markup(title: title, time: true)
    }
}

/// One lane per event (an incident, a deploy): a bar from its first to its last time, with a
/// dot for every time in between, each named in place (names of dots at the same spot joined),
/// in rows so that no name covers another.
struct TimelineChart {
    var title: String
    /// (lane label, series index for the colour, [(time [s], what happened)] in any order).
    var lanes: [(label: String, series: Int, marks: [(time: Double, name: String)])]
    /// The time axis's range, shared by the charts of one section.
    var range: (low: Double, high: Double)
    /// Times since each lane began (axis in durations) rather than the run's clock.
    var elapsed: Bool
    var faults: [FaultShade] = []

    func svg() -> String {
        let width = 860.0
        let left = 16 + (lanes.map { ChartText.width($0.label, size: ChartText.small) }.max() ?? 60)
        let right = 30.0
        let ticks = Axis.timeTicks(low: range.low, high: max(range.high, range.low + 1e-9), count: 6)
        let (low, high) = (min(ticks.first!, range.low), max(ticks.last!, range.high))
        func x(_ value: Double) -> Double { left + (width - left - right) * (value - low) / max(high - low, 1e-12) }
        // Each lane's names, dots closer than a few pixels sharing one.
        var laid: [(marks: [(time: Double, name: String)], labels: [(x: Double, text: String)], rows: [Int])] = []
        for lane in lanes {
            let sorted = lane.marks.sorted { $0.time < $1.time }
            var groups: [(x: Double, names: [String])] = []
            for mark in sorted {
                let name = mark.name.replacingOccurrences(of: "_", with: " ")
                if let last = groups.last, x(mark.time) - last.x < 4 {
                    if !last.names.contains(name) { groups[groups.count - 1].names.append(name) }
                } else {
                    groups.append((x(mark.time), [name]))
                }
            }
            let labels = groups.map { group -> (x: Double, text: String) in
                let text = group.names.joined(separator: ", ")
                return (ChartText.clamp(group.x, text, size: ChartText.small, low: left, high: width - 4), text)
            }
            laid.append((sorted, labels, ChartText.rows(labels, size: ChartText.small)))
        }
        let heights = laid.map { 30 + 16 * Double(($0.rows.max() ?? -1) + 1) }
        let top = 38.0
        let axisY = top + heights.reduce(0, +) + 4
        var canvas = SVG(width: width, height: axisY + 30)
        canvas.text(width / 2, 20, title, anchor: .middle, size: ChartText.title, weight: "bold")
        for fault in faults where !elapsed {
            let start = x(max(fault.start, low))
            if let end = fault.end {
                canvas.rect(
                    start, top - 4, x(min(end, high)) - start, axisY - top + 4, fill: FaultShade.fill + "99",
                    title: "\(fault.label): \(Axis.clock(fault.start)) to \(Axis.clock(end))", kind: "fault",
                    data: [("start", SVG.number(fault.start)), ("end", SVG.number(end))])
            }
        }
        var lastEnd = -Double.infinity
        for tick in ticks {
            canvas.line(x(tick), top - 4, x(tick), axisY, stroke: "#e5e5e5")
            let text = elapsed ? Axis.label(tick, unit: "s") : Axis.clock(tick)
            let half = ChartText.width(text, size: ChartText.small) / 2
            guard x(tick) - half > lastEnd + 8, x(tick) + half <= width else { continue }
            canvas.text(x(tick), axisY + 18, text, anchor: .middle, size: ChartText.small)
            lastEnd = x(tick) + half
        }
        var laneTop = top
        for (row, lane) in lanes.enumerated() {
            let (marks, labels, rows) = laid[row]
            let textRows = Double((rows.max() ?? -1) + 1)
            let middle = laneTop + textRows * 16 + 12
            canvas.text(left - 8, middle + 4, lane.label, anchor: .end, size: ChartText.small)
            if let first = marks.first, let last = marks.last {
                canvas.rect(x(first.time), middle - 3, x(last.time) - x(first.time), 6, fill: SVG.color(lane.series) + "55")
            }
            for mark in marks {
                canvas.circle(
                    x(mark.time), middle, radius: 4, fill: SVG.color(lane.series),
                    title: "\(lane.label): \(mark.name) at \(elapsed ? "+" + Axis.label(mark.time, unit: "s") : Axis.clock(mark.time))")
            }
            for (index, label) in labels.enumerated() {
                canvas.text(
                    label.x, laneTop + Double(rows[index]) * 16 + 12, label.text, anchor: .middle, size: ChartText.small,
                    fill: "#333")
            }
            laneTop += heights[row]
        }
        return canvas.markup(title: title, time: !elapsed)
    }
}

/// One measure, one horizontal bar per variant with its value and 95% CI written out: small
/// enough to lay many side by side. On a logarithmic scale (`log`) when its values span orders
/// of magnitude (ten minutes against eleven hours), so that every bar can be read.
struct MeasureChart {
    var title: String
    var unit: String
    var variants: [(name: String, value: Estimate?)]
    var log = false

    func svg() -> String {
        let names = variants.map { ChartText.width($0.name, size: ChartText.small) }
        let left = max(96.0, 16 + (names.max() ?? 0))
        let texts = variants.map { entry in entry.value.map(text) ?? "not measured" }
        let plot = max(240.0, (texts.map { ChartText.width($0, size: ChartText.small) }.max() ?? 0) + 8)
        let right = 16.0
        let values = variants.compactMap(\.value)
        let positive = values.flatMap { [$0.mean, $0.low] }.filter { $0 > 0 }
        let logScale = log && !values.isEmpty && values.allSatisfy { $0.mean > 0 } && !positive.isEmpty
        let heading = title + (logScale ? ", log scale" : "")
        let width = max(left + plot + right, ChartText.width(heading, size: ChartText.small) + 24)
        let (top, row) = (30.0, 40.0)
        let ticks: [Double]
        let scale: (Double) -> Double
        let origin: Double
        if logScale {
            let low = pow(10, floor(log10(positive.min()!)))
            let high = max(values.map { max($0.high, $0.mean) }.max()!, low * 10)
            ticks = Axis.logTicks(low: low, high: high, unit: unit)
            let (a, b) = (log10(low), log10(high))
            scale = { value in left + plot * (log10(max(value, low)) - a) / (b - a) }
            origin = low
        } else {
            let high = max(values.map { max($0.high, $0.mean) }.max() ?? 1, 0)
            let low = min(values.map { min($0.low, $0.mean) }.min() ?? 0, 0)
            let span = high - low > 0 ? high - low : 1
            ticks = []
            scale = { value in left + plot * (value - low) / span }
            origin = 0
        }
        let axis = logScale ? 24.0 : 0
        let height = top + row * Double(variants.count) + 8 + axis
        var canvas = SVG(width: width, height: height)
        canvas.text(8, 18, heading, size: ChartText.small, weight: "bold")
        let plotBottom = top + row * Double(variants.count)
        var lastEnd = -Double.infinity
        for tick in ticks {
            canvas.line(scale(tick), top - 2, scale(tick), plotBottom, stroke: "#e5e5e5")
            let label = Axis.roundTime[tick].flatMap { unit == "s" ? $0 : nil } ?? Axis.label(tick, unit: unit)
            let half = ChartText.width(label, size: ChartText.small) / 2
            let centre = ChartText.clamp(scale(tick), label, size: ChartText.small, low: 0, high: width)
            guard centre - half > lastEnd + 6 else { continue }
            canvas.text(centre, plotBottom + 16, label, anchor: .middle, size: ChartText.small, fill: "#555")
            lastEnd = centre + half
        }
        for (index, entry) in variants.enumerated() {
            let y = top + row * Double(index)
            canvas.text(left - 6, y + 12, entry.name, anchor: .end, size: ChartText.small)
            guard let estimate = entry.value else {
                canvas.text(left, y + 12, texts[index], size: ChartText.small, fill: "#888")
                continue
            }
            let (start, end) = (scale(origin), scale(estimate.mean))
            canvas.rect(min(start, end), y + 2, abs(end - start), 12, fill: SVG.color(index), title: "\(entry.name): \(texts[index])")
            if estimate.high > estimate.low {
                let (low, high) = (scale(estimate.low), scale(estimate.high))
                canvas.line(low, y + 8, high, y + 8, stroke: "#222")
                canvas.line(low, y + 4, low, y + 12, stroke: "#222")
                canvas.line(high, y + 4, high, y + 12, stroke: "#222")
            }
            canvas.text(left, y + 30, texts[index], size: ChartText.small, fill: "#444")
        }
        if !logScale { canvas.line(scale(0), top - 2, scale(0), plotBottom, stroke: "#888") }
        return canvas.markup(title: heading)
    }

    private func text(_ estimate: Estimate) -> String {
        Axis.label(estimate.mean, unit: unit)
            + (estimate.high > estimate.low
                ? "  [\(Axis.label(estimate.low, unit: unit)), \(Axis.label(estimate.high, unit: unit))]" : "")
    }
}
