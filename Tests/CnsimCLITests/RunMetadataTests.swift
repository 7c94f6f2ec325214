import Foundation
import Reports
import Testing

@Suite("run.json")
struct RunMetadataTests {
    /// The parsed run.json of `folder`.
    static func metadata(in folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("run.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// name → sha256 of the files run.json lists.
    static func listedHashes(_ metadata: [String: Any]) throws -> [String: String] {
        let files = try #require(metadata["files"] as? [[String: String]])
        return Dictionary(uniqueKeysWithValues: files.map { ($0["name"]!, $0["sha256"]!) })
    }

    @Test("run.json records the program, input, settings and a hash of every file written")
    func fields() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["run", "scenarios/mmc.yaml", "--quiet", "--seed", "7", "--replications", "2", "--jobs", "1"]
        let outcome = try CommandRunner.run(arguments + ["--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let metadata = try Self.metadata(in: folder)
        let version = try CommandRunner.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(metadata["cnsim_version"] as? String == version)
        #expect(metadata["seed"] as? Int == 7)
        #expect(metadata["replications"] as? Int == 2)
        #expect(metadata["jobs"] as? Int == 1)
        #expect(metadata["argv"] as? [String] == ["cnsim"] + arguments + ["--out", folder.path])
        #expect(metadata["scenario"] as? String == "mmc")
        #expect(metadata["scenario_file"] as? String == "scenarios/mmc.yaml")
        let scenario = try Data(contentsOf: CommandRunner.packageRoot.appendingPathComponent("scenarios/mmc.yaml"))
        #expect(metadata["scenario_sha256"] as? String == SHA256.hex(scenario))
        let commit = metadata["git_commit"]
        #expect(commit is NSNull || (commit as? String)?.count == 40)
        let started = try #require(metadata["started_at"] as? String)
        #expect(ISO8601DateFormatter().date(from: started) != nil && started.hasSuffix("Z"))
        #expect(try #require(metadata["wall_time_s"] as? Double) >= 0)
        let hashes = try Self.listedHashes(metadata)
        #expect(hashes.keys.sorted() == ["comparison.csv", "replications.csv", "summary.csv"])
        for (name, hash) in hashes {
            #expect(SHA256.hex(try Data(contentsOf: folder.appendingPathComponent(name))) == hash)
        }
        // Sorted keys, pretty-printed: the first key after the brace is `argv`.
        let text = try String(contentsOf: folder.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"argv\" : ["))
    }

    @Test("re-running the recorded command with the recorded seed reproduces the recorded hashes")
    func reproducible() throws {
        let first = try CommandRunner.temporaryFolder()
        let second = try CommandRunner.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        let outcome = try CommandRunner.run(
            ["run", "scenarios/zone-outage.yaml", "--quiet", "--replications", "2", "--jobs", "2", "--out", first.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let metadata = try Self.metadata(in: first)
        var argv = try #require(metadata["argv"] as? [String]).dropFirst().map { $0 }
        let out = try #require(argv.firstIndex(of: "--out"))
        argv.removeSubrange(out...(out + 1))
        let seed = try #require(metadata["seed"] as? Int)
        let again = try CommandRunner.run(argv + ["--seed", String(seed), "--jobs", "1", "--out", second.path])
        #expect(again.status == 0, "\(again.stderr)")
        let recorded = try Self.listedHashes(metadata)
        #expect(recorded.keys.sorted() == ["comparison.csv", "replications.csv", "summary.csv", "timeseries.csv"])
        #expect(try Self.listedHashes(Self.metadata(in: second)) == recorded)
    }

    @Test("git missing or no repository: git_commit is null and the run succeeds")
    func withoutGit() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Data(contentsOf: CommandRunner.packageRoot.appendingPathComponent("scenarios/mm1.yaml"))
        try scenario.write(to: folder.appendingPathComponent("mm1.yaml"))
        // The temporary folder is in no git work tree (GIT_CEILING_DIRECTORIES stops the search).
        let outcome = try CommandRunner.run(
            ["run", "mm1.yaml", "--quiet", "--replications", "1", "--out", "out"], in: folder,
            environment: ["GIT_CEILING_DIRECTORIES": folder.deletingLastPathComponent().path, "PATH": "/nonexistent"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Self.metadata(in: folder.appendingPathComponent("out"))["git_commit"] is NSNull)
    }
}
