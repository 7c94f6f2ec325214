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

/// `during_chaos`: the requests that arrive while a fault's window is open (issue 15, part 2).
@Suite("during chaos")
struct DuringChaosTests {
    /// One service answering in 10 ms, all of its calls failing from 20 s to 30 s.
    static func spec() -> RuntimeSpec {
        RuntimeSpec(
            zones: ["a"], services: [RuntimeServiceSpec(name: "api", instances: 2, servers: 64)],
            endpoints: [EndpointSpec(name: "home", arrivals: .constant(100), root: CallNode(service: "api", work: .constant(0.01)))],
            chaos: [.errors(service: "api", probability: 1, from: SimTime(seconds: 20), to: SimTime(seconds: 30))])
    }

    @Test("the window's requests fail; the rest of the run's do not; the window lasts 10 s")
    func byHand() {
        let (_, metrics) = runRuntime(Self.spec(), seconds: 60, warmUp: 5)
        #expect(metrics["during_chaos.duration"] == 10)
        let during = metrics["during_chaos.requests"]!
        #expect(abs(during - 1_000) < 4 * 1_000.squareRoot())
        // Arrivals of the window's last 10 ms finish after it and succeed; those of the 10 ms
        // before it fail, outside the window's count. Both are a request or two at 100/s.
        #expect(during - metrics["during_chaos.failed_error"]! <= 5)
        #expect(abs(metrics["failed_error"]! - metrics["during_chaos.failed_error"]!) <= 5)
        #expect(metrics["during_chaos.availability"]! < 0.01)
        #expect(abs(metrics["availability"]! - (1 - during / metrics["requests"]!)) < 0.002)
    }

    @Test("with the window inside the warm-up only its part after the warm-up counts")
    func warmUp() {
        let (_, metrics) = runRuntime(Self.spec(), seconds: 60, warmUp: 25)
        #expect(metrics["during_chaos.duration"] == 5)
        #expect(abs(metrics["during_chaos.requests"]! - 500) < 4 * 500.0.squareRoot())
    }

    @Test("a run whose only chaos is a kill (a moment, not a window) reports no during_chaos measures")
    func onlyMoments() {
        var spec = Self.spec()
        spec.chaos = [.killInstances(service: "api", count: 1, at: SimTime(seconds: 40))]
        let (_, metrics) = runRuntime(spec, seconds: 45)
        #expect(!metrics.keys.contains { $0.hasPrefix("during_chaos.") })
    }
}

/// Per-endpoint rows of `timeseries.csv` (issue 15, part 2).
@Suite("per-endpoint time series")
struct EndpointTimeseriesTests {
    /// `home` calls `api`, `search` calls `finder`; every `finder` call fails from 20 s to 30 s.
    static func spec() -> RuntimeSpec {
        RuntimeSpec(
            zones: ["a"],
            services: [
                RuntimeServiceSpec(name: "api", instances: 2, servers: 64),
                RuntimeServiceSpec(name: "finder", instances: 2, servers: 64),
            ],
            endpoints: [
                EndpointSpec(name: "home", arrivals: .constant(100), root: CallNode(service: "api", work: .constant(0.01))),
                EndpointSpec(name: "search", arrivals: .constant(50), root: CallNode(service: "finder", work: .constant(0.01))),
            ],
            chaos: [.errors(service: "finder", probability: 1, from: SimTime(seconds: 20), to: SimTime(seconds: 30))])
    }

    @Test("each endpoint has its own rows: they add up to the end-to-end rate, and only search fails in the window")
    func byHand() {
        let (model, _) = runRuntime(Self.spec(), seconds: 40)
        let points = model.timeseries.points
        func values(_ entity: String, _ metric: String, _ seconds: Range<Double> = 0..<40) -> [Double] {
            points.filter { $0.entity == entity && $0.metric == metric && seconds.contains($0.time) }.map(\.value)
        }
        let region = model.spec.region
        let total = values(region, "request_rate")
        // Buckets close at 1 s … 39 s (the close at 40 s is the run's end, which runs nothing).
        #expect(total.count == 39)
        #expect(zip(values("home", "request_rate"), values("search", "request_rate")).map { $0 + $1 } == total)
        #expect(values("home", "error_ratio").allSatisfy { $0 == 0 })
        #expect(values("search", "error_ratio", 21..<29) == Array(repeating: 1, count: 8))
        #expect(values("search", "error_ratio", 31..<39) == Array(repeating: 0, count: 8))
        // Answers take 10 ms of work: the 99th percentile of a calm bucket is about that.
        #expect(values("home", "response_time_p99", 31..<39).allSatisfy { $0 >= 0.01 && $0 < 0.02 })
        // Units travel with the rows.
        let units = Dictionary(points.filter { $0.entity == "search" }.map { ($0.metric, $0.unit) }) { first, _ in first }
        #expect(units == ["request_rate": .perSecond, "error_ratio": .ratio, "response_time_p99": .seconds])
    }

    @Test("a single endpoint has no rows of its own: the end-to-end rows are its")
    func singleEndpoint() {
        var spec = Self.spec()
        spec.endpoints.removeLast()
        let (model, _) = runRuntime(spec, seconds: 5)
        #expect(!model.timeseries.points.contains { $0.entity == "home" })
    }
}
