import CloudModel
import SimKernel

/// Call rates of a runtime computed from its spec alone: an endpoint's mean arrival rate times
/// the probabilities along each branch of its call tree. First attempts only: retries depend
/// on what happens in the run.
struct CallRates {
    var runtime: RuntimeSpec
    /// One replication's length [ns], over which rate schedules are averaged.
    var duration: SimTime

    /// The time-average of a piecewise-linear schedule over [0, duration] [1/s]: the first
    /// point's rate before it, the last point's after it.
    static func meanRate(_ schedule: RateSchedule, duration: SimTime) -> Double {
        let points = schedule.points
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

    /// Calls a request to `endpoint` makes on average, its root included.
    func callsPerRequest(_ endpoint: EndpointSpec) -> Double {
        func calls(_ node: CallNode) -> Double { node.probability * (1 + node.children.reduce(0) { $0 + calls($1) }) }
        return calls(endpoint.root)
    }

    /// Calls per second between graph nodes: `endpoint:NAME` → `service:NAME` for the root
    /// call, `service:CALLER` → `service:CALLEE` (or `storage:CLUSTER`) for the rest, summed over every place in every
    /// tree where the pair occurs.
    func edges() -> EdgeRates {
        var edges = EdgeRates()
        func walk(_ node: CallNode, from caller: String, rate: Double) {
            let made = rate * node.probability
            let target = (node.storage == nil ? "service:" : "storage:") + node.service
            edges.add(made, from: caller, to: target)
            for child in node.children { walk(child, from: target, rate: made) }
        }
        for endpoint in runtime.endpoints {
            walk(endpoint.root, from: "endpoint:" + endpoint.name, rate: Self.meanRate(endpoint.arrivals, duration: duration))
        }
        return edges
    }
}
