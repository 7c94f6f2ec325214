import Foundation

/// A mean with its 95% confidence interval.
public struct Estimate: Sendable, Hashable {
    public var mean: Double
    public var low: Double
    public var high: Double
}

/// Grouped vertical bars with confidence whiskers: one group per category, one bar per series.
struct BarChart {
    var title: String
    var unit: String
    var categories: [String]
    /// (series name, one estimate or nil per category).
    var series: [(name: String, values: [Estimate?])]

    func svg() -> String {
        let width = max(420.0, 90 + Double(categories.count * max(1, series.count)) * 34 + Double(categories.count) * 24)
        let (left, right, top, bottom) = (70.0, 20.0, 34.0, 64.0)
        var canvas = SVG(width: width, height: 300)
        let plotHeight = 300 - top - bottom
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let high = max(values.map { max($0.high, $0.mean) }.max() ?? 1, 0)
        let low = min(values.map { min($0.low, $0.mean) }.min() ?? 0, 0)
        let ticks = Axis.ticks(low: low, high: high > low ? high : low + 1)
        let (axisLow, axisHigh) = (ticks.first!, max(ticks.last!, high))
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - axisLow) / (axisHigh - axisLow)) }
        canvas.text(width / 2, 18, title, anchor: .middle, size: 13, weight: "bold")
        for tick in ticks {
            canvas.line(left, y(tick), width - right, y(tick), stroke: "#e5e5e5")
            canvas.text(left - 6, y(tick) + 4, Axis.label(tick, unit: unit), anchor: .end, size: 10)
        }
        canvas.line(left, y(0), width - right, y(0), stroke: "#888")
        let groupWidth = (width - left - right) / Double(max(1, categories.count))
        let barWidth = min(34, groupWidth * 0.8 / Double(max(1, series.count)))
        for (column, category) in categories.enumerated() {
            let groupStart = left + groupWidth * Double(column) + (groupWidth - barWidth * Double(series.count)) / 2
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
            canvas.text(left + groupWidth * (Double(column) + 0.5), 300 - bottom + 16, category, anchor: .middle, size: 11)
        }
        legend(&canvas, y: 300 - 18, left: left)
        return canvas.markup(title: title)
    }

    private func legend(_ canvas: inout SVG, y: Double, left: Double) {
        var x = left
        for (index, entry) in series.enumerated() {
            canvas.rect(x, y - 9, 10, 10, fill: SVG.color(index))
            canvas.text(x + 14, y, entry.name, size: 11)
            x += 24 + Double(entry.name.count) * 6.5
        }
    }
}

/// Lines over time, one per series, with optional labelled vertical markers.
struct LineChart {
    var title: String
    var xUnit: String
    var yUnit: String
    var series: [(name: String, points: [(x: Double, y: Double)])]
    var markers: [(x: Double, label: String, series: Int)] = []

    func svg() -> String {
        let (width, height) = (760.0, 320.0)
        let (left, right, top, bottom) = (70.0, 20.0, 34.0, 64.0)
        var canvas = SVG(width: width, height: height)
        let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) }
        let xTicks = (xUnit == "s" ? Axis.timeTicks : Axis.ticks)(xs.min() ?? 0, max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9), 8)
        let yTicks = Axis.ticks(low: min(0, ys.min() ?? 0), high: max(ys.max() ?? 1, 1e-9))
        let (xLow, xHigh) = (min(xTicks.first!, xs.min() ?? 0), max(xTicks.last!, xs.max() ?? 1))
        let (yLow, yHigh) = (yTicks.first!, max(yTicks.last!, ys.max() ?? 1))
        func x(_ value: Double) -> Double { left + (width - left - right) * (value - xLow) / max(xHigh - xLow, 1e-12) }
        func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - (value - yLow) / max(yHigh - yLow, 1e-12)) }
        canvas.text(width / 2, 18, title, anchor: .middle, size: 13, weight: "bold")
        for tick in yTicks {
            canvas.line(left, y(tick), width - right, y(tick), stroke: "#e5e5e5")
            canvas.text(left - 6, y(tick) + 4, Axis.label(tick, unit: yUnit), anchor: .end, size: 10)
        }
        for tick in xTicks {
            canvas.line(x(tick), height - bottom, x(tick), height - bottom + 4, stroke: "#888")
            canvas.text(x(tick), height - bottom + 16, Axis.label(tick, unit: xUnit), anchor: .middle, size: 10)
        }
        canvas.line(left, height - bottom, width - right, height - bottom, stroke: "#888")
        for (index, entry) in series.enumerated() {
            canvas.polyline(entry.points.map { (x($0.x), y($0.y)) }, stroke: SVG.color(index))
        }
        for (number, marker) in markers.enumerated() {
            canvas.line(x(marker.x), top, x(marker.x), height - bottom, stroke: SVG.color(marker.series), dash: true)
            canvas.text(x(marker.x) + 3, top + 10 + Double(number % 4) * 12, marker.label, size: 10, fill: SVG.color(marker.series))
        }
        var legendX = left
        for (index, entry) in series.enumerated() {
            canvas.rect(legendX, height - 27, 10, 10, fill: SVG.color(index))
            canvas.text(legendX + 14, height - 18, entry.name, size: 11)
            legendX += 24 + Double(entry.name.count) * 6.5
        }
        return canvas.markup(title: title)
    }
}

