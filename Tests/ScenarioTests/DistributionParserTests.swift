import Foundation
import SimKernel
import Testing
import Yams

@testable import Scenario

@Suite struct DistributionParserTests {
    /// The distribution `yaml` describes as a `service_time`, and what was reported.
    func read(_ yaml: String) throws -> (distribution: Distribution?, problems: [String]) {
        let node = try #require(try Yams.compose(yaml: yaml))
        let reader = NodeReader(file: "d.yaml")
        let distribution = reader.distribution(node, key: "service_time")
        return (distribution, reader.diagnostics.map { "\($0.line):\($0.column): \($0.message)" })
    }

    @Test(arguments: [
        ("250ms", Distribution.constant(0.25)),
        ("{distribution: constant, value: 2m20s}", .constant(140)),
        ("{distribution: uniform, min: 10ms, max: 30ms}", .uniform(min: 0.01, max: 0.03)),
        ("{distribution: exponential, mean: 250ms}", .exponential(mean: 0.25)),
        ("{distribution: exponential, rate: 3000/min}", .exponential(mean: 0.02)),
        ("{distribution: normal, mean: 1s, stddev: 100ms}", .normal(mean: 1, stddev: 0.1)),
        ("{distribution: lognormal, mu: -2.5, sigma: 0.5}", .lognormal(mu: -2.5, sigma: 0.5)),
        ("{distribution: gamma, shape: 2, scale: 5ms}", .gamma(shape: 2, scale: 0.005)),
        ("{distribution: weibull, shape: 1.5, scale: 1s}", .weibull(shape: 1.5, scale: 1)),
        ("{distribution: pareto, shape: 3, scale: 10ms}", .pareto(shape: 3, scale: 0.01)),
        ("{distribution: empirical, values: [1ms, 2ms, 0]}", .empirical([0.001, 0.002, 0])),
    ])
    func everyKind(yaml: String, expected: Distribution) throws {
        let result = try read(yaml)
        #expect(result.problems == [])
        #expect(result.distribution == expected)
    }

    @Test func lognormalFromMedianAndP99() throws {
        let result = try read("{distribution: lognormal, median: 100ms, p99: 1s}")
        #expect(result.problems == [])
        guard case .lognormal(let mu, let sigma)? = result.distribution else {
            Issue.record("expected a lognormal, got \(String(describing: result.distribution))")
            return
        }
        #expect(mu == log(0.1))
        #expect(abs(sigma - log(10) / 2.3263478740408408) < 1e-15)
        // The 99th percentile comes back: median · e^(z · sigma).
        #expect(abs(exp(mu + 2.3263478740408408 * sigma) - 1) < 1e-12)
    }

    @Test func lognormalForms() throws {
        #expect(try read("{distribution: lognormal, mu: 1, median: 5ms}").problems == [
            "1:34: the `lognormal` distribution of `service_time` takes either `mu` and `sigma` or `median` and `p99`, "
                + "found `mu` with `median`"
        ])
        #expect(try read("{distribution: lognormal, median: 5ms, p99: 2ms}").problems == [
            "1:45: `p99` expects a duration longer than `median` (5ms), found `2ms`"
        ])
        #expect(try read("{distribution: lognormal, sigma: 0}").problems == [
            "1:1: missing required key `mu` in the `lognormal` distribution of `service_time`",
            "1:34: `sigma` expects a number above 0, found `0`",
        ])
        #expect(try read("{distribution: lognormal}").problems == [
            "1:1: the `lognormal` distribution of `service_time` takes either `mu` and `sigma` or `median` and `p99`, "
                + "found neither"
        ])
    }

    @Test func parameterProblems() throws {
        #expect(try read("{distribution: expo, mean: 1s}").problems == [
            "1:16: `distribution` expects one of `constant`, `uniform`, `exponential`, `normal`, `lognormal`, `gamma`, "
                + "`weibull`, `pareto` or `empirical`, found `expo`; did you mean `exponential`?"
        ])
        #expect(try read("{distribution: uniform, min: 2s, max: 1s}").problems == [
            "1:39: `max` expects a duration no shorter than `min` (2s), found `1s`"
        ])
        #expect(try read("{distribution: gamma, shap: 2, scale: 0s}").problems == [
            "1:1: missing required key `shape` in the `gamma` distribution of `service_time`",
            "1:23: unknown key `shap` in the `gamma` distribution of `service_time`; did you mean `shape`?",
            "1:39: `scale` must be longer than zero, found `0s`",
        ])
        #expect(try read("{distribution: exponential, mean: 1s, rate: 2/s}").problems == [
            "1:39: the `exponential` distribution of `service_time` expects only one of `mean` or `rate`, found both"
        ])
        #expect(try read("{distribution: empirical, values: []}").problems == [
            "1:35: `values` expects a non-empty list of durations, found an empty list"
        ])
        #expect(try read("{mean: 1s}").problems == [
            "1:1: missing required key `distribution` in `service_time`; expected `constant`, `uniform`, `exponential`, "
                + "`normal`, `lognormal`, `gamma`, `weibull`, `pareto` or `empirical`"
        ])
        #expect(try read("[1s]").problems == [
            "1:1: `service_time` expects a duration like `250ms`, or a mapping with `distribution:` and its parameters, "
                + "found a list"
        ])
    }
}
