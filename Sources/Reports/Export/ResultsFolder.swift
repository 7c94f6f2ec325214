import Foundation

/// A results folder written by `cnsim run`, read back for export.
public struct ResultsFolder: Sendable {
    public var url: URL
    /// `summary.csv`: one row per variant and metric.
    public var summary: CSVTable
    /// `timeseries.csv`, when the model kept one.
    public var timeseries: CSVTable?
    /// `comparison.csv`, for scenarios with two or more variants.
    public var comparison: CSVTable?
    /// Per-event tables such as `incidents.csv` and `deploys.csv`, by file stem, sorted.
    public var events: [(name: String, table: CSVTable)]

    /// Files that are not per-event tables.
    static let knownFiles: Set<String> = ["summary.csv", "timeseries.csv", "comparison.csv", "replications.csv"]

    public init(url: URL) throws {
        self.url = url
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ExportError.missing("\(url.path): no such folder; expected a results folder written by `cnsim run`")
        }
        let summaryURL = url.appendingPathComponent("summary.csv")
        guard FileManager.default.fileExists(atPath: summaryURL.path) else {
            throw ExportError.missing(
                "\(url.path): no summary.csv here; expected a results folder written by `cnsim run`")
        }
        summary = try CSVTable(contentsOf: summaryURL)
        for column in ["scenario", "variant", "metric", "unit", "mean", "ci95_low", "ci95_high"]
        where summary.column(column) == nil {
            throw ExportError.malformed("\(summaryURL.path):1: expected a column `\(column)`")
        }
        // A metric no replication could measure (replications 0) has an empty mean.
        try summary.checkNumbers(
            required: ["replications"], optional: ["mean", "stddev", "ci95_low", "ci95_high"], file: summaryURL)
        let (replications, mean) = (summary.column("replications")!, summary.column("mean")!)
        for (offset, row) in summary.rows.enumerated() where row[mean].isEmpty && row[replications] != "0" {
            throw ExportError.malformed(
                "\(summaryURL.path):\(offset + 2): `mean` expects a number (empty only when `replications` is 0), found ``")
        }
        func optionalTable(_ name: String) throws -> CSVTable? {
            let file = url.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: file.path) ? try CSVTable(contentsOf: file) : nil
        }
        timeseries = try optionalTable("timeseries.csv")
        comparison = try optionalTable("comparison.csv")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        events = try names.filter { $0.hasSuffix(".csv") && !Self.knownFiles.contains($0) }.sorted().map {
            (String($0.dropLast(4)), try CSVTable(contentsOf: url.appendingPathComponent($0)))
        }
    }

    /// The scenario's name, from summary.csv.
    public var scenario: String { summary.rows.first.map { $0[summary.column("scenario")!] } ?? url.lastPathComponent }

    /// Variants in the order they first appear in summary.csv (the scenario's order).
    public var variants: [String] {
        let index = summary.column("variant")!
        var seen: [String] = []
        for row in summary.rows where !seen.contains(row[index]) { seen.append(row[index]) }
        return seen
    }

    /// Metrics in order of first appearance, with their units.
    public var metrics: [(name: String, unit: String)] {
        let (metric, unit) = (summary.column("metric")!, summary.column("unit")!)
        var seen: Set<String> = []
        var list: [(String, String)] = []
        for row in summary.rows where seen.insert(row[metric]).inserted { list.append((row[metric], row[unit])) }
        return list
    }

    /// The mean and CI of a metric for a variant, when present and numeric.
    public func estimate(variant: String, metric: String) -> Estimate? {
        let columns = ["variant", "metric", "mean", "ci95_low", "ci95_high"].map { summary.column($0)! }
        guard let row = summary.rows.first(where: { $0[columns[0]] == variant && $0[columns[1]] == metric }),
            let mean = Double(row[columns[2]])
        else { return nil }
        return Estimate(mean: mean, low: Double(row[columns[3]]) ?? mean, high: Double(row[columns[4]]) ?? mean)
    }
}
