import CloudModel
import Scenario
import SimKernel

/// One line of `summary.csv`: a metric of a variant, summarised over replications.
public struct SummaryRow: Sendable, Equatable {
    public var scenario: String
    public var variant: String
    public var metric: String
    public var unit: MetricUnit
    public var summary: ReplicationSummary

    /// Rows for every variant and metric, in variant order then the model's metric order. A
    /// value a replication could not measure (NaN: the time to detect of a run without incidents)
    /// is left out, so `summary.replications` counts the replications that measured it.
    public static func rows(_ results: ScenarioResults) -> [SummaryRow] {
        results.variants.flatMap { variant -> [SummaryRow] in
            let columns = MetricColumns(variant)
            return columns.metrics.map { metric in
                let values = columns.values[metric.name]!.filter { !$0.isNaN }
                return SummaryRow(
                    scenario: results.scenario.name, variant: variant.name, metric: metric.name,
                    unit: metric.unit, summary: ReplicationSummary(values))
            }
        }
    }
}
