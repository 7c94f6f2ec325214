import ArgumentParser
import Foundation
import Reports

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Print a results folder as a decision-record table, ready to paste into an architecture decision record.",
        discussion: """
            The scenario's question, the options and the assumptions behind the figures (from the \
            scenario file run.json names, or --scenario), how the results were made (run.json), then \
            one line per metric: each variant's mean ± 95% CI half-width in the terminal table's units, \
            its change against the baseline in %, and whether the paired difference is significant. \
            What the folder and the file do not say is listed as a caveat. Markdown by default; \
            --format json gives the same content with the CSV's numbers.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    @Argument(help: "Results folder written by `cnsim run` (holds summary.csv).")
    var results: String

    @Option(help: "markdown or json.")
    var format: Format = .markdown

    @Option(help: "Write the record to this file instead of stdout.")
    var out: String?

    @Option(help: "The scenario file, for the question and assumptions (default: the file named in run.json).")
    var scenario: String?

    @Option(
        help: ArgumentHelp(
            "Show only metrics matching this name or pattern (repeatable; `*` any characters, `?` one; e.g. `availability`, `home.*`, `*p99*`); default: the scenario's `metrics:`, else all.",
            valueName: "pattern"))
    var metrics: [String] = []

    func validate() throws {
        if out?.isEmpty == true { throw ValidationError("--out expects a file, found an empty name") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: results, isDirectory: true)
        let read: (record: DecisionRecord, unmatched: [MetricPattern], metrics: [String])
        do {
            read = try DecisionRecord.read(
                folder: folder, scenarioFile: scenario, metrics: metrics.isEmpty ? nil : metrics.map(MetricPattern.init)
            )
        } catch let error as ExportError {
            throw CommandFailure.invalidInput("cnsim: \(error.description)")
        } catch {
            throw CommandFailure.invalidInput("cnsim: \(results): \(error.localizedDescription)")
        }
        warnUnmatched(read.unmatched, names: read.metrics)
        let data: Data
        switch format {
        case .markdown: data = Data(read.record.markdown().utf8)
        case .json: data = try ResultsFiles.encoded("the JSON record") { try read.record.json() }
        }
        if let out {
            try writeOutput(data, to: URL(fileURLWithPath: out))
            Console.out("wrote \(out)\n")
        } else {
            Console.out(String(decoding: data, as: UTF8.self))
        }
    }
}
