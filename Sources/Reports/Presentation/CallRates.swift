import CloudModel
import SimKernel

/// Call rates of a runtime computed from its spec alone: an endpoint's mean arrival rate times
/// the probabilities (and mean counts of repeated calls) along each branch of its call tree.
/// First attempts only: retries depend on what happens in the run.
struct CallRates {
    var runtime: RuntimeSpec
    /// One replication's length [ns], over which rate schedules are averaged.
    var duration: SimTime

    /// Calls a request to `endpoint` makes on average, its root included.
    func callsPerRequest(_ endpoint: EndpointSpec) -> Double {
        func calls(_ node: CallNode) -> Double {
            let misses = node.cache.map { (1 - $0.hitRatio) * calls($0.onMiss) } ?? 0
            return node.probability * node.meanCount * (1 + misses + node.children.reduce(0) { $0 + calls($1) })
        }
        return calls(endpoint.root)
    }

    /// Calls per second between graph nodes: `endpoint:NAME` → `service:NAME` for the root
    /// call, `service:CALLER` → `service:CALLEE` (or `storage:CLUSTER`) for the rest, summed over
    /// every place in every tree where the pair occurs with the same `detail` (a root's is ""). A
    /// cache's caller also calls its `on_miss` target (`branch` `miss`, at the miss rate) and its
    /// `on_error` target (`on error`, at a rate only the run knows: 0 here).
    func edges(detail: (CallNode) -> String = { _ in "" }) -> EdgeRates {
        var edges = EdgeRates()
        func walk(_ node: CallNode, from caller: String, rate: Double, branch: String = "") {
            let made = rate * node.probability * node.meanCount
            let target = (node.storage == nil ? "service:" : "storage:") + node.service
            edges.add(
                made, from: caller, to: target, detail: caller.hasPrefix("endpoint:") ? "" : detail(node),
                branch: branch)
            for child in node.children { walk(child, from: target, rate: made) }
            guard let cache = node.cache else { return }
            walk(cache.onMiss, from: caller, rate: made * (1 - cache.hitRatio), branch: "miss")
            if let onError = cache.onError { walk(onError, from: caller, rate: 0, branch: "on error") }
        }
        for endpoint in runtime.endpoints {
            walk(endpoint.root, from: "endpoint:" + endpoint.name, rate: endpoint.arrivals.meanRate(over: duration))
        }
        return edges
    }
}

extension CallNode {
    /// Calls made each time the caller reaches this one, on average: its `repeat` count's mean, or 1.
    var meanCount: Double { repetitions?.mean ?? 1 }
}
