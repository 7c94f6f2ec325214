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
    static func cached(hitRatio: Double, onError: Bool, chaos: [ChaosSpec] = []) -> RuntimeSpec {
        let database = CallNode(service: "db", work: .constant(0.010))
        var read = CallNode(service: "redis", work: .constant(0.001))
        read.cache = CachePolicy(hitRatio: hitRatio, onMiss: database, onError: onError ? database : nil)
        return RuntimeSpec(
            zones: ["a", "b"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [
                RuntimeServiceSpec(name: "api", instances: 1, zones: ["a"], servers: 500),
                RuntimeServiceSpec(name: "redis", instances: 1, zones: ["b"], servers: 500),
                RuntimeServiceSpec(name: "db", instances: 1, zones: ["a"], servers: 500),
            ],
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

    @Test("a runtime without caches reports no cache metrics")
    func noCacheNoMetrics() {
        let (_, metrics) = runRuntime(twoTier(), seconds: 2)
        #expect(!metrics.keys.contains { $0.contains("cache_") })
    }
}
