import CloudModel
import SimKernel

/// Call rates of a runtime computed from its spec alone: an endpoint's mean arrival rate times
/// the probabilities (and mean counts of repeated calls) along each branch of its call tree.
/// First attempts only: retries depend on what happens in the run.
struct CallRates {
    var runtime: RuntimeSpec
    /// One replication's length [ns], over which rate schedules are averaged.
    var duration: SimTime

    /// Calls a request to `endpoint` makes on average, its root included; a message published is
    /// no call (the messages' handling is the queue's).
    func callsPerRequest(_ endpoint: EndpointSpec) -> Double {
        func calls(_ node: CallNode) -> Double {
            guard !node.publish else { return 0 }
            let misses = node.cache.map { (1 - $0.hitRatio) * (calls($0.onMiss) + ($0.refill.map(calls) ?? 0)) } ?? 0
            return node.probability * node.meanCount * (1 + misses + node.children.reduce(0) { $0 + calls($1) })
        }
        return calls(endpoint.root)
    }

    /// Calls per second between graph nodes: `endpoint:NAME` → `service:NAME` for the root
    /// call, `service:CALLER` → `service:CALLEE` (or `storage:CLUSTER`, or `queue:QUEUE` for
    /// messages published) for the rest, summed over every place in every tree where the pair
    /// occurs with the same `detail` (a root's is ""). A cache's caller also calls its `on_miss`
    /// target (`branch` `miss`, at the miss rate), its `refill` target (`refill`, at the miss rate:
    /// made after every miss whose `on_miss` call succeeds) and its `on_error` target (`on error`,
    /// at a rate only the run knows: 0 here). A queue's consume calls, `queue:QUEUE` → `service:CONSUMER`, go
    /// at the rate published to it (no drops) by the trees before it: the endpoints', then earlier
    /// queues' in file order.
    func edges(detail: (CallNode) -> String = { _ in "" }) -> EdgeRates {
        var edges = EdgeRates()
        func walk(_ node: CallNode, from caller: String, rate: Double, branch: String = "") {
            let made = rate * node.probability * node.meanCount
            let kind = node.publish ? "queue:" : node.storage == nil ? "service:" : "storage:"
            let target = kind + node.service
            let root = caller.hasPrefix("endpoint:") || caller.hasPrefix("queue:")
            edges.add(made, from: caller, to: target, detail: root ? "" : detail(node), branch: branch)
            for child in node.children { walk(child, from: target, rate: made) }
            guard let cache = node.cache else { return }
            let misses = made * (1 - cache.hitRatio)
            walk(cache.onMiss, from: caller, rate: misses, branch: "miss")
            if let refill = cache.refill { walk(refill, from: caller, rate: misses, branch: "refill") }
            if let onError = cache.onError { walk(onError, from: caller, rate: 0, branch: "on error") }
        }
        for endpoint in runtime.endpoints {
            walk(endpoint.root, from: "endpoint:" + endpoint.name, rate: endpoint.arrivals.meanRate(over: duration))
        }
        for queue in runtime.queues {
            let published = edges.order.filter { $0.to == "queue:" + queue.name }.reduce(0) { $0 + edges.rates[$1]! }
            walk(queue.consume, from: "queue:" + queue.name, rate: published)
        }
        return edges
    }
}

extension CallNode {
    /// Calls made each time the caller reaches this one, on average: its `repeat` count's mean, or 1.
    var meanCount: Double { repetitions?.mean ?? 1 }
}
