@testable import CloudModel
import SimKernel
import Testing

@Suite("Runtime: accounting")
struct RuntimeAccountingTests {
    /// Every request and every call ends exactly once, or is still in flight.
    func expectConservation(_ metrics: [String: Double], services: [String]) {
        let ended = metrics["success"]! + metrics["degraded"]! + metrics["failed"]! + metrics["in_flight"]!
        #expect(metrics["requests"]! == ended)
        let reasons = ["timeout", "rejected", "error", "breaker_open"].map { metrics["failed_" + $0]! }.reduce(0, +)
        #expect(metrics["failed"]! == reasons)
        for service in services {
            let calls = metrics[service + ".calls"]!
            let settled = metrics[service + ".succeeded"]! + metrics[service + ".failed"]! + metrics[service + ".in_progress"]!
            #expect(calls == settled, "\(service): \(calls) calls, \(settled) settled")
        }
    }

    @Test("conservation under retries, timeouts, breakers, fallbacks and chaos")
    func conservation() {
        let client = ClientPolicy(
            timeout: at(0.05), retry: RetryPolicy(maxAttempts: 3, baseBackoff: at(0.01), jitter: .full, budget: 0.5),
            circuitBreaker: CircuitBreakerPolicy(), bulkhead: 20, fallback: FallbackPolicy(successProbability: 0.5))
        let spec = twoTier(
            rate: 200, client: client,
            chaos: [
                .latency(service: "backend", extra: .constant(0.08), from: at(20), to: at(40)),
                .errors(service: "backend", probability: 0.3, from: at(50), to: at(70)),
                .killInstances(service: "backend", count: 1, at: at(80)),
                .zoneOutage(zone: "b", from: at(90), to: at(110)),
            ])
        let (_, metrics) = runRuntime(spec, seconds: 120)
        #expect(metrics["requests"]! > 20_000)
        #expect(metrics["failed"]! > 0 && metrics["degraded"]! > 0)
        expectConservation(metrics, services: ["frontend", "backend"])
    }

    @Test("a dependency that always fails gets exactly max-attempts tries per call")
    func retryAccounting() {
        let backend = RuntimeServiceSpec(name: "backend", instances: 3, servers: 8, errorProbability: 1)
        let spec = twoTier(rate: 20, client: ClientPolicy(retry: RetryPolicy(maxAttempts: 3)), backend: backend)
        let (_, metrics) = runRuntime(spec, seconds: 100)
        let firstAttempts = metrics["backend.attempts"]! - metrics["backend.retries"]!
        // Only calls still retrying when the run stops (one per request in flight) fall short.
        let inFlight = metrics["in_flight"]!
        #expect(2 * firstAttempts - 2 * inFlight <= metrics["backend.retries"]!)
        #expect(metrics["backend.retries"]! <= 2 * firstAttempts)
        #expect(inFlight <= 3)
        #expect(metrics["success"]! == 0)
        #expect(metrics["failed_error"]! == metrics["failed"]!)
        expectConservation(metrics, services: ["frontend", "backend"])
    }

    @Test("a timeout abandons the wait, but the callee still does the work")
    func timeoutAccounting() {
        let client = ClientPolicy(timeout: at(0.5), retry: RetryPolicy(maxAttempts: 2))
        let spec = twoTier(rate: 10, backendWork: .constant(1), client: client)
        let (_, metrics) = runRuntime(spec, seconds: 200)
        #expect(metrics["success"]! == 0)
        #expect(metrics["failed_timeout"]! == metrics["failed"]!)
        // Every attempt times out, bar those still within their half second at the end.
        #expect(metrics["backend.timeouts"]! <= metrics["backend.attempts"]!)
        #expect(metrics["backend.timeouts"]! >= metrics["backend.attempts"]! - 2 * metrics["in_flight"]!)
        // Every attempt reached the backend and kept a server busy for its full second.
        #expect(metrics["backend.succeeded"]! >= metrics["backend.attempts"]! - metrics["backend.in_progress"]! - 30)
        // Two attempts a request, 10 requests a second, one second each: ~20 busy of 24 servers.
        #expect(abs(metrics["backend.utilisation"]! - 20.0 / 24) < 0.05)
    }

    @Test("a fallback turns failures into degraded answers")
    func fallback() {
        let backend = RuntimeServiceSpec(name: "backend", instances: 3, servers: 8, errorProbability: 1)
        let spec = twoTier(rate: 20, client: ClientPolicy(fallback: FallbackPolicy(work: .constant(0.001))), backend: backend)
        let (_, metrics) = runRuntime(spec, seconds: 50)
        #expect(metrics["failed"]! == 0)
        #expect(metrics["degraded"]! == metrics["requests"]! - metrics["in_flight"]!)
        #expect(metrics["availability"]! > 0.99)
    }

    @Test("parallel fan-out waiting for the first k")
    func firstK() {
        let slow = CallNode(service: "backend", work: .constant(1))
        let fast = CallNode(service: "backend", work: .constant(0.01))
        let spec = RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [RuntimeServiceSpec(name: "frontend", servers: 100), RuntimeServiceSpec(name: "backend", servers: 100)],
            endpoints: [
                EndpointSpec(
                    name: "page", arrivals: .constant(5),
                    root: CallNode(
                        service: "frontend", work: .constant(0), fanOut: .parallel(waitFor: 2),
                        children: [slow, fast, fast]))
            ])
        let (_, metrics) = runRuntime(spec, seconds: 100)
        // The two fast children answer; the slow one is not waited for.
        #expect(abs(metrics["response_time_mean"]! - 0.01) < 1e-6)
    }
}

@Suite("Runtime: calls not made")
struct RuntimeSkippedCallTests {
    @Test("a long list of calls rarely made is skipped without deep recursion, and counted as made")
    func longSkippedList() {
        let children = (0..<50_000).map { _ in CallNode(service: "backend", work: .constant(0.001), probability: 0.0001) }
        let spec = RuntimeSpec(
            zones: ["a"],
            services: [RuntimeServiceSpec(name: "frontend", servers: 64), RuntimeServiceSpec(name: "backend", servers: 64)],
            endpoints: [
                EndpointSpec(
                    name: "page", arrivals: .constant(2),
                    root: CallNode(service: "frontend", work: .constant(0.001), children: children))
            ])
        let (_, metrics) = runRuntime(spec, seconds: 20)
        #expect(metrics["success"]! > 20)
        // About five of the 50 000 calls are made per request.
        let perRequest = metrics["backend.calls"]! / metrics["requests"]!
        #expect(perRequest > 3 && perRequest < 7)
    }
}
