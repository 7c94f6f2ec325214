import ArgumentParser
import CloudModel
import Foundation
import Reports
import Scenario

/// `--shard I/N`: shard I (from 0) of N. The runs of a scenario are the jobs k = 0 … K−1
/// (variant-major, replication fastest); shard I runs the jobs with k mod N = I.
struct ShardSelection: ExpressibleByArgument, Equatable {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    /// The jobs of `total` this shard runs, in order.
    func jobs(of total: Int) -> [Int] { Array(stride(from: index, to: total, by: count)) }

    static let usage = "--shard expects I/N, shard I (from 0) of N shards, with 0 ≤ I < N, like 0/4"
}

/// What one shard ran and everything needed to merge it: the scenario as it ran (its file's
/// text, the command line's settings and overrides), a hash of the resolved scenario, and each
/// job's complete result. Written as `shard.json`, atomically, with a run.json beside it.
struct ShardManifest: Codable {
    /// `cnsim-shard-1`.
    var format = ShardManifest.currentFormat
    var version: String
    var scenario: String
    /// SHA-256 of the resolved scenario (every variant's model, seed, replications, duration),
    /// so that shards of different files, settings or versions are never merged together.
    var scenarioHash: String
    var scenarioFile: String
    var scenarioText: String
    var settings: [String]
    var seed: UInt64
    var replications: Int
    /// The variants run, in order, and the baseline (after `--variant` and `--no-baseline`).
    var variants: [String]
    var baseline: String
    var trace: Int
    /// Jobs of the whole run (variants × replications), shards, and this shard's index.
    var jobs: Int
    var shards: Int
    var shard: Int
    var results: [Job]

    struct Job: Codable {
        var job: Int
        var result: ReplicationResult
    }

    static let currentFormat = "cnsim-shard-1"

    /// The bytes of `value` as JSON with sorted keys; NaN and infinities as strings.
    static func json<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }

    static func decode(_ data: Data) throws -> ShardManifest {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ShardManifest.self, from: data)
    }

    /// SHA-256 of the resolved scenario's canonical JSON.
    static func hash(_ scenario: ScenarioDescription) throws -> String {
        SHA256.hex(try json(scenario))
    }
}

extension Run {
    /// Runs this shard's jobs of `scenario` and writes `shard.json` (and run.json) to the target.
    func runShard(
        _ shard: ShardSelection, of scenario: ScenarioDescription, target: ResultsTarget, workers: Int,
        startedAt: Date, clock: ContinuousClock, start: ContinuousClock.Instant
    ) throws {
        let total = scenario.variants.count * scenario.replications
        let jobs = shard.jobs(of: total)
        let results = ScenarioRunner.run(scenario, jobs: jobs, workers: workers, traceSamples: trace)
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let manifest = ShardManifest(
            version: Cnsim.version, scenario: scenario.name, scenarioHash: try ShardManifest.hash(scenario),
            scenarioFile: file, scenarioText: text, settings: settings, seed: scenario.seed,
            replications: scenario.replications, variants: scenario.variants.map(\.name),
            baseline: scenario.baselineVariant, trace: trace, jobs: total, shards: shard.count, shard: shard.index,
            results: zip(jobs, results).map { ShardManifest.Job(job: $0, result: $1) })
        var files = [(name: "shard.json", data: try ResultsFiles.encoded("shard.json") { try ShardManifest.json(manifest) })]
        files.append(
            try ResultsFiles.runJSON(
                for: files, scenario: scenario.name, scenarioFile: file, seed: scenario.seed,
                replications: scenario.replications, jobs: workers, startedAt: startedAt,
                wallTime: start.duration(to: clock.now).seconds))
        try target.write(files)
        if !quiet {
            Console.out(
                "\(scenario.name): shard \(shard.index)/\(shard.count), \(jobs.count) of \(total) job(s)\n"
                    + "wrote \(target.folder.appendingPathComponent("shard.json").path)\n")
        }
    }
}

