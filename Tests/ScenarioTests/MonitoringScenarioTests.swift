import CloudModel
import Foundation
import SimKernel
import Testing

@testable import Scenario

/// Monitoring scenarios: the shipped worked example through parser and model, diagnostics of the
/// runtime's error faults and repair, and the retired `monitoring:` kind named as such.
@Suite struct MonitoringScenarioTests {
    /// The package's `scenarios/NAME.yaml`.
    static func shipped(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/\(name).yaml").path
    }

    /// The value in `column` of each row of table `name` of `variant`, replication 0.
    static func column(_ column: String, of table: String, in results: ScenarioResults, variant: String) -> [RecordValue] {
        guard let replication = results.variants.first(where: { $0.name == variant })?.replications.first,
            let table = replication.tables.first(where: { $0.name == table }),
            let index = table.columns.firstIndex(of: column)
        else { return [] }
        return table.rows.map { $0[index] }
    }

    @Test("monitoring-minute-vs-second.yaml: alert at 8m00 by the minute, 2m25 by the second; repaired 3 minutes later")
    func workedExample() throws {
        let scenario = try ScenarioLoader.load(path: Self.shipped("monitoring-minute-vs-second"))
        let results = ScenarioRunner.run(scenario, workers: 2)
        func alerts(_ column: String, _ variant: String) -> [RecordValue] {
            Self.column(column, of: "alerts", in: results, variant: variant)
        }
        func faults(_ column: String, _ variant: String) -> [RecordValue] {
            Self.column(column, of: "faults", in: results, variant: variant)
        }
        #expect(faults("start_s", "minute") == [.number(140)])
        #expect(alerts("first_bad_agent_s", "minute") == [.number(240)])
        #expect(alerts("first_bad_display_s", "minute") == [.number(360)])
        #expect(alerts("alert_s", "minute") == [.number(480)])
        #expect(alerts("action_s", "minute") == [.number(540)])
        #expect(faults("end_s", "minute") == [.number(660)])
        #expect(alerts("first_bad_agent_s", "second") == [.number(141)])
        #expect(alerts("alert_s", "second") == [.number(145)])
        #expect(faults("end_s", "second") == [.number(325)])
        #expect(faults("status", "second") == [.text("detected")])
    }

    @Test func runtimeDiagnostics() {
        let yaml = """
            name: m
            duration: 1h
            runtime:
              zones: [a]
              services: {api: {}}
              endpoints: {home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}}
              chaos:
                - random_errors: {service: api, rate: 0/d, probability: {min: 0.5, max: 0.2}, duraton: 1m}
                - random_errors: {service: web, rate: 1/d, probability: 2, duration: 0s}
              monitoring:
                resolution: 1m
                stages: [{name: display}]
                alert: {threshold: 0.5}
                repair: soon
            """
        #expect(located(yaml) == [
            "8:43: `rate` must be positive, found `0/d`",
            "8:77: `max` expects a number from `min` (0.5) to 1, found `0.2`",
            "8:83: unknown key `duraton` in `random_errors` (chaos item 1); did you mean `duration`?",
            "9:32: unknown service `web`; the only service is `api`",
            "9:61: `probability` expects a number from 0 to 1, found `2`",
            "9:74: `duration` expects a distribution with a mean above zero, found one that is always 0",
            "14:13: `repair` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `soon`",
        ])
    }

    @Test func retiredKind() {
        let yaml = """
            name: m
            duration: 1h
            monitoring:
              service: {request_rate: 10/s, error_ratio: 0}
            """
        #expect(located(yaml) == [
            "4:3: `monitoring:` scenarios now run inside a runtime: write `runtime:` with a service, an endpoint, "
                + "chaos `errors` or `random_errors`, and `monitoring:` within it (see scenarios/monitoring-minute-vs-second.yaml)"
        ])
    }
}
