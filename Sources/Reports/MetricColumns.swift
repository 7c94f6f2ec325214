import CloudModel
import Scenario

/// A variant's metrics as columns over its replications: every metric any replication reports,
/// in the order they first appear, each with one value per replication in replication order (NaN
/// where a replication did not report it). Summaries and comparisons read values by metric
/// name through this, never by position, so a replication whose list differs (a measure it had
/// nothing to report on) cannot shift another metric's values.
struct MetricColumns {
    /// Name and unit, in first-appearance order.
    var metrics: [(name: String, unit: MetricUnit)] = []
    /// Values by metric name, one per replication.
    var values: [String: [Double]] = [:]

    init(_ variant: VariantResults) {
        let count = variant.replications.count
        for (index, replication) in variant.replications.enumerated() {
            for metric in replication.metrics {
                if values[metric.name] == nil {
                    metrics.append((metric.name, metric.unit))
                    values[metric.name] = Array(repeating: .nan, count: count)
                }
                values[metric.name]![index] = metric.value
            }
        }
    }
}
