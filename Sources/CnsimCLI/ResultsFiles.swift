import Foundation
import Reports
import Scenario

/// The files of a run, from its results: summary.csv, replications.csv, comparison.csv,
/// timeseries.csv, the event tables, traces.json and run.json — written once, whether the
/// results come from one machine (`cnsim run`) or from shards (`cnsim merge`), so both write the
/// same bytes.
enum ResultsFiles {
    /// Writes every file of `results` into `target` as one unit, then (unless `quiet`) prints the
    /// comparison table and the files written.
    static func write(
        _ results: ScenarioResults, to target: ResultsTarget, scenarioFile: String, seed: UInt64, replications: Int,
        jobs: Int, startedAt: Date, wallTime: Double, quiet: Bool, metrics: [String]? = nil
    ) throws {
        let scenario = results.scenario
        let rows = SummaryRow.rows(results)
        let comparison = ComparisonRow.rows(results)
        var documents = [("summary.csv", SummaryCSV.document(rows)), ("replications.csv", ReplicationsCSV.document(results))]
        if let document = ComparisonCSV.document(comparison) { documents.append(("comparison.csv", document)) }
        if let document = TimeseriesCSV.document(results) { documents.append(("timeseries.csv", document)) }
        var files: [(name: String, data: Data)] = []
        for (name, document) in documents {
            files.append((name, try encoded(name) { try document.data() }))
        }
        for table in RecordTablesCSV.documents(results) {
            files.append((table.name, try encoded(table.name) { try table.document.data() }))
        }
        if let traces = try encoded("traces.json", { try ZipkinTraces.document(results) }) {
            files.append(("traces.json", traces))
        }
        files.append(
            try runJSON(
                for: files, scenario: scenario.name, scenarioFile: scenarioFile, seed: seed, replications: replications,
                jobs: jobs, startedAt: startedAt, wallTime: wallTime))
        try target.write(files)
        guard !quiet else { return }
        // Fitted to the terminal's width, if stdout is one.
        let columns = Console.outColumns
        Console.out(
            ComparisonTable.fold(
                "\(scenario.name): \(scenario.variants.count) variant(s) × \(scenario.replications) replication(s), "
                    + "mean ± 95% CI half-width", columns: columns) + "\n\n")
        // The table shows the metrics asked for (`--metrics`, else the file's `metrics:`).
        let patterns = (metrics ?? scenario.terminalMetrics).map(MetricPattern.init)
        let shown = MetricPattern.select(rows, metric: \.metric, by: patterns)
        let compared = MetricPattern.select(comparison, metric: \.metric, by: patterns).rows
        warnUnmatched(shown.unmatched, names: rows.map(\.metric))
        Console.out(ComparisonTable.render(shown.rows, comparison: compared, columns: columns))
        Console.out("\n" + files.map { "wrote \(target.folder.appendingPathComponent($0.name).path)\n" }.joined())
    }

    /// run.json for `files`: what ran, from which file and commit, how, and each file's hash.
    static func runJSON(
        for files: [(name: String, data: Data)], scenario: String, scenarioFile: String, seed: UInt64,
        replications: Int, jobs: Int, startedAt: Date, wallTime: Double
    ) throws -> (name: String, data: Data) {
        let metadata = RunMetadata(
            scenario: scenario,
            gitCommit: RunMetadata.gitCommit(in: URL(fileURLWithPath: scenarioFile).deletingLastPathComponent()),
            scenarioFile: scenarioFile,
            scenarioSHA256: SHA256.hex(FileManager.default.contents(atPath: scenarioFile) ?? Data()),
            seed: seed, replications: replications, jobs: jobs, commandLine: commandLine, startedAt: startedAt,
            wallTime: wallTime,
            files: files.map { RunMetadata.WrittenFile(name: $0.name, sha256: SHA256.hex($0.data)) })
        return ("run.json", try encoded("run.json") { try metadata.data() })
    }

    /// The command line as typed, the program named by its file name alone (not the build path).
    static var commandLine: [String] {
        let arguments = CommandLine.arguments
        guard let program = arguments.first else { return arguments }
        return [URL(fileURLWithPath: program).lastPathComponent] + arguments.dropFirst()
    }

    /// The bytes of a file about to be written; an encoding failure is an internal one.
    static func encoded<Bytes>(_ name: String, _ encode: () throws -> Bytes) throws -> Bytes {
        do {
            return try encode()
        } catch {
            throw CommandFailure.internalFailure("cnsim: cannot encode \(name): \(error.localizedDescription)")
        }
    }
}

/// A warning on stderr for each pattern that matched no metric, with the nearest of `names`.
func warnUnmatched(_ patterns: [MetricPattern], names: [String]) {
    let names = Array(Set(names)).sorted()
    for pattern in patterns {
        let near = Suggestions.nearest(to: pattern.text, in: names).map { "; did you mean `\($0)`?" } ?? ""
        Console.error("cnsim: warning: no metric matches `\(pattern.text)`\(near) (every metric is in summary.csv)\n")
    }
}
