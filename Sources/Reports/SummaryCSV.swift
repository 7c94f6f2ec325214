import Foundation
import Scenario

/// `summary.csv`: one row per variant and metric, tidy (long) format.
public enum SummaryCSV {
    public static let columns = [
        "scenario", "variant", "metric", "unit", "replications", "mean", "stddev", "ci95_low", "ci95_high",
    ]

    /// Undefined statistics (the spread of a single replication, anything of a metric no
    /// replication measured) are empty fields.
    public static func document(_ rows: [SummaryRow]) -> CSVDocument {
        var document = CSVDocument(header: columns)
        for row in rows {
            let summary = row.summary
            document.append([
                row.scenario, row.variant, row.metric, row.unit.rawValue, String(summary.replications),
                summary.replications == 0 ? "" : csvNumber(summary.mean), summary.stddev.map(csvNumber) ?? "",
                summary.ci95Low.map(csvNumber) ?? "", summary.ci95High.map(csvNumber) ?? "",
            ])
        }
        return document
    }
}
