import ArgumentParser
import Foundation
import Reports
import Scenario
import SimKernel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate every variant of a scenario and write summary.csv.",
        discussion: """
            Replications run in parallel; the CSV is byte-identical for any --jobs. Variants share \
            random numbers, so their differences come from the architecture, not the dice.
            """
    )

    @Argument(help: "Scenario file (YAML).")
    var file: String

    @Option(help: "Seed of every random stream (overrides the file's `seed`).")
    var seed: UInt64?

    @Option(help: "Independent replications per variant (overrides the file's `replications`).")
    var replications: Int?

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Option(help: "Output folder (default: results/<scenario name>/).")
    var out: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let replications, replications < 1 {
            throw ValidationError("--replications expects a whole number of at least 1, found \(replications)")
        }
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs expects a whole number of at least 1, found \(jobs)")
        }
    }

    func run() throws {
        var scenario = try loadScenario(file)
        if let seed { scenario.seed = seed }
        if let replications { scenario.replications = replications }
        let results = ScenarioRunner.run(scenario, workers: jobs ?? ParallelRunner.availableCores)
        let rows = SummaryRow.rows(results)
        let folder = URL(fileURLWithPath: out ?? "results/\(scenario.name)", isDirectory: true)
        var files = [(folder.appendingPathComponent("summary.csv"), SummaryCSV.document(rows))]
        if let timeseries = TimeseriesCSV.document(results) {
            files.append((folder.appendingPathComponent("timeseries.csv"), timeseries))
        }
        for table in RecordTablesCSV.documents(results) {
            files.append((folder.appendingPathComponent(table.name), table.document))
        }
        for (url, document) in files {
            do {
                try AtomicFile.write(document.data(), to: url)
            } catch {
                throw CommandFailure.internalFailure("cnsim: cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        guard !quiet else { return }
        Console.out(
            """
            \(scenario.name): \(scenario.variants.count) variant(s) × \(scenario.replications) replication(s), \
            mean ± 95% CI half-width

            """)
        Console.out(ComparisonTable.render(rows))
        Console.out("\n" + files.map { "wrote \($0.0.path)\n" }.joined())
    }
}
