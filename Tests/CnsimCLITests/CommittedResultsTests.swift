import Foundation
import Testing

/// The files under results/ are what `cnsim run` produces now. When a change is meant to alter
/// results, re-record with `CNSIM_RECORD=1 swift test --filter CommittedResults` and commit the
/// new files with the reason.
@Suite("Committed results")
struct CommittedResultsTests {
    /// Every scenario shipped in scenarios/.
    static let scenarios = (try? FileManager.default.contentsOfDirectory(
        atPath: CommandRunner.packageRoot.appendingPathComponent("scenarios").path))
        .map { $0.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted() } ?? []

    @Test("every shipped scenario has committed results")
    func everyScenarioHasResults() {
        #expect(Self.scenarios.count >= 6)
        for name in Self.scenarios {
            let summary = CommandRunner.packageRoot.appendingPathComponent("results/\(name)/summary.csv")
            #expect(FileManager.default.fileExists(atPath: summary.path), "no results/\(name)/summary.csv")
        }
    }

    /// Files compared byte for byte: those a fresh run writes, by name, but run.json, which
    /// holds wall-clock time and the git commit; its list of file hashes is checked against the
    /// fresh files instead. A file a user added to the folder (a `--trace` run's traces.json,
    /// say) is not compared.
    @Test("results/NAME/* match a fresh run", arguments: scenarios)
    func matches(_ name: String) throws {
        let committed = CommandRunner.packageRoot.appendingPathComponent("results/\(name)", isDirectory: true)
        if ProcessInfo.processInfo.environment["CNSIM_RECORD"] == "1" {
            // Recorded with the command a user would type, so run.json shows it.
            try? FileManager.default.removeItem(at: committed)
            let outcome = try CommandRunner.run(["run", "scenarios/\(name).yaml", "--quiet", "--out", "results/\(name)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        if Self.replicationZeroOnly.contains(name)
            || (!Self.wholeRunsChecked.contains(name)
                && ProcessInfo.processInfo.environment["CNSIM_ALL_RESULTS"] != "1")
        {
            try matchesReplicationZero(name, committed: committed, folder: folder)
            return
        }
        let outcome = try CommandRunner.run(["run", "scenarios/\(name).yaml", "--quiet", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for problem in try Self.differences(committed: committed, fresh: folder, name: "results/\(name)") {
            Issue.record("\(problem); see this suite's doc comment")
        }
    }

    /// What differs between a committed results folder and a fresh run's. The files compared
    /// are named by the fresh run: each it wrote but run.json must be in the committed folder,
    /// byte for byte, and the committed run.json must list those files, with the fresh hashes.
    /// Other files in the committed folder (a `--trace` run's traces.json, say) and run.json's
    /// entries for them are not compared.
    static func differences(committed: URL, fresh: URL, name: String) throws -> [String] {
        var problems: [String] = []
        let written = try FileManager.default.contentsOfDirectory(atPath: fresh.path).sorted()
        if !written.contains("run.json") { problems.append("the fresh run wrote no run.json") }
        for file in written where file != "run.json" {
            let expected = try? Data(contentsOf: committed.appendingPathComponent(file))
            if try Data(contentsOf: fresh.appendingPathComponent(file)) != expected {
                problems.append("\(name)/\(file) is missing or stale")
            }
        }
        let freshHashes = try RunMetadataTests.listedHashes(RunMetadataTests.metadata(in: fresh))
        let listed = try RunMetadataTests.listedHashes(RunMetadataTests.metadata(in: committed))
            .filter { freshHashes.keys.contains($0.key) }
        if listed != freshHashes { problems.append("\(name)/run.json lists other hashes") }
        return problems
    }

    /// A reader copies the README's commands; the headline's first run alone writes results/.
    @Test("the README's example runs write to a scratch folder, the headline's first run aside")
    func readmeExamplesWriteElsewhere() throws {
        let readme = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var inCode = false
        var runs: [String] = []
        for line in readme.split(separator: "\n") {
            if line.hasPrefix("```") { inCode.toggle() } else if inCode, line.contains("cnsim run ") { runs.append(String(line)) }
        }
        #expect(runs.count >= 4)
        #expect(runs.first?.hasSuffix("cnsim run scenarios/monolith-vs-microservices.yaml") == true, "\(runs)")
        for run in runs.dropFirst() {
            #expect(run.contains("--out /tmp/"), "writes into results/: \(run)")
        }
    }

    @Test("an extra file in a results folder is not compared; a missing or changed one is")
    func extraFilesIgnored() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let committed = folder.appendingPathComponent("committed")
        let fresh = folder.appendingPathComponent("fresh")
        for target in [committed, fresh] {
            let outcome = try CommandRunner.run(
                ["run", "scenarios/mm1.yaml", "--quiet", "--replications", "2", "--out", target.path])
            try #require(outcome.status == 0, "\(outcome.stderr)")
        }
        #expect(try Self.differences(committed: committed, fresh: fresh, name: "c").isEmpty)
        // A user's traces.json, and run.json rewritten to list it.
        try Data("{}".utf8).write(to: committed.appendingPathComponent("traces.json"))
        let metadata = committed.appendingPathComponent("run.json")
        let listing = try String(contentsOf: metadata, encoding: .utf8).replacingOccurrences(
            of: #""files" : ["#, with: #""files" : [ { "name" : "traces.json", "sha256" : "0" },"#)
        try listing.write(to: metadata, atomically: true, encoding: .utf8)
        #expect(try RunMetadataTests.listedHashes(RunMetadataTests.metadata(in: committed))["traces.json"] == "0")
        #expect(try Self.differences(committed: committed, fresh: fresh, name: "c").isEmpty)

        let summary = committed.appendingPathComponent("summary.csv")
        let original = try Data(contentsOf: summary)
        try (original + Data("x\n".utf8)).write(to: summary)
        #expect(try Self.differences(committed: committed, fresh: fresh, name: "c") == ["c/summary.csv is missing or stale"])
        try FileManager.default.removeItem(at: summary)
        #expect(try Self.differences(committed: committed, fresh: fresh, name: "c") == ["c/summary.csv is missing or stale"])
    }

    /// Scenarios too long to rerun whole in a debug build (the headline: 3 × 10 replications of
    /// four weeks; the storage sweep: rings up to 1 000 nodes at millions of writes a second; the
    /// social network: 4 variants × 5 replications of 2 000 requests/s with a fan-out of twenty
    /// writes a post, about 20 s each). Replication r's figures depend on the seed and r alone, so a run of
    /// replication 0 (`--replications 1`) must write exactly the committed rows of replication 0
    /// in every file with a `replication` column; summary.csv and comparison.csv follow from
    /// replications.csv (`ReplicationsCSVTests.committedResultsRecompute`).
    static let replicationZeroOnly: Set<String> = ["monolith-vs-microservices", "storage-scale-out", "social-network"]

    /// Scenarios `swift test` reruns whole, every replication: the cheap ones (a few seconds in a
    /// debug build), so that the full path (summary.csv and comparison.csv written from a fresh
    /// run) stays checked here. The others are checked on replication 0, as above, which keeps the
    /// suite fast (whole reruns of every scenario took about half of it); `.ci/run` reruns every
    /// scenario whole but the three above with `CNSIM_ALL_RESULTS=1`.
    static let wholeRunsChecked: Set<String> = [
        "product-development", "monitoring-minute-vs-second", "service-storage", "tandem", "mm1",
    ]

    /// The variants `swift test` checks of the three longest scenarios (replication 0 of each takes
    /// about a minute in a debug build, half the suite): the headline's microservices with
    /// second metrics (canaries, monitoring, rollbacks; release-train.yaml exercises trains whole),
    /// the two smallest rings of the sweep, and the social network's asynchronous fan-out (caches
    /// read through, breakers, fallbacks, a queue, replica sets, in-memory rings). A variant's numbers are those of a run of every
    /// variant, so these rows must be the committed ones; `.ci/run` checks every variant.
    static let variantsChecked: [String: [String]] = [
        "monolith-vs-microservices": ["microservices-1s-metrics"], "storage-scale-out": ["nodes=48", "nodes=96"],
        "social-network": ["async-fan-out"],
    ]

    func matchesReplicationZero(_ name: String, committed: URL, folder: URL) throws {
        let variants = ProcessInfo.processInfo.environment["CNSIM_ALL_RESULTS"] == "1" ? nil : Self.variantsChecked[name]
        let only = (variants ?? []).flatMap { ["--variant", $0] } + (variants == nil ? [] : ["--no-baseline"])
        let outcome = try CommandRunner.run(
            ["run", "scenarios/\(name).yaml", "--quiet", "--replications", "1", "--out", folder.path] + only)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for file in written where file.hasSuffix(".csv") && !["summary.csv", "comparison.csv"].contains(file) {
            let fresh = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let expected = try? String(contentsOf: committed.appendingPathComponent(file), encoding: .utf8)
            #expect(
                expected.map { Self.replicationZero($0, variants: variants.map(Set.init)) } == fresh,
                "results/\(name)/\(file): replication 0 is missing or stale; see this suite's doc comment")
        }
    }

    /// The header and the rows of replication 0 (of `variants` alone, when given) of a CSV text
    /// with a `replication` column (the columns before it are names without commas).
    static func replicationZero(_ csv: String, variants: Set<String>? = nil) -> String {
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        let names = lines.first.map { $0.split(separator: ",", omittingEmptySubsequences: false) } ?? []
        guard let header = lines.first, let column = names.firstIndex(of: "replication") else { return csv }
        let variantColumn = names.firstIndex(of: "variant")
        let rows = lines.dropFirst().filter { line in
            let fields = line.split(separator: ",", maxSplits: column + 1, omittingEmptySubsequences: false)
            guard fields.count > column, fields[column] == "0" else { return false }
            guard let variants, let variantColumn, variantColumn < column else { return true }
            return variants.contains(String(fields[variantColumn]))
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }
}
