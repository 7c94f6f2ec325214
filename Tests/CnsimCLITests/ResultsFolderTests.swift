import Foundation
import Reports
import Testing

/// A run replaces its results folder as one unit: never a mix of two runs or two scenarios.
@Suite("Results folder as one unit")
struct ResultsFolderTests {
    /// The folder's files, and whether each listed in its run.json has the listed hash and no
    /// other file is there: true for a complete folder of one run.
    static func isComplete(_ folder: URL) throws -> Bool {
        let metadata = try RunMetadataTests.metadata(in: folder)
        let hashes = try RunMetadataTests.listedHashes(metadata)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        guard Set(names) == Set(hashes.keys).union(["run.json"]) else { return false }
        return try hashes.allSatisfy { name, hash in
            SHA256.hex(try Data(contentsOf: folder.appendingPathComponent(name))) == hash
        }
    }

    @Test func anEmptyOutIsRefused() throws {
        let outcome = try CommandRunner.run(["run", "scenarios/mm1.yaml", "--out", ""])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--out expects a folder, found an empty name"))
    }

    @Test("the current folder, or one holding it, is never replaced, even with --force", arguments: [".", ".."])
    func theWorkingFolderIsNeverReplaced(out: String) throws {
        let parent = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let work = parent.appendingPathComponent("work", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: work.appendingPathComponent("notes.txt"))
        let scenario = CommandRunner.packageRoot.appendingPathComponent("scenarios/mm1.yaml").path
        let outcome = try CommandRunner.run(["run", scenario, "--quiet", "--out", out, "--force"], in: work)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("holds the current folder"), "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["notes.txt"])
    }

    @Test func anotherScenariosFolderIsRefusedUnlessForced() throws {
        let parent = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out")
        let mm1 = try CommandRunner.run(["run", "scenarios/mm1.yaml", "--quiet", "--replications", "2", "--out", folder.path])
        #expect(mm1.status == 0, "\(mm1.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(before.contains("comparison.csv"))
        let arguments = ["run", "scenarios/ssd-vs-disk.yaml", "--quiet", "--replications", "2", "--out", folder.path]
        let refused = try CommandRunner.run(arguments)
        #expect(refused.status == 2)
        #expect(refused.stderr == "cnsim: \(folder.path) holds the results of scenario `mm1`, not `ssd-vs-disk`; "
            + "choose another --out, or give --force to replace them\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
        let forced = try CommandRunner.run(arguments + ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.isComplete(folder))
        #expect(RunMetadata.scenario(inFolder: folder) == "ssd-vs-disk")
        // Nothing is left beside the folder either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
    }

