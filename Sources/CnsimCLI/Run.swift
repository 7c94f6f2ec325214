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

    @Option(help: "Trace N requests of each variant (runtime scenarios), spread over the run; writes traces.json (Zipkin v2).")
    var trace: Int = 0

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let replications, replications < 1 {
            throw ValidationError("--replications expects a whole number of at least 1, found \(replications)")
        }
        if trace < 0 {
            throw ValidationError("--trace expects a whole number of requests, found \(trace)")
        }
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs expects a whole number of at least 1, found \(jobs)")
        }
    }

    func run() throws {
        var scenario = try loadScenario(file)
        if let seed { scenario.seed = seed }
        if let replications { scenario.replications = replications }
        if trace > 0, !scenario.variants.contains(where: { if case .runtime = $0.model { true } else { false } }) {
            throw CommandFailure.invalidInput(
                "cnsim: --trace needs a `runtime:` scenario (requests through a call graph); \(file) has none")
        }
        let results = ScenarioRunner.run(scenario, workers: jobs ?? ParallelRunner.availableCores, traceSamples: trace)
        let rows = SummaryRow.rows(results)
        let folder = URL(fileURLWithPath: out ?? "results/\(scenario.name)", isDirectory: true)
        var files = [(folder.appendingPathComponent("summary.csv"), try SummaryCSV.document(rows).data())]
        if let timeseries = TimeseriesCSV.document(results) {
            files.append((folder.appendingPathComponent("timeseries.csv"), try timeseries.data()))
        }
        for table in RecordTablesCSV.documents(results) {
            files.append((folder.appendingPathComponent(table.name), try table.document.data()))
        }
        if let traces = try ZipkinTraces.document(results) {
            files.append((folder.appendingPathComponent("traces.json"), traces))
        }
        for (url, data) in files {
            do {
                try AtomicFile.write(data, to: url)
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
