import CloudModel
import Scenario

/// A variant's metrics as columns over its replications: every metric any replication reports,
/// in the model's order (a metric only a later replication reports goes after the metric it
/// follows there), each with one value per replication in replication order (NaN
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
        var position: [String: Int] = [:]
        for (index, replication) in variant.replications.enumerated() {
            var previous: String? = nil
            for metric in replication.metrics {
                if values[metric.name] == nil {
                    // A metric first seen here goes right after the one before it in this
                    // replication, so the order stays the model's.
                    let at = previous.map { position[$0]! + 1 } ?? 0
                    metrics.insert((metric.name, metric.unit), at: at)
                    if at < metrics.count - 1 {
                        for later in at..<metrics.count { position[metrics[later].name] = later }
                    } else {
                        position[metric.name] = at
                    }
                    values[metric.name] = Array(repeating: .nan, count: count)
                }
                values[metric.name]![index] = metric.value
                previous = metric.name
            }
        }
    }
}
