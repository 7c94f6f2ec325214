import Scenario

/// `timeseries.csv`: values per time bucket, tidy, for the replications that kept them.
public enum TimeseriesCSV {
    public static let columns = ["variant", "replication", "time_s", "entity", "metric", "unit", "value"]

    /// Nil when no replication kept a time series (queueing-network scenarios).
    public static func document(_ results: ScenarioResults) -> CSVDocument? {
        var document = CSVDocument(header: columns)
        for variant in results.variants {
            for (replication, result) in variant.replications.enumerated() {
                for point in result.timeseries {
                    document.append([
                        variant.name, String(replication), csvNumber(point.time), point.entity, point.metric,
                        point.unit.rawValue, csvNumber(point.value),
                    ])
                }
            }
        }
        return document.rows.isEmpty ? nil : document
    }
}
