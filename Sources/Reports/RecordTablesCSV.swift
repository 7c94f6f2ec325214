import CloudModel
import Scenario

/// The per-event tables of a run (`incidents.csv`, `deploys.csv`…): every replication's rows of
/// each table name, with `variant,replication` in front, tables in order of first appearance.
public enum RecordTablesCSV {
    /// (file name, document) per table name; tables whose columns differ between replications
    /// are a programming error.
    public static func documents(_ results: ScenarioResults) -> [(name: String, document: CSVDocument)] {
        var order: [String] = []
        var documents: [String: CSVDocument] = [:]
        var columns: [String: [String]] = [:]
        for variant in results.variants {
            for (replication, result) in variant.replications.enumerated() {
                for table in result.tables {
                    if documents[table.name] == nil {
                        order.append(table.name)
                        columns[table.name] = table.columns
                        documents[table.name] = CSVDocument(header: ["variant", "replication"] + table.columns)
                    }
                    precondition(columns[table.name] == table.columns, "table \(table.name) changed its columns")
                    for row in table.rows {
                        documents[table.name]!.append([variant.name, String(replication)] + row.map(cell))
                    }
                }
            }
        }
        return order.map { ("\($0).csv", documents[$0]!) }
    }

    private static func cell(_ value: RecordValue) -> String {
        switch value {
        case .text(let text): return text
        case .number(let number): return csvNumber(number)
        case .integer(let integer): return String(integer)
        case .missing: return ""
        }
    }
}