/// `cnsim merge`: shard folders in, the files one machine would have written out.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the shard folders of a run (cnsim run --shard I/N) into its results.",
        discussion: """
            Checks that every shard ran the same scenario (the same file, settings, seed, \
            replications and cnsim version) and that every job is present exactly once (identical \
            copies from a retried task are fine, differing ones an error), then writes the files \
            `cnsim run` writes, byte-identical to a run without shards (run.json aside).
            """)

    @Argument(help: "Shard folders (each holding shard.json).")
    var shards: [String]

    @Option(help: "Output folder (default: results/<scenario name>/).")
    var out: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Replace an output folder holding another scenario's results or other files.")
    var force = false

    func validate() throws {
        if shards.isEmpty { throw ValidationError("cnsim merge expects at least one shard folder") }
    }

    func run() throws {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let manifests = try shards.map(Self.manifest)
        let first = manifests[0]
        for (folder, manifest) in zip(shards, manifests) {
            guard manifest.version == first.version else {
                throw Self.refused("\(folder) was written by cnsim \(manifest.version), \(shards[0]) by \(first.version)")
            }
            guard manifest.scenarioHash == first.scenarioHash, manifest.jobs == first.jobs else {
                throw Self.refused(
                    "\(folder) holds scenario `\(manifest.scenario)` (hash \(manifest.scenarioHash.prefix(12)), "
                        + "\(manifest.jobs) jobs), \(shards[0]) `\(first.scenario)` (hash "
                        + "\(first.scenarioHash.prefix(12)), \(first.jobs) jobs): shards of different runs")
            }
        }
        // Every job once; a copy must be the same bytes.
        var results: [Int: (folder: String, result: ReplicationResult)] = [:]
        for (folder, manifest) in zip(shards, manifests) {
            for job in manifest.results {
                guard (0..<first.jobs).contains(job.job) else {
                    throw Self.refused("\(folder) holds job \(job.job), outside 0..<\(first.jobs)")
                }
                if let earlier = results[job.job] {
                    // Compared as JSON: the same bytes, NaN included (NaN ≠ NaN as a number).
                    guard try ShardManifest.json(earlier.result) == ShardManifest.json(job.result) else {
                        throw Self.refused(
                            "job \(job.job) differs between \(earlier.folder) and \(folder); rerun one of them")
                    }
                    continue
                }
                results[job.job] = (folder, job.result)
            }
        }
        let missing = (0..<first.jobs).filter { results[$0] == nil }
        guard missing.isEmpty else {
            let listed = missing.prefix(10).map(String.init).joined(separator: ", ")
            throw Self.refused(
                "\(missing.count) of \(first.jobs) job(s) missing (\(listed)\(missing.count > 10 ? ", …" : "")); "
                    + "merge every shard of the run")
        }
        let scenario = try Self.scenario(of: first)
        let target = try ResultsTarget(path: out ?? "results/\(scenario.name)", scenario: scenario.name, force: force)
        let merged = ScenarioRunner.assemble(scenario, (0..<first.jobs).map { results[$0]!.result })
        try ResultsFiles.write(
            merged, to: target, scenarioFile: first.scenarioFile, seed: scenario.seed,
            replications: scenario.replications, jobs: manifests.count, startedAt: startedAt,
            wallTime: start.duration(to: clock.now).seconds, quiet: quiet)
    }

    /// The manifest in `folder`, or a clear refusal.
    static func manifest(_ folder: String) throws -> ShardManifest {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("shard.json").path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refused("\(folder) holds no shard.json; give the --out folders of `cnsim run --shard I/N`")
        }
        guard let manifest = try? ShardManifest.decode(data), manifest.format == ShardManifest.currentFormat else {
            throw refused("\(path) is not a \(ShardManifest.currentFormat) shard manifest")
        }
        return manifest
    }

    /// The scenario the shards ran, rebuilt from the manifest and checked against its hash.
    static func scenario(of manifest: ShardManifest) throws -> ScenarioDescription {
        var scenario: ScenarioDescription
        do {
            scenario = try ScenarioLoader.parse(
                yaml: manifest.scenarioText, file: manifest.scenarioFile, settings: manifest.settings)
        } catch let error as ScenarioError {
            throw CommandFailure.invalidInput(error.description)
        }
        scenario.seed = manifest.seed
        scenario.replications = manifest.replications
        scenario.variants = scenario.variants.filter { manifest.variants.contains($0.name) }
        scenario.baselineVariant = manifest.baseline
        guard try ShardManifest.hash(scenario) == manifest.scenarioHash else {
            throw refused(
                "the scenario in the shards does not resolve to what they ran (hash \(manifest.scenarioHash.prefix(12))); "
                    + "merge with the cnsim version that ran them")
        }
        return scenario
    }

    static func refused(_ reason: String) -> CommandFailure {
        CommandFailure.invalidInput("cnsim merge: \(reason); nothing written")
    }
}
