@testable import CloudModel
import SimKernel
import Testing

@Suite("Runtime: stages")
struct RuntimeStagesTests {
    /// A service of `name` with servers to spare, in the one zone `a`.
    static func service(_ name: String) -> RuntimeServiceSpec {
        RuntimeServiceSpec(name: name, instances: 1, servers: 100)
    }

    /// A call to `service` with constant work [ms].
    static func call(_ service: String, _ milliseconds: Double) -> CallNode {
        CallNode(service: service, work: .constant(milliseconds / 1000))
    }

    /// `api` (1 ms of work) calls `calls` in `stages`, in one zone whose network takes 0.5 ms each
    /// way; a request every 100 ms, so nothing ever queues.
    static func staged(_ calls: [CallNode], stages: [CallStage]) -> RuntimeSpec {
        var root = call("api", 1)
        root.children = calls
        root.stages = stages
        let names = Set(calls.map(\.service)).sorted()
        return RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0.0005)),
            services: ([service("api")] + names.map(service)),
            endpoints: [EndpointSpec(name: "home", arrivals: .constant(10), root: root)])
    }

    @Test("each stage starts once the previous has answered: the response time sums stage maxima and sums")
    func stageTiming() {
        let calls = [
            Self.call("a", 2), Self.call("b", 5), Self.call("c", 3), Self.call("d", 4),
            Self.call("e", 1), Self.call("f", 2), Self.call("g", 3),
            Self.call("h", 1), Self.call("i", 7), Self.call("j", 3),
        ]
        let spec = Self.staged(
            calls,
            stages: [
                CallStage(fanOut: .parallel(waitFor: nil), calls: 4), CallStage(fanOut: .sequential, calls: 3),
                CallStage(fanOut: .parallel(waitFor: 2), calls: 3),
            ])
        let (model, metrics) = runRuntime(spec, seconds: 60)
        // Each call: 1 ms of network there and back plus its work. Work at `api` 1 ms; then the
        // slowest of 2, 5, 3, 4 ms; then 1 + 2 + 3 ms one after another; then the second to
        // answer of 1, 7, 3 ms.
        let expected = 0.001 + (0.005 + 0.001) + (0.001 + 0.002 + 0.003 + 3 * 0.001) + (0.003 + 0.001)
        #expect(abs(metrics["response_time_mean"]! - expected) < 1e-12)
        #expect(metrics["requests"]! > 500)
        // A group is part of its parent's call: no call, attempt or span of its own.
        let requests = metrics["requests"]!
        #expect(metrics["calls_per_request"]! <= 11 && metrics["calls_per_request"]! > 10.9)
        #expect(metrics["api.calls"]! == requests)
        for name in ["a", "e", "j"] {
            #expect(metrics[name + ".calls"]! + metrics[name + ".in_progress"]! >= requests - 1)
        }
        #expect(model.invariantViolations().isEmpty)
    }

    @Test("a failing call fails its stage and the call the stages belong to; later stages are not made")
    func failingStage() {
        var spec = Self.staged(
            [Self.call("a", 1), Self.call("b", 1), Self.call("c", 1)],
            stages: [CallStage(fanOut: .parallel(waitFor: nil), calls: 2), CallStage(fanOut: .sequential, calls: 1)])
        spec.services[2].errorProbability = 1  // b
        let (model, metrics) = runRuntime(spec, seconds: 30)
        #expect(metrics["failed_error"]! == metrics["requests"]! - metrics["in_flight"]!)
        #expect(metrics["c.calls"]! == 0)
        for name in ["api", "a", "b"] {
            let settled = metrics[name + ".succeeded"]! + metrics[name + ".failed"]! + metrics[name + ".in_progress"]!
            #expect(metrics[name + ".calls"]! == settled, "\(name)")
        }
        #expect(model.invariantViolations().isEmpty)
    }

    @Test("a single stage is the call's own fan-out: the same tree, the same numbers")
    func singleStage() {
        let calls = [Self.call("a", 2), Self.call("b", 5)]
        var plain = Self.staged(calls, stages: [])
        plain.endpoints[0].root.fanOut = .parallel(waitFor: 1)
        let staged = Self.staged(calls, stages: [CallStage(fanOut: .parallel(waitFor: 1), calls: 2)])
        let first = runRuntime(plain, seconds: 20)
        let second = runRuntime(staged, seconds: 20)
        #expect(first.metrics == second.metrics)
        #expect(first.model.nodes.count == 3 && second.model.nodes.count == 3)
    }

    @Test("a staged call's calls are spans under its own server span: a stage has no span")
    func stageSpans() {
        let spec = Self.staged(
            [Self.call("a", 1), Self.call("b", 1), Self.call("c", 1)],
            stages: [CallStage(fanOut: .parallel(waitFor: nil), calls: 2), CallStage(fanOut: .sequential, calls: 1)])
        var model = RuntimeModel(spec: spec, streams: RandomStreams(seed: 7, replication: 0), recordTimeseries: false)
        model.tracer = Tracer(count: 3, from: 0, to: at(10))
        var simulator = Simulator<RuntimeModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        simulator.run(&model, until: at(10))
        let spans = model.tracer!.finished(at: at(10))
        // Each trace: the user's span, `api`'s server span, and a client and a server span per call.
        #expect(spans.count == 3 * (2 + 2 * 3))
        for span in spans where span.name.hasPrefix("call ") {
            let parent = spans[span.parent!]
            #expect(parent.kind == .server && parent.service == "api" && span.service == "api")
            #expect(span.end <= parent.end)
        }
    }
}
