import SimKernel

extension RateSchedule {
    /// The time-average over [0, `duration`] [1/s]: the first point's rate before it, the
    /// last point's after it.
    ///
    /// - Complexity: O(*p*²) for *p* points.
    public func meanRate(over duration: SimTime) -> Double {
        let end = Double(duration)
        guard end > 0, let first = points.first, let last = points.last else { return points.first?.rate ?? 0 }
        func rate(at time: Double) -> Double {
            if time <= Double(first.time) { return first.rate }
            if time >= Double(last.time) { return last.rate }
            let upper = points.firstIndex { Double($0.time) >= time }!
            let (a, b) = (points[upper - 1], points[upper])
            return a.rate + (b.rate - a.rate) * (time - Double(a.time)) / Double(b.time - a.time)
        }
        // Exact for a piecewise-linear function: trapezoids between its breakpoints.
        let breaks = [0] + points.map { Double($0.time) }.filter { $0 > 0 && $0 < end } + [end]
        var area = 0.0
        for (from, to) in zip(breaks, breaks.dropFirst()) { area += (rate(at: from) + rate(at: to)) / 2 * (to - from) }
        return area / end
    }
}
