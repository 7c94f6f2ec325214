import SimKernel

/// A metric's true value over time (e.g. the error ratio of a service), constant between
/// breakpoints: `value(at: t)` is the value of the last breakpoint at or before t, and
/// `baseline` before the first.
public struct MetricSignal: Sendable, Hashable {
    /// Value before the first breakpoint.
    public var baseline: Double
    /// (time [ns], value from then on), in strictly increasing time order.
    public private(set) var breakpoints: [(time: SimTime, value: Double)]

    public init(baseline: Double, breakpoints: [(time: SimTime, value: Double)] = []) {
        self.baseline = baseline
        self.breakpoints = []
        for point in breakpoints { set(point.value, from: point.time) }
    }

    /// The value from `time` on; a breakpoint at or before an existing one replaces what follows.
    public mutating func set(_ value: Double, from time: SimTime) {
        while let last = breakpoints.last, last.time >= time { breakpoints.removeLast() }
        breakpoints.append((time, value))
    }

    /// The value at `time`.
    public func value(at time: SimTime) -> Double {
        let index = firstBreakpoint(after: time)
        return index == 0 ? baseline : breakpoints[index - 1].value
    }

    /// Index of the first breakpoint later than `time` (count when none).
    /// - Complexity: O(log n).
    private func firstBreakpoint(after time: SimTime) -> Int {
        var low = 0
        var high = breakpoints.count
        while low < high {
            let middle = (low + high) / 2
            if breakpoints[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Time average over [start, end) — what an agent aggregating over that window reports.
    /// - Complexity: O(log n + breakpoints inside the window).
    public func average(from start: SimTime, to end: SimTime) -> Double {
        precondition(end > start, "an empty window has no average")
        var total = 0.0
        var cursor = start
        var current = value(at: start)
        var index = firstBreakpoint(after: start)
        while cursor < end {
            let next = index < breakpoints.count ? min(breakpoints[index].time, end) : end
            total += current * Double(next - cursor)
            cursor = next
            if index < breakpoints.count, breakpoints[index].time <= cursor {
                current = breakpoints[index].value
                index += 1
            }
        }
        return total / Double(end - start)
    }

    public static func == (lhs: MetricSignal, rhs: MetricSignal) -> Bool {
        lhs.baseline == rhs.baseline && lhs.breakpoints.elementsEqual(rhs.breakpoints) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(baseline)
        for point in breakpoints {
            hasher.combine(point.time)
            hasher.combine(point.value)
        }
    }
}
