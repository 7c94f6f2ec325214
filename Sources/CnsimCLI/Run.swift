import ArgumentParser
import Foundation
import Reports
import Scenario
import SimKernel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate every variant of a scenario and write summary.csv, comparison.csv and run.json.",
        discussion: """
            Replications run in parallel; the CSV is byte-identical for any --jobs. Variants share \
            random numbers, so their differences come from the architecture, not the dice. A progress \
            bar appears on stderr for runs longer than a second when stderr is a terminal.
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

    @Option(help: "When stderr is not a terminal, write a progress line every this many seconds.")
    var progressEvery: Double = 30

    @Option(help: "Run only this variant (repeatable); the baseline runs too, for the comparison.")
    var variant: [String] = []

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set one setting of every variant, after its own overrides (repeatable), as PATH=VALUE: keys joined by `.`, a list's entry by name in brackets, like runtime.endpoints.home.call.calls[db].client.timeout=200ms.",
            valueName: "path=value"))
    var settings: [String] = []

    @Option(help: "Run only shard I of N, 0 ≤ I < N: the jobs k with k mod N = I (variant-major, replication fastest); writes shard.json for cnsim merge.")
    var shard: ShardSelection?

    @Flag(help: "With --variant: leave the baseline out unless named (the first variant run is then compared against).")
    var noBaseline = false

    @Option(
        help: ArgumentHelp(
            "Show only metrics matching this name or pattern in the table (repeatable; `*` any characters, `?` one; e.g. `availability`, `home.*`, `*p99*`); overrides the file's `metrics:`. The CSV files keep every metric.",
            valueName: "pattern"))
    var metrics: [String] = []

    @Flag(help: "Print nothing but errors (no table, no progress bar or lines).")
    var quiet = false

    @Flag(help: "Run past the event limit, or replace an output folder holding another scenario's results or other files.")
    var force = false

    func validate() throws {
        if let replications, !(1...ScenarioLimits.maximumCount).contains(replications) {
            throw ValidationError(
                "--replications expects a whole number from 1 to \(ScenarioLimits.maximumCount), found \(replications)")
        }
        if out?.isEmpty == true {
            throw ValidationError("--out expects a folder, found an empty name")
        }
        if noBaseline, variant.isEmpty {
            throw ValidationError("--no-baseline needs --variant: without it every variant runs")
        }
        if !(progressEvery > 0) {
            throw ValidationError("--progress-every expects a number of seconds above 0, found \(progressEvery)")
        }
        if trace < 0 {
            throw ValidationError("--trace expects a whole number of requests, found \(trace)")
        }
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs expects a whole number of at least 1, found \(jobs)")
        }
    }

    /// `scenario` with only the variants `names` (in file order) and, when `keepingBaseline`, its
    /// baseline; the baseline is the scenario's when kept, else the first variant left. Variants'
    /// random numbers depend on the seed and the replication alone, so each variant's results are
    /// those of a run of every variant.
    static func selecting(
        _ names: [String], keepingBaseline: Bool, of scenario: ScenarioDescription, file: String
    ) throws -> ScenarioDescription {
        let known = scenario.variants.map(\.name)
        for name in names where !known.contains(name) {
            let list = known.map { "`\($0)`" }.joined(separator: ", ")
            throw CommandFailure.invalidInput("cnsim: \(file) has no variant `\(name)`; its variants are \(list)")
        }
        var selected = scenario
        selected.variants = scenario.variants.filter {
            names.contains($0.name) || (keepingBaseline && $0.name == scenario.baselineVariant)
        }
        if !selected.variants.contains(where: { $0.name == scenario.baselineVariant }) {
            selected.baselineVariant = selected.variants[0].name
        }
        return selected
    }

    func run() throws {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        var scenario = try loadScenario(file, settings: settings)
        if let seed { scenario.seed = seed }
        if let replications { scenario.replications = replications }
        if !variant.isEmpty { scenario = try Self.selecting(variant, keepingBaseline: !noBaseline, of: scenario, file: file) }
        if trace > 0, !scenario.variants.contains(where: { if case .runtime = $0.model { true } else { false } }) {
            throw CommandFailure.invalidInput(
                "cnsim: --trace needs a `runtime:` scenario (requests through a call graph); \(file) has none")
        }
        let estimate = CostEstimate.of(scenario)
        if estimate.totalEvents > CostEstimate.maximumEvents, !force {
            throw CommandFailure.invalidInput(
                "cnsim: \(file): the run would handle \(estimate.summary), more than the limit of "
                    + "\(CostEstimate.format(CostEstimate.maximumEvents)); shorten `duration`, lower the rates "
                    + "or `replications`, or give --force")
        }
        let workers = jobs ?? ParallelRunner.availableCores
        if let peak = estimate.peakBytes(workers: workers), let available = ProcessMemory.availableBytes,
            peak > available, !force
        {
            throw CommandFailure.invalidInput(
                "cnsim: \(file): the run would need about \(CostEstimate.bytes(peak)) of memory at its peak with "
                    + "\(workers) job(s), more than the \(CostEstimate.bytes(available)) this machine has available; "
                    + "shorten `duration`, coarsen `timeseries_resolution`, lower `--jobs`, or give --force")
        }
        let defaultOut = shard.map { "results/\(scenario.name)-shard-\($0.index)-of-\($0.count)" } ?? "results/\(scenario.name)"
        let target = try ResultsTarget(path: out ?? defaultOut, scenario: scenario.name, force: force)
        if let shard {
            try runShard(shard, of: scenario, target: target, workers: workers, startedAt: startedAt, clock: clock, start: start)
            return
        }
        let results = simulate(scenario, workers: workers)
        try ResultsFiles.write(
            results, to: target, scenarioFile: file, seed: scenario.seed, replications: scenario.replications,
            jobs: workers, startedAt: startedAt, wallTime: start.duration(to: clock.now).seconds, quiet: quiet,
            metrics: metrics.isEmpty ? nil : metrics)
    }

    /// Runs the scenario, with a progress bar when stderr is a terminal, else progress lines,
    /// unless `--quiet`.
    private func simulate(_ scenario: ScenarioDescription, workers: Int) -> ScenarioResults {
        guard !quiet else {
            return ScenarioRunner.run(scenario, workers: workers, traceSamples: trace)
        }
        let bar = ProgressBar(
            total: scenario.variants.count * scenario.replications,
            simulatedPerReplication: Double(scenario.duration) / Double(SimTime.nanosecondsPerSecond),
            style: Console.errorIsTerminal ? .bar : .lines(interval: progressEvery))
        let results = ScenarioRunner.run(scenario, workers: workers, traceSamples: trace) { done, _ in bar.update(done) }
        bar.finish()
        return results
    }
}
