import SimKernel

/// A call node whose target is a cache (`CallNode.cache`), flattened: its hit draws, and the
/// nodes of the calls made on a miss and on an error.
struct CacheNodeState {
    var hitRatio: Double
    /// Draws hits, on a stream of its own (`PATH.cache`), so other streams are unchanged.
    var stream: RandomDraws
    var onMiss: Int32
    /// -1 without `on_error`.
    var onError: Int32
}

/// What the callers of one cache target saw after the warm-up.
struct CacheStatistics {
    var hits = 0
    var misses = 0
    /// Failed cache calls whose `on_error` call then succeeded.
    var errorsServed = 0

    /// `CACHE.cache_hits` … for the target named by `prefix`.
    func metrics(prefix: String) -> [Metric] {
        let answered = hits + misses
        return [
            Metric(prefix + "cache_hits", .count, Double(hits)),
            Metric(prefix + "cache_misses", .count, Double(misses)),
            Metric(prefix + "cache_hit_ratio", .ratio, answered > 0 ? Double(hits) / Double(answered) : 0),
            Metric(prefix + "cache_errors_served", .count, Double(errorsServed)),
        ]
    }
}

/// A call node's part in caches: the cache it calls, and the cache whose `on_error` call it is.
struct CacheLink {
    /// Index into `RuntimeModel.caches`, -1 when the node is no cache.
    var cache: Int32 = -1
    /// The cache target (its statistics' index) whose failures this node's calls answer, -1 for none.
    var rescues: Int32 = -1
}

extension RuntimeModel {
    /// A call of a node with a part in caches ended with `outcome` (the call released): a hit,
    /// a failure without `on_error` or a local fallback's answer goes to the caller as usual; a
    /// miss, or a failure with `on_error`, makes the follow-up call on behalf of the same caller
    /// (unless it has moved on), whose outcome becomes the answer. Returns whether it made one.
    mutating func cacheAnswered(_ call: CallState, outcome: Outcome, in simulator: inout Simulator<Event>) -> Bool {
        let link = cacheLinks[Int(call.node)]
        if link.rescues >= 0, outcome == .success { statistics.caches[Int(link.rescues)].errorsServed += 1 }
        guard link.cache >= 0 else { return false }
        let cache = Int(link.cache)
        let target = Int(nodes[Int(call.node)].service)
        let next: Int32
        switch outcome {
        case .success:
            if caches[cache].stream.bernoulli(caches[cache].hitRatio) {
                statistics.caches[target].hits += 1
                return false
            }
            statistics.caches[target].misses += 1
            next = caches[cache].onMiss
        case .failed:
            next = caches[cache].onError
            guard next >= 0 else { return false }
        case .degraded:
            return false
        }
        // The follow-up hangs under the caller's span, as the cache call's first attempt did.
        let span: Int32
        if call.parent.slot >= 0 {
            guard executions.isValid(call.parent) else { return false }
            span = executions[call.parent.slot].span
        } else {
            guard requests.isValid(call.request) else { return false }
            span = requests[call.request.slot].span
        }
        beginCall(
            node: next, parent: call.parent, request: call.request, callerInstance: call.callerInstance,
            callerZone: call.callerZone, span: span, in: &simulator)
        return true
    }

    /// `CACHE.cache_hits` … for each target some call uses as a cache, services then storage
    /// clusters; none without caches.
    func cacheMetrics() -> [Metric] {
        guard hasCaches else { return [] }
        let targets = Set(zip(nodes, cacheLinks).filter { $1.cache >= 0 }.map { Int($0.0.service) })
        let names = spec.services.map(\.name) + spec.storage.map(\.name)
        return targets.sorted().flatMap { statistics.caches[$0].metrics(prefix: names[$0] + ".") }
    }
}
