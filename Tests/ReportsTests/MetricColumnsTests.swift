import Testing

@testable import CloudModel
@testable import Reports
@testable import Scenario

/// Summaries and comparisons read a metric's values by name: a replication that lists other
/// metrics (one it had nothing to report on left out) cannot shift another metric's values.
@Suite("metrics by name")
struct MetricColumnsTests {
    static func replication(_ metrics: [(String, Double)]) -> ReplicationResult {
        ReplicationResult(metrics: metrics.map { Metric($0.0, .count, $0.1) }, events: 0)
    }

    @Test("a metric missing from one replication: the others keep their own values")
    func missingMetric() throws {
        let scenario = try ScenarioLoader.parse(
            yaml: """
                name: s
                duration: 1m
                replications: 2
                model:
                  services: {api: {}}
                  requests: {get: {arrival_rate: 1/s, path: [{service: api, service_time: 1ms}]}}
                variants: {a: {}, b: {}}
                """, file: "s.yaml")
        let a = VariantResults(
            name: "a", replications: [Self.replication([("x", 1), ("y", 10)]), Self.replication([("x", 3), ("y", 30)])])
        // b's first replication lacks `x`; its second has both.
        let b = VariantResults(
            name: "b", replications: [Self.replication([("y", 20)]), Self.replication([("x", 5), ("y", 40)])])
        let results = ScenarioResults(scenario: scenario, variants: [a, b])
        let rows = SummaryRow.rows(results).filter { $0.variant == "b" }
        #expect(rows.map(\.metric) == ["x", "y"])  // the model's order, from the second replication
        #expect(rows[1].summary.mean == 30 && rows[1].summary.replications == 2)
        #expect(rows[0].summary.mean == 5 && rows[0].summary.replications == 1)
        let comparison = ComparisonRow.rows(results)
        let y = try #require(comparison.first { $0.metric == "y" })
        #expect(y.paired.difference.mean == 10 && y.paired.difference.replications == 2)
        let x = try #require(comparison.first { $0.metric == "x" })
        // Only the second replication measured `x` in both variants: 5 - 3.
        #expect(x.paired.difference.mean == 2 && x.paired.difference.replications == 1)
    }
}
