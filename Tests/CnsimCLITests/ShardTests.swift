import Foundation
import Testing

/// `cnsim run --shard I/N` and `cnsim merge`: the shards of a run merge into exactly the files
/// one machine writes, and shards that do not make one run are refused.
@Suite("Shards and merge")
struct ShardTests {
    /// A world with deploys, monitoring, a breaker and the fast path: every kind of file (tables,
    /// time series) to merge. Two variants × 3 replications: K = 6 jobs.
    static let world = DeterminismTests.world + """

        variants:
          minute:
            description: minute metrics
          second:
            description: second metrics
            set: {runtime.monitoring.resolution: 1s}
        """

    /// The CSV files of `folder` by name (run.json holds the wall time and the command line).
    static func csv(_ folder: URL) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
    }

    func run(_ arguments: [String]) throws -> CommandRunner.Outcome {
        try CommandRunner.run(arguments)
    }

    @Test("merging N = 1, 2, 3 and K + 1 shards (one of them empty) writes what one machine writes")
    func byteIdentical() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("world.yaml").path
        try Self.world.write(toFile: file, atomically: true, encoding: .utf8)
        let whole = folder.appendingPathComponent("whole")
        let one = try run(["run", file, "--replications", "3", "--quiet", "--out", whole.path])
        #expect(one.status == 0, "\(one.stderr)")
        let expected = try Self.csv(whole)
        #expect(expected.keys.contains("deploys.csv") && expected.keys.contains("timeseries.csv"), "\(expected.keys)")
        for count in [1, 2, 3, 7] {
            var shards: [String] = []
            for index in 0..<count {
                let shard = folder.appendingPathComponent("shard-\(count)-\(index)").path
                let outcome = try run(["run", file, "--replications", "3", "--quiet", "--shard", "\(index)/\(count)", "--out", shard])
                #expect(outcome.status == 0, "\(outcome.stderr)")
                shards.append(shard)
            }
            let merged = folder.appendingPathComponent("merged-\(count)")
            let outcome = try run(["merge"] + shards.reversed() + ["--quiet", "--out", merged.path])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(try Self.csv(merged) == expected, "\(count) shard(s)")
        }
    }

    @Test("a missing job, another scenario, differing copies of a job, a bad --shard: exit 2, nothing written")
    func refusals() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("world.yaml").path
        try Self.world.write(toFile: file, atomically: true, encoding: .utf8)
        func shard(_ index: Int, of count: Int, seed: Int = 3) throws -> String {
            let path = folder.appendingPathComponent("s\(index)-\(count)-\(seed)").path
            let outcome = try run([
                "run", file, "--replications", "3", "--quiet", "--seed", "\(seed)", "--shard", "\(index)/\(count)", "--out", path,
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return path
        }
        let (a, b) = (try shard(0, of: 2), try shard(1, of: 2))
        let out = folder.appendingPathComponent("merged")
        func refused(_ shards: [String], _ fragment: String) throws {
            let outcome = try run(["merge"] + shards + ["--out", out.path])
            #expect(outcome.status == 2 && outcome.stderr.contains(fragment), "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        try refused([a], "3 of 6 job(s) missing (1, 3, 5)")
        try refused([a, try shard(1, of: 2, seed: 4)], "shards of different runs")
        // A copy of shard b whose job 1 says otherwise.
        let copy = folder.appendingPathComponent("copy").path
        try FileManager.default.copyItem(atPath: b, toPath: copy)
        let manifest = URL(fileURLWithPath: copy).appendingPathComponent("shard.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"job\":1,", with: "\"job\":1,\"x\":0,").replacingOccurrences(
            of: "\"events\":", with: "\"events\":1").write(to: manifest, atomically: true, encoding: .utf8)
        try refused([a, b, copy], "differs between")
        try refused([folder.path], "holds no shard.json")
        // An identical copy (a retried task) is fine.
        let again = try run(["merge", a, b, b, "--quiet", "--out", out.path])
        #expect(again.status == 0, "\(again.stderr)")
        for bad in ["3/2", "x/4", "1/0", "-1/2"] {
            let outcome = try run(["run", file, "--shard", bad, "--out", folder.appendingPathComponent("bad").path])
            #expect(outcome.status == 2 && outcome.stderr.contains("--shard"), "\(bad): \(outcome.stderr)")
        }
    }
}
