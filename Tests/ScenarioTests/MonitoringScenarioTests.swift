import CloudModel
import Foundation
import SimKernel
import Testing

@testable import Scenario

/// `monitoring:` scenarios: the shipped worked example through parser and model, and diagnostics.
@Suite struct MonitoringScenarioTests {
    /// The package's `scenarios/NAME.yaml`.
    static func shipped(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/\(name).yaml").path
    }

    /// The value in `column` of each row of the `incidents` table of `variant`, replication 0.
    static func column(_ column: String, of results: ScenarioResults, variant: String) -> [RecordValue] {
        guard let replication = results.variants.first(where: { $0.name == variant })?.replications.first,
            let table = replication.tables.first(where: { $0.name == "incidents" }),
            let index = table.columns.firstIndex(of: column)
        else { return [] }
        return table.rows.map { $0[index] }
    }

    @Test("monitoring-minute-vs-second.yaml: looks bad at 8m00 by the minute, 2m25 by the second")
    func workedExample() throws {
        let scenario = try ScenarioLoader.load(path: Self.shipped("monitoring-minute-vs-second"))
        let results = ScenarioRunner.run(scenario, workers: 2)
        #expect(Self.column("start_s", of: results, variant: "minute") == [.number(140)])
        #expect(Self.column("first_bad_agent_s", of: results, variant: "minute") == [.number(240)])
        #expect(Self.column("first_bad_display_s", of: results, variant: "minute") == [.number(360)])
        #expect(Self.column("alert_s", of: results, variant: "minute") == [.number(480)])
        #expect(Self.column("first_bad_agent_s", of: results, variant: "second") == [.number(141)])
        #expect(Self.column("alert_s", of: results, variant: "second") == [.number(145)])
        #expect(Self.column("status", of: results, variant: "second") == [.text("detected")])
    }

    @Test func diagnostics() {
        let yaml = """
            name: m
            duration: 1h
            monitoring:
              service: {request_rate: 0/s, error_ratio: 1.5, noise: request}
              pipeline: {resolution: 1m, stages: [{name: display}], alert: {threshold: 0.5}}
              incidents:
                - {at: soon, error_ratio: 1}
                - {at: 1m, duration: 0s}
              random_incidents: {rate: 2/d, error_ratio: {min: 0.5, max: 0.2}, duraton: 1m}
              repiar: 1m
            """
        #expect(located(yaml) == [
            "4:27: `request_rate` must be positive, found `0/s`",
            "4:45: `error_ratio` expects a number from 0 to 1, found `1.5`",
            "4:57: `noise` expects `none` or `requests`, or a mapping with `normal_stddev:`, found `request`; "
                + "did you mean `requests`?",
            "7:12: `at` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `soon`",
            "8:7: missing required key `error_ratio` in incident 2",
            "8:26: `duration` must be longer than zero, found `0s`",
            "9:62: `max` expects a number from `min` (0.5) to 1, found `0.2`",
            "9:68: unknown key `duraton` in `random_incidents`; did you mean `duration`?",
            "10:3: unknown key `repiar` in `monitoring`; did you mean `repair`?",
        ])
    }
}
