import SimKernel
import Testing

@testable import CloudModel

/// A call whose target is a cache (`CallNode.cache`): hits answer, misses call the database,
/// and a failed cache call is answered by its `on_error` call, in full.
@Suite("Runtime caches")
struct RuntimeCacheTests {
    /// `api` (no work) calls `redis` (1 ms, in zone b) as a cache in front of `db` (10 ms); every
    /// time constant, no network delay, servers enough that nothing queues; `api` and `db` are
    /// in zone a.
    /// With `refill`, a miss answered by `db` is written back by `writer` (2 ms, in zone c).
    static func cached(hitRatio: Double, onError: Bool, refill: Bool = false, chaos: [ChaosSpec] = []) -> RuntimeSpec {
        let database = CallNode(service: "db", work: .constant(0.010))
        var read = CallNode(service: "redis", work: .constant(0.001))
        read.cache = CachePolicy(
            hitRatio: hitRatio, onMiss: database, onError: onError ? database : nil,
            refill: refill ? CallNode(service: "writer", work: .constant(0.002)) : nil)
        return RuntimeSpec(
            zones: ["a", "b"] + (refill ? ["c"] : []),
            network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [
                RuntimeServiceSpec(name: "api", instances: 1, zones: ["a"], servers: 500),
                RuntimeServiceSpec(name: "redis", instances: 1, zones: ["b"], servers: 500),
                RuntimeServiceSpec(name: "db", instances: 1, zones: ["a"], servers: 500),
            ] + (refill ? [RuntimeServiceSpec(name: "writer", instances: 1, zones: ["c"], servers: 500)] : []),
            endpoints: [
                EndpointSpec(
                    name: "read", arrivals: .constant(200), entryZone: "a",
                    root: CallNode(service: "api", work: .constant(0), children: [read]))
            ],
            chaos: chaos)
    }

    @Test("mean response = h × hit time + (1 − h) × (hit time + database time), within 4 binomial sigmas")
    func meanResponseFollowsTheHitRatio() {
        let (_, metrics) = runRuntime(Self.cached(hitRatio: 0.8, onError: false), seconds: 30, warmUp: 1)
        let hits = metrics["redis.cache_hits"]!
        let misses = metrics["redis.cache_misses"]!
        let answered = hits + misses
        #expect(answered > 5000)
        #expect(metrics["redis.cache_hit_ratio"]! == hits / answered)
        #expect(metrics["db.calls"]! == misses)
        // Response time = 1 ms + 10 ms per miss: its mean's spread is 10 ms × the miss share's.
        let sigma = 0.010 * (0.8 * 0.2 / answered).squareRoot()
        let theory = 0.8 * 0.001 + 0.2 * (0.001 + 0.010)
        #expect(abs(metrics["response_time_mean"]! - theory) < 4 * sigma, "\(metrics["response_time_mean"]!)")
        #expect(abs(hits / answered - 0.8) < 4 * (0.8 * 0.2 / answered).squareRoot())
    }

    @Test("the cache's zone down: with `on_error` to the database every request succeeds in full; without, all fail")
    func onErrorServesInFull() {
        let down = [ChaosSpec.zoneOutage(zone: "b", from: 0, to: at(100))]
        let (_, served) = runRuntime(Self.cached(hitRatio: 0.8, onError: true, chaos: down), seconds: 20, warmUp: 1)
        #expect(served["failed"]! == 0)
        #expect(served["degraded"]! == 0)
        #expect(served["success"]! > 3000)
        // Requests that arrived before the warm-up's end (uncounted) but whose database call
        // ended after it count among the served: 200/s × 10 ms, a few.
        let straddling = served["redis.cache_errors_served"]! - served["success"]!
        #expect(straddling >= 0 && straddling <= 10)
        #expect(served["redis.cache_hits"]! == 0)
        // Every request answered is answered by the database alone: 10 ms.
        #expect(abs(served["response_time_mean"]! - 0.010) < 1e-9)
        let (_, failing) = runRuntime(Self.cached(hitRatio: 0.8, onError: false, chaos: down), seconds: 20, warmUp: 1)
        #expect(failing["success"]! == 0)
        #expect(failing["failed"]! > 3000)
        #expect(failing["redis.cache_errors_served"]! == 0)
    }

