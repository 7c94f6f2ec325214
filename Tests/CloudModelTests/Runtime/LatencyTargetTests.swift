import SimKernel
import Testing

@testable import CloudModel

/// `latency_target`: the share of requests answered within it, failures counting against it,
/// and goodput (issue 15, part 2).
@Suite("latency target")
struct LatencyTargetTests {
    /// One service answering in exactly 100 ms (work constant, no network on a user's own
    /// request, servers enough that none waits), with a share of its calls failing.
    static func spec(target: Double, errors: Double = 0) -> RuntimeSpec {
        var service = RuntimeServiceSpec(name: "api", instances: 2, servers: 64)
        service.errorProbability = errors
        var spec = RuntimeSpec(
            zones: ["a"], services: [service],
            endpoints: [EndpointSpec(name: "home", arrivals: .constant(100), root: CallNode(service: "api", work: .constant(0.1)))])
        spec.latencyTarget = SimTime(seconds: target)
        return spec
    }

    @Test("every answer takes 100 ms: within a 150 ms target all answered requests count, within 50 ms none")
    func byHand() {
        let (_, wide) = runRuntime(Self.spec(target: 0.15, errors: 0.2), seconds: 60)
        let requests = wide["requests"]!, answered = wide["success"]!
        #expect(requests > 5_000)
        // Failures (about a fifth) and the last 100 ms's requests still in flight count against it.
        #expect(wide["within_target"] == answered / requests)
        #expect(abs(wide["within_target"]! - 0.8) < 0.02)
        #expect(wide["goodput"] == answered / 60)
        #expect(wide["availability"]! >= wide["within_target"]!)
        let (_, narrow) = runRuntime(Self.spec(target: 0.05), seconds: 60)
        #expect(narrow["within_target"] == 0 && narrow["goodput"] == 0)
        // Exactly on the target counts as within it.
        let (_, exact) = runRuntime(Self.spec(target: 0.1), seconds: 60)
        #expect(exact["within_target"] == exact["success"]! / exact["requests"]!)
    }

    @Test("without a target neither measure is reported")
    func absent() {
        var spec = Self.spec(target: 1)
        spec.latencyTarget = nil
        let (_, metrics) = runRuntime(spec, seconds: 5)
        #expect(metrics["within_target"] == nil && metrics["goodput"] == nil)
    }
}
