@testable import CloudModel
import SimKernel
import Testing

/// Breakers in a chain: a caller's breaker judges its callee by the callee's answers, whatever
/// failed further down.
@Suite("Runtime: breakers in a chain")
struct RuntimeBreakerTests {
    /// `edge` → `mid` → `back`, one instance each, a breaker on each call (no fallback):
    /// `edge`'s sleeps 5 s, `mid`'s 20 s. `back` fails every call for the first 10 s.
    static func chain() -> RuntimeSpec {
        let midBreaker = CircuitBreakerPolicy(sleepWindow: at(20))
        let edgeBreaker = CircuitBreakerPolicy(sleepWindow: at(5))
        let back = CallNode(service: "back", work: .constant(0.001), client: ClientPolicy(circuitBreaker: midBreaker))
        let mid = CallNode(
            service: "mid", work: .constant(0.001), children: [back], client: ClientPolicy(circuitBreaker: edgeBreaker))
        return RuntimeSpec(
            zones: ["a"],
            network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: ["edge", "mid", "back"].map { RuntimeServiceSpec(name: $0, instances: 1, servers: 64) },
            endpoints: [
                EndpointSpec(
                    name: "page", arrivals: .constant(100), entryZone: "a",
                    root: CallNode(service: "edge", work: .constant(0.001), children: [mid]))
            ],
            chaos: [.errors(service: "back", probability: 1, from: 0, to: at(10))])
    }

    /// Hand-traced: both breakers open within the first second (20 failed calls). `edge`'s trial
    /// at about 5 s reaches `mid`, whose breaker is open until about 20 s: `mid` answers
    /// `breaker_open`, which is `mid` failing, so `edge`'s breaker opens again (before, such an
    /// answer was taken for `edge`'s own short circuit, not counted, and the breaker stayed
    /// half-open for good: every later request refused). From about 20 s `mid`'s trial succeeds
    /// (`back` healed at 10 s) and `edge`'s next trial, by 25 s, closes its breaker: from 30 s
    /// on every request succeeds.
    @Test("a callee answering breaker_open settles the caller's half-open trial; the chain heals")
    func nestedBreakersHeal() {
        let (model, metrics) = runRuntime(Self.chain(), seconds: 50, warmUp: 30)
        #expect(metrics["requests"]! > 1_900)
        #expect(metrics["success"]! == metrics["requests"]! - metrics["in_flight"]!)
        #expect(model.clientStates.allSatisfy { $0.breaker.map { $0.state == .closed } ?? true })
        // Early on the edge's breaker really opened, and more than once (trials failed).
        let (_, early) = runRuntime(Self.chain(), seconds: 30)
        #expect(early["failed_breaker_open"]! > 0)
    }
}