/// One lane per event (an incident, a deploy): a bar from its first to its last time, with a
/// dot and a name for every time in between.
struct TimelineChart {
    var title: String
    /// (lane label, series index for the colour, [(time [s], what happened)] in any order).
    var lanes: [(label: String, series: Int, marks: [(time: Double, name: String)])]

    func svg() -> String {
        let laneHeight = lanes.count <= 3 ? 64.0 : 22.0
        let (left, right, top) = (150.0, 30.0, 34.0)
        let width = 760.0
        let height = top + laneHeight * Double(lanes.count) + 40
        var canvas = SVG(width: width, height: height)
        let times = lanes.flatMap { $0.marks.map(\.time) }
        let ticks = Axis.timeTicks(low: times.min() ?? 0, high: max(times.max() ?? 1, (times.min() ?? 0) + 1e-9))
        let (low, high) = (min(ticks.first!, times.min() ?? 0), max(ticks.last!, times.max() ?? 1))
        func x(_ value: Double) -> Double { left + (width - left - right) * (value - low) / max(high - low, 1e-12) }
        canvas.text(width / 2, 18, title, anchor: .middle, size: 13, weight: "bold")
        let axisY = top + laneHeight * Double(lanes.count) + 6
        for tick in ticks {
            canvas.line(x(tick), top - 4, x(tick), axisY, stroke: "#eeeeee")
            canvas.text(x(tick), axisY + 14, Axis.label(tick, unit: "s"), anchor: .middle, size: 10)
        }
        // With few lanes there is room to name every dot, alternately above and below the lane.
        let named = lanes.count <= 3
        for (row, lane) in lanes.enumerated() {
            let middle = top + laneHeight * (Double(row) + 0.5)
            canvas.text(left - 8, middle + 4, lane.label, anchor: .end, size: 10)
            let sorted = lane.marks.sorted { $0.time < $1.time }
            guard let first = sorted.first, let last = sorted.last else { continue }
            canvas.rect(x(first.time), middle - 3, x(last.time) - x(first.time), 6, fill: SVG.color(lane.series) + "55")
            for (number, mark) in sorted.enumerated() {
                canvas.circle(
                    x(mark.time), middle, radius: 4, fill: SVG.color(lane.series),
                    title: "\(lane.label): \(mark.name) at \(Axis.label(mark.time, unit: "s"))")
                if named {
                    let y = number % 2 == 0 ? middle - 10 - Double(number / 2 % 2) * 11 : middle + 17 + Double(number / 2 % 2) * 11
                    canvas.text(x(mark.time), y, mark.name.replacingOccurrences(of: "_", with: " "), anchor: .middle, size: 9, fill: "#444")
                }
            }
        }
        return canvas.markup(title: title)
    }
}

/// One measure, one horizontal bar per variant with its value and 95% CI written out: small
/// enough to lay many side by side.
struct MeasureChart {
    var title: String
    var unit: String
    var variants: [(name: String, value: Estimate?)]

    func svg() -> String {
        let longest = Double(variants.map(\.name.count).max() ?? 0)
        let left = max(96.0, 14 + 6.2 * longest)
        let (width, right, top, row) = (234 + left, 12.0, 28.0, 30.0)
        let height = top + row * Double(variants.count) + 8
        var canvas = SVG(width: width, height: height)
        canvas.text(8, 16, title, size: 12, weight: "bold")
        let values = variants.compactMap(\.value)
        let high = max(values.map { max($0.high, $0.mean) }.max() ?? 1, 0)
        let low = min(values.map { min($0.low, $0.mean) }.min() ?? 0, 0)
        let span = high - low > 0 ? high - low : 1
        func x(_ value: Double) -> Double { left + (width - left - right) * (value - low) / span }
        for (index, entry) in variants.enumerated() {
            let y = top + row * Double(index)
            canvas.text(left - 6, y + 12, entry.name, anchor: .end, size: 10)
            guard let estimate = entry.value else {
                canvas.text(left, y + 12, "not measured", size: 10, fill: "#888")
                continue
            }
            let text = Axis.label(estimate.mean, unit: unit)
                + (estimate.high > estimate.low
                    ? "  [\(Axis.label(estimate.low, unit: unit)), \(Axis.label(estimate.high, unit: unit))]" : "")
            canvas.rect(min(x(0), x(estimate.mean)), y + 2, abs(x(estimate.mean) - x(0)), 12, fill: SVG.color(index), title: "\(entry.name): \(text)")
            if estimate.high > estimate.low {
                canvas.line(x(estimate.low), y + 8, x(estimate.high), y + 8, stroke: "#222")
                canvas.line(x(estimate.low), y + 4, x(estimate.low), y + 12, stroke: "#222")
                canvas.line(x(estimate.high), y + 4, x(estimate.high), y + 12, stroke: "#222")
            }
            canvas.text(left, y + 26, text, size: 9, fill: "#555")
        }
        canvas.line(x(0), top - 2, x(0), height - 6, stroke: "#888")
        return canvas.markup(title: title)
    }
}
