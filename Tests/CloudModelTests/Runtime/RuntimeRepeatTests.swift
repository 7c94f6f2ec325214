@testable import CloudModel
import Foundation
import SimKernel
import Testing

@Suite("Runtime: repeated calls")
struct RuntimeRepeatTests {
    /// `call` repeated `count` times.
    static func repeated(_ call: CallNode, _ count: CallCount) -> CallNode {
        var call = call
        call.repetitions = count
        return call
    }

    @Test("a fixed count makes the call that many times, in parallel or one after another")
    func fixedCountTiming() {
        let calls = [
            Self.repeated(RuntimeStagesTests.call("b", 5), .fixed(4)), RuntimeStagesTests.call("c", 2),
            Self.repeated(RuntimeStagesTests.call("a", 2), .fixed(3)),
        ]
        let spec = RuntimeStagesTests.staged(
            calls,
            stages: [CallStage(fanOut: .parallel(waitFor: 1), calls: 2), CallStage(fanOut: .sequential, calls: 1)])
        let (model, metrics) = runRuntime(spec, seconds: 60)
        // 1 ms at `api`; then the four calls to `b` at once, the stage going on when the first
        // of its two calls has answered, `c` (3 ms), which does not wait for `b`'s four (6 ms);
        // then three calls to `a` of 2 ms, one after another: each 1 ms of network there and back.
        #expect(abs(metrics["response_time_mean"]! - (0.001 + 0.003 + 3 * 0.003)) < 1e-12)
        let requests = metrics["requests"]!
        #expect(abs(metrics["b.calls"]! - 4 * requests) <= 4)
        #expect(abs(metrics["a.calls"]! - 3 * requests) <= 3)
        #expect(abs(metrics["calls_per_request"]! - 9) <= 9 / requests)
        #expect(model.invariantViolations().isEmpty)
    }

    @Test("a drawn count of zero makes no call and takes no time")
    func zeroCount() {
        let calls = [Self.repeated(RuntimeStagesTests.call("a", 2), .empirical([0]))]
        let (_, metrics) = runRuntime(RuntimeStagesTests.staged(calls, stages: []), seconds: 20)
        #expect(metrics["a.calls"]! == 0)
        #expect(abs(metrics["response_time_mean"]! - 0.001) < 1e-12)
        #expect(metrics["success"]! == metrics["requests"]! - metrics["in_flight"]!)
    }

    @Test(
        "a drawn count makes as many calls per request on average as the distribution's mean, within the CI",
        arguments: [
            (CallCount.poisson(mean: 8), FanOut.parallel(waitFor: nil)), (.uniform(min: 2, max: 6), .sequential),
            (.empirical([0, 0, 1, 5]), .parallel(waitFor: nil)),
        ])
    func drawnCountMean(count: CallCount, fanOut: FanOut) {
        var root = RuntimeStagesTests.call("api", 1)
        root.children = [Self.repeated(RuntimeStagesTests.call("a", 1), count)]
        root.fanOut = fanOut
        let spec = RuntimeSpec(
            zones: ["a"], services: [RuntimeStagesTests.service("api"), RuntimeStagesTests.service("a")],
            endpoints: [EndpointSpec(name: "home", arrivals: .constant(50), root: root)])
        let perRequest = (0..<10).map { seed in
            let metrics = runRuntime(spec, seconds: 20, seed: UInt64(seed)).metrics
            return metrics["calls_per_request"]! - 1
        }
        let summary = ReplicationSummary(perRequest)
        #expect(summary.ci95Low! <= count.mean && count.mean <= summary.ci95High!, "\(summary)")
    }

    @Test("a Poisson count exceeds its cap with probability below 1e-12 (Chernoff bound), over every mean allowed")
    func poissonCap() {
        var mean = 1e-3
        while mean <= 10_000 {
            let cap = Double(CallCount.poisson(mean: mean).most)
            // P(K ≥ x) ≤ e^(−λ) (eλ/x)^x for x > λ, at x = cap + 1.
            let x = cap + 1
            let logBound = -mean + x * (1 + log(mean / x))
            #expect(logBound < log(1e-12), "mean \(mean)")
            mean *= 1.1
        }
    }
}
