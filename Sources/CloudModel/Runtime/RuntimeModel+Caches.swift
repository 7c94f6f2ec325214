import SimKernel

/// A call node whose target is a cache (`CallNode.cache`), flattened: its hit draws, and the
/// nodes of the calls made on a miss and on an error (the refill after a miss is the miss
/// node's `CacheLink.then`).
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
    /// Refill calls answered (made after misses whose `on_miss` call succeeded), and those of
    /// them that failed (or were answered by a fallback: nothing written).
    var refills = 0
    var refillFailures = 0

    /// Hits, misses, errors served, refills, refill failures: what a fast-forwarded stretch draws.
    var counters: [Int] { [hits, misses, errorsServed, refills, refillFailures] }

    /// Adds drawn counters, in `counters` order.
    mutating func addCounters(_ drawn: [Int]) {
        hits += drawn[0]
        misses += drawn[1]
        errorsServed += drawn[2]
        refills += drawn[3]
        refillFailures += drawn[4]
    }

    /// `CACHE.cache_hits` … for the target named by `prefix`; the refill counts when a cache
    /// call to it has a `refill`.
    func metrics(prefix: String, refilled: Bool) -> [Metric] {
        let answered = hits + misses
        let refillMetrics = [
            Metric(prefix + "cache_refills", .count, Double(refills)),
            Metric(prefix + "cache_refill_failures", .count, Double(refillFailures)),
        ]
        return [
            Metric(prefix + "cache_hits", .count, Double(hits)),
            Metric(prefix + "cache_misses", .count, Double(misses)),
            Metric(prefix + "cache_hit_ratio", .ratio, answered > 0 ? Double(hits) / Double(answered) : 0),
            Metric(prefix + "cache_errors_served", .count, Double(errorsServed)),
        ] + (refilled ? refillMetrics : [])
    }
}

/// A call node's part in caches: the cache it calls, the cache whose `on_error` call or whose
/// refill it is, and the call that follows it.
struct CacheLink {
    /// Index into `RuntimeModel.caches`, -1 when the node is no cache.
    var cache: Int32 = -1
    /// The cache target (its statistics' index) whose failures this node's calls answer, -1 for none.
    var rescues: Int32 = -1
    /// The cache target (its statistics' index) this node's calls refill, -1 for none: whatever
    /// their outcome, they answer as the `on_miss` call before them did, a success.
    var refills: Int32 = -1
    /// The node the same caller calls once a call of this node has succeeded (a refill, after
    /// an `on_miss` call), whose answer stands for both; -1 for none.
    var then: Int32 = -1
}

extension RuntimeModel {
    /// A call of a node with a part in caches ended with `outcome` (the call released): a hit,
    /// a failure without `on_error` or a local fallback's answer goes to the caller as usual; a
    /// miss, or a failure with `on_error`, makes the follow-up call on behalf of the same caller
    /// (unless it has moved on), whose outcome becomes the answer; a success followed by a
    /// refill makes the refill, whose answer is counted and made a success. Returns whether it
    /// made a call.
    mutating func cacheAnswered(
        _ call: CallState, outcome: inout Outcome, in simulator: inout Simulator<Event>
    ) -> Bool {
        let link = cacheLinks[Int(call.node)]
        if link.rescues >= 0, outcome == .success { statistics.caches[Int(link.rescues)].errorsServed += 1 }
        if link.refills >= 0 {
            statistics.caches[Int(link.refills)].refills += 1
            if outcome != .success { statistics.caches[Int(link.refills)].refillFailures += 1 }
            outcome = .success
        }
        var next = link.then
        if link.cache >= 0 {
            let cache = Int(link.cache)
            let target = Int(nodes[Int(call.node)].service)
            switch outcome {
            case .success:
                if caches[cache].stream.bernoulli(caches[cache].hitRatio) {
                    statistics.caches[target].hits += 1
                } else {
                    statistics.caches[target].misses += 1
                    next = caches[cache].onMiss
                }
            case .failed:
                next = caches[cache].onError
            case .degraded:
                return false
            }
        } else if outcome != .success {
            return false
        }
        guard next >= 0 else { return false }
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
        let refilled = Set(cacheLinks.filter { $0.refills >= 0 }.map { Int($0.refills) })
        let names = spec.services.map(\.name) + spec.storage.map(\.name)
        return targets.sorted().flatMap {
            statistics.caches[$0].metrics(prefix: names[$0] + ".", refilled: refilled.contains($0))
        }
    }
}
