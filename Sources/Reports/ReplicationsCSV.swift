import Scenario

/// `replications.csv`: every metric of every replication, one row each, with the value exactly
/// as the simulation computed it (the shortest decimal that reads back to the same number), so
/// that `summary.csv` and `comparison.csv` can be recomputed from it to the last digit.
public enum ReplicationsCSV {
    public static let columns = ["scenario", "variant", "replication", "metric", "unit", "value"]

    /// A metric a replication could not measure (NaN) has an empty value.
    public static func document(_ results: ScenarioResults) -> CSVDocument {
        var document = CSVDocument(header: columns)
        for variant in results.variants {
            for (replication, result) in variant.replications.enumerated() {
                for metric in result.metrics {
                    document.append([
                        results.scenario.name, variant.name, String(replication), metric.name, metric.unit.rawValue,
                        exactNumber(metric.value),
                    ])
                }
            }
        }
        return document
    }

    /// Whole numbers without a decimal point; others in the shortest form that reads back exactly;
    /// NaN as an empty field, infinities as `inf` and `-inf`.
    public static func exactNumber(_ value: Double) -> String {
        value.isNaN ? "" : csvNumber(value) { $0.description }
    }
}
