import CloudModel
import SimKernel
import Testing
import Yams

@testable import Scenario

/// The `monitoring:` pipeline syntax: what it reads to, and each problem at its line and column.
@Suite struct MonitoringParserTests {
    /// The pipeline in the value of the document's `monitoring:` key, and what was reported.
    func read(_ yaml: String) throws -> (spec: MonitoringSpec?, problems: [String]) {
        let root = try #require(try Yams.compose(yaml: yaml))
        let node = try #require(root["monitoring"])
        let reader = NodeReader(file: "m.yaml")
        let spec = reader.monitoringSpec(node)
        return (spec, reader.diagnostics.map { "\($0.line):\($0.column): \($0.message)" })
    }

    /// Only what was reported; "unreadable YAML" when the test's YAML is itself broken.
    func problems(_ yaml: String) -> [String] {
        (try? read(yaml))?.problems ?? ["unreadable YAML"]
    }

    @Test func theBriefsExample() throws {
        let yaml = """
            monitoring:
              resolution: 1m
              offset: 0s
              stages:
                - name: arrival
                  period: 1m
                  offset: 0s
                  delay: 200ms
                - name: processing
                - name: display
                  delay: 200ms
              alert:
                threshold: 0.8
                consecutive: 3
              reaction: 30s
            """
        let result = try read(yaml)
        #expect(result.problems == [])
        let minute = SimTime(seconds: 60)
        #expect(
            result.spec
                == MonitoringSpec(
                    resolution: minute,
                    stages: [
                        MonitoringStage(name: "arrival", period: minute, delay: .constant(0.2)),
                        MonitoringStage(name: "processing", period: minute),
                        MonitoringStage(name: "display", period: minute, delay: .constant(0.2)),
                    ],
                    rule: AlertRule(threshold: 0.8, consecutive: 3), reaction: .constant(30)))
    }

    @Test func defaultsContinuousStagesAndDistributions() throws {
        let yaml = """
            monitoring:
              resolution: 10s
              offset: 3s
              stages:
                - {name: ingest, period: 0, delay: {distribution: exponential, mean: 2s}}
                - {name: graph, period: 30s, offset: 5s}
              alert: {threshold: -1.5}
            """
        let result = try read(yaml)
        #expect(result.problems == [])
        let spec = try #require(result.spec)
        #expect(spec.resolution == SimTime(seconds: 10))
        #expect(spec.offset == SimTime(seconds: 3))
        #expect(spec.stages == [
            MonitoringStage(name: "ingest", period: 0, delay: .exponential(mean: 2)),
            MonitoringStage(name: "graph", period: SimTime(seconds: 30), offset: SimTime(seconds: 5)),
        ])
        #expect(spec.rule == AlertRule(threshold: -1.5, consecutive: 1))
        #expect(spec.reaction == .constant(0))
    }

    @Test func missingAndMistypedKeys() throws {
        let yaml = """
            monitoring:
              resolutoin: 1m
              stage: []
              reaction: soon
            """
        #expect(problems(yaml) == [
            "2:3: unknown key `resolutoin` in `monitoring`; did you mean `resolution`?",
            "2:3: missing required key `resolution` in `monitoring`",
            "2:3: missing required key `stages` in `monitoring`",
            "2:3: missing required key `alert` in `monitoring`",
            "3:3: unknown key `stage` in `monitoring`; did you mean `stages`?",
            "4:13: `reaction` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `soon`",
        ])
        #expect(problems("monitoring: 1m") == [
            "1:13: `monitoring` expects a mapping with `resolution:`, `stages:` and `alert:`, found `1m`"
        ])
    }

    @Test func resolutionOffsetsAndPeriods() throws {
        let yaml = """
            monitoring:
              resolution: 0s
              offset: -1s
              stages: []
              alert: {threshold: 0.5}
            """
        #expect(problems(yaml) == [
            "2:15: `resolution` must be longer than zero, found `0s`",
            "3:11: `offset` must not be negative, found `-1s`",
            "4:11: `stages` expects a non-empty list of stages, like `- name: arrival`, found an empty list",
        ])
        let phases = """
            monitoring:
              resolution: 1m
              offset: 1m
              stages:
                - {name: a, offset: 90s}
                - {name: b, period: 0, offset: 1s}
                - {name: c, period: 10s, offset: 10s}
                - {name: d, period: soon, delay: {distribution: normal, mean: 1s}}
              alert: {threshold: 0.5}
            """
        #expect(problems(phases) == [
            "3:11: `offset` expects a duration shorter than `resolution` (1m), found `1m`",
            "5:25: `offset` expects a duration shorter than the default `period`, found `90s`",
            "6:36: `offset` needs a `period` above zero; a continuous stage hands on at once",
            "7:38: `offset` expects a duration shorter than `period` (10s), found `10s`",
            "8:25: `period` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `soon`",
            "8:38: missing required key `stddev` in the `normal` distribution of `delay`",
        ])
    }

    @Test func stagesAndAlert() throws {
        let yaml = """
            monitoring:
              resolution: 1s
              stages:
                - arrival
                - {name: display, delai: 1s}
                - {period: 1s}
                - {name: display}
                - {name: "a b"}
              alert: {threshold: high, consecutive: 0, for: 3}
            """
        #expect(problems(yaml) == [
            "4:7: stage 1 of `stages` expects a mapping with `name:` and, optionally, `period:`, `offset:` and "
                + "`delay:`, found `arrival`",
            "5:23: unknown key `delai` in stage 2 of `stages`; did you mean `delay`?",
            "6:7: missing required key `name` in stage 3 of `stages`",
            "7:14: duplicate stage name `display`; first given at 5:14",
            "8:14: `name` expects letters, digits, `-`, `_` or `.` (but not `.` or `..`), found `a b`",
            "9:22: `threshold` expects a number, found `high`",
            "9:41: `consecutive` expects a whole number from 1 to 1000000, found `0`",
            "9:44: unknown key `for` in `alert`; expected `threshold` or `consecutive`",
        ])
        #expect(problems("monitoring: {resolution: 1s, stages: [{name: a}], alert: {}}") == [
            "1:58: missing required key `threshold` in `alert`"
        ])
    }
}