    @Test("every instance of the cache erroring: `on_error` answers, counted as success")
    func erroringCacheIsServed() {
        let errors = [ChaosSpec.errors(service: "redis", probability: 1, from: 0, to: at(100))]
        let (_, metrics) = runRuntime(Self.cached(hitRatio: 0.5, onError: true, chaos: errors), seconds: 10, warmUp: 1)
        #expect(metrics["failed"]! == 0 && metrics["degraded"]! == 0)
        let straddling = metrics["redis.cache_errors_served"]! - metrics["success"]!
        #expect(straddling >= 0 && straddling <= 10, "requests straddling the warm-up's end")
    }

    @Test("refill: a hit takes the cache's 1 ms, a miss 1 + 10 + 2 ms (the caller waits for the write back)")
    func refillTiming() {
        let (_, hits) = runRuntime(Self.cached(hitRatio: 1, onError: false, refill: true), seconds: 5, warmUp: 1)
        #expect(hits["success"]! > 500 && hits["failed"]! == 0)
        #expect(abs(hits["response_time_mean"]! - 0.001) < 1e-9 && abs(hits["response_time_p99"]! - 0.001) < 1e-4)
        #expect(hits["redis.cache_refills"]! == 0 && hits["writer.calls"]! == 0)
        let (_, misses) = runRuntime(Self.cached(hitRatio: 0, onError: false, refill: true), seconds: 5, warmUp: 1)
        #expect(misses["success"]! > 500 && misses["failed"]! == 0)
        #expect(abs(misses["response_time_mean"]! - 0.013) < 1e-9, "\(misses["response_time_mean"]!)")
        // Every miss refilled, each once: the requests straddling the warm-up's end aside (200/s × 13 ms).
        #expect(misses["redis.cache_refill_failures"]! == 0)
        #expect(abs(misses["redis.cache_refills"]! - misses["redis.cache_misses"]!) <= 5)
        // `writer.calls` counts calls finished after the warm-up, refills the answers the caller saw.
        #expect(abs(misses["writer.calls"]! - misses["redis.cache_refills"]!) <= 5)
    }

    @Test("refills = misses whose `on_miss` call succeeded; a refill to a dead zone fails, the request is served")
    func refillConservationAndFailures() {
        let (_, half) = runRuntime(Self.cached(hitRatio: 0.5, onError: false, refill: true), seconds: 10)
        // No warm-up: every miss counted; those still in flight at the end (200/s × 13 ms) aside.
        let unrefilled = half["redis.cache_misses"]! - half["redis.cache_refills"]!
        #expect(unrefilled >= 0 && unrefilled <= 10, "\(unrefilled)")
        #expect(half["redis.cache_misses"]! > 800)
        let down = [ChaosSpec.zoneOutage(zone: "c", from: 0, to: at(100))]
        let (_, dead) = runRuntime(Self.cached(hitRatio: 0.5, onError: false, refill: true, chaos: down), seconds: 10)
        #expect(dead["failed"]! == 0 && dead["degraded"]! == 0)
        #expect(dead["success"]! > 1500)
        #expect(dead["redis.cache_refills"]! > 800)
        #expect(dead["redis.cache_refill_failures"]! == dead["redis.cache_refills"]!)
        let missed = dead["redis.cache_misses"]! - dead["redis.cache_refills"]!
        #expect(missed >= 0 && missed <= 10, "\(missed)")
    }

    @Test("a runtime without caches reports no cache metrics")
    func noCacheNoMetrics() {
        let (_, metrics) = runRuntime(twoTier(), seconds: 2)
        #expect(!metrics.keys.contains { $0.contains("cache_") })
    }
}
