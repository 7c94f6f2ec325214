import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// `runtime.monitoring`: the monitoring scenario's pipeline keys, plus `metric` and `services`.
@Suite struct RuntimeMonitoringParserTests {
    static func scenario(_ monitoring: String) -> String {
        """
        name: r
        duration: 1h
        runtime:
          zones: [a]
          services:
            api: {}
            db: {}
          endpoints:
            home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
          monitoring:
        \(monitoring)
        """
    }

    @Test func newKeysAreReportedWhereTheyAreWithSuggestions() {
        let yaml = Self.scenario(
            """
                resolution: 1m
                stages: [{name: display}]
                alert: {threshold: 0.5, consecutiv: 2}
                metric: error_rate
                services: [api, apu, api]
                servces: [db]
            """)
        #expect(located(yaml) == [
            "13:29: unknown key `consecutiv` in `alert`; did you mean `consecutive`?",
            "14:13: unknown metric `error_rate` for `metric`; did you mean `error_ratio`?",
            "15:21: unknown service `apu`; did you mean `api`?",
            "15:26: duplicate `api` in `services`; first given at 15:16",
            "16:5: unknown key `servces` in `monitoring`; did you mean `services`?",
        ])
    }

    @Test func percentilesAndAnEmptyListAreChecked() {
        let yaml = Self.scenario(
            """
                resolution: 1m
                stages: [{name: display}]
                alert: {threshold: 0.5}
                metric: latency_p100
                services: []
            """)
        #expect(located(yaml) == [
            "14:13: unknown metric `latency_p100` for `metric`; did you mean `latency_p50`?",
            "15:15: `services` expects a non-empty list of service names, like `[api, db]`, found an empty list",
        ])
    }

    @Test func theBlockReadsIntoTheRuntime() throws {
        let yaml = Self.scenario(
            """
                resolution: 1s
                stages: [{name: display, delay: 200ms}]
                alert: {threshold: 0.25, consecutive: 3}
                reaction: 30s
                metric: latency_p999
                services: [db]
            """)
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants[0].runtime)
        let monitoring = try #require(runtime.monitoring)
        #expect(monitoring.metric == .latencyPercentile(99.9))
        #expect(monitoring.services == ["db"])
        #expect(monitoring.pipeline.resolution == SimTime.nanosecondsPerSecond)
        #expect(monitoring.pipeline.rule == AlertRule(threshold: 0.25, consecutive: 3))
    }
}