    @Test func filesOfAnEarlierRunDoNotSurvive() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["run", "scenarios/mm1.yaml", "--quiet", "--replications", "2", "--out", folder.path]
        #expect(try CommandRunner.run(arguments).status == 0)
        try Data("stale\n".utf8).write(to: folder.appendingPathComponent("timeseries.csv"))
        #expect(try !Self.isComplete(folder))
        #expect(try CommandRunner.run(arguments).status == 0)
        #expect(try Self.isComplete(folder))
    }

    @Test func aFolderOfOtherFilesIsRefused() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let outcome = try CommandRunner.run(["run", "scenarios/mm1.yaml", "--quiet", "--out", folder.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("is not empty and holds no run.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
    }

    @Test func anUnwritableTargetIsAnInternalFailure() throws {
        // /proc refuses new folders even to root.
        let outcome = try CommandRunner.run(
            ["run", "scenarios/mm1.yaml", "--quiet", "--replications", "2", "--out", "/proc/cnsim-results"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("cnsim: cannot write /proc/cnsim-results"))
    }

    /// SIGINT, SIGTERM and SIGKILL at random moments of a run over a complete earlier run:
    /// the folder is always the complete old one or the complete new one.
    @Test func aKillAtAnyMomentLeavesTheOldOrTheNewFolder() throws {
        let parent = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out")
        var arguments = ["run", "scenarios/mm1.yaml", "--quiet", "--replications", "2", "--jobs", "1"]
        arguments += ["--out", folder.path]
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try CommandRunner.run(arguments).status == 0)
        let runTime = start.duration(to: clock.now)
        let runSeconds = Double(runTime.components.seconds) + Double(runTime.components.attoseconds) * 1e-18
        var generator = SystemRandomNumberGenerator()
        for signal in [SIGINT, SIGTERM, SIGKILL, SIGINT, SIGTERM, SIGKILL] {
            let process = Process()
            process.executableURL = CommandRunner.executable
            process.arguments = arguments + ["--seed", "\(UInt64.random(in: 1...1000, using: &generator))"]
            process.currentDirectoryURL = CommandRunner.packageRoot
            try process.run()
            let delay = Double.random(in: 0...1.1, using: &generator) * runSeconds
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(try Self.isComplete(folder), "signal \(signal) after \(delay) s")
        }
        // The next run removes what the killed ones left beside the folder.
        #expect(try CommandRunner.run(arguments).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
    }
}

/// `cnsim run` refuses a run past the event limit before simulating anything.
@Suite("Cost guard")
struct CostGuardTests {
    @Test func aRunOfTooManyEventsIsRefusedWithItsEstimate() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = """
            name: huge
            duration: 100w
            model:
              services: {api: {instances: 1000}}
              requests:
                get:
                  arrival_rate: 1000000/s
                  path: [{service: api, service_time: 1ms}]
            """
        try Data(scenario.utf8).write(to: folder.appendingPathComponent("huge.yaml"))
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try CommandRunner.run(["run", "huge.yaml", "--out", "out"], in: folder)
        #expect(start.duration(to: clock.now) < .seconds(20))
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("cnsim: huge.yaml: the run would handle about 1.2e+14 events per replication"))
        #expect(outcome.stderr.contains("more than the limit of 10 billion"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let explain = try CommandRunner.run(["explain", "huge.yaml"], in: folder)
        #expect(explain.stdout.contains("Cost: about 1.2e+14 events per replication"))
    }

    /// One service, one request a second, a time-series bucket per `resolution` for `duration`.
    static func timeseries(duration: String, resolution: String) -> String {
        """
        name: buckets
        duration: \(duration)
        replications: 2
        runtime:
          zones: [a]
          timeseries_resolution: \(resolution)
          services: {api: {instances: 1, servers: 4}}
          endpoints: {home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}}
        """
    }

    /// A 1 ms time series over 30 days: few events (2.6 billion bucket ends, under the event
    /// limit) but trillions of bytes of points; refused at once, nothing written.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/clear_refs")))
    func aRunPastTheAvailableMemoryIsRefusedWithItsEstimate() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.timeseries(duration: "30d", resolution: "1ms").utf8).write(to: folder.appendingPathComponent("big.yaml"))
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try CommandRunner.run(["run", "big.yaml", "--out", "out", "--jobs", "2"], in: folder)
        #expect(start.duration(to: clock.now) < .seconds(20))
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("cnsim: big.yaml: the run would need about "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("TiB of memory at its peak with 2 job(s), more than the "))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let validate = try CommandRunner.run(["validate", "big.yaml"], in: folder)
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("TiB with"), "\(validate.stdout)")
    }

    /// The memory estimate against the peak resident size `/usr/bin/time` measures, within a
    /// factor of 2, on a run whose time series (18 000 buckets of 10 ms) outweighs the program.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/time")
        && FileManager.default.fileExists(atPath: "/proc/self/clear_refs")))
    func theMemoryEstimateIsWithinAFactorOfTwo() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.timeseries(duration: "3m", resolution: "10ms").utf8).write(to: folder.appendingPathComponent("ts.yaml"))
        let validate = try CommandRunner.run(["validate", "ts.yaml"], in: folder)
        let estimate = try #require(Self.mebibytes(after: "peak memory about ", in: validate.stdout), "\(validate.stdout)")
        let timed = try CommandRunner.run(
            ["-f", "%M", CommandRunner.executable.path, "run", "ts.yaml", "--quiet", "--jobs", "2", "--out", "out"],
            in: folder, executable: URL(fileURLWithPath: "/usr/bin/time"))
        #expect(timed.status == 0, "\(timed.stderr)")
        let kilobytes = try #require(Double(timed.stderr.split(separator: "\n").last.map(String.init) ?? ""))
        let measured = kilobytes / 1024
        #expect(estimate >= measured / 2 && estimate <= measured * 2, "estimated \(estimate) MiB, measured \(measured) MiB")
        #expect(estimate > 30, "the time series must show in the estimate: \(estimate) MiB")
    }

    /// The number before ` MiB` that follows `prefix`.
    static func mebibytes(after prefix: String, in text: String) -> Double? {
        guard let range = text.range(of: prefix) else { return nil }
        let rest = text[range.upperBound...]
        let number = rest.prefix { $0.isNumber || $0 == "." }
        return rest.dropFirst(number.count).hasPrefix(" MiB") ? Double(number) : nil
    }
}
