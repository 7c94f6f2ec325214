import Foundation
import Testing

@Suite("Determinism")
struct DeterminismTests {
    /// The CSV files a run writes, concatenated in name order (run.json holds wall-clock time).
    func output(_ arguments: [String], scenario: String = "tandem", file: String? = nil) throws -> Data {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(
            ["run", file ?? "scenarios/\(scenario).yaml", "--quiet", "--replications", "4", "--out", folder.path] + arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
        return try files.reduce(into: Data()) { $0 += try Data(contentsOf: folder.appendingPathComponent($1)) }
    }

    @Test("same seed twice, and --jobs 1 against --jobs 2: byte-identical CSV")
    func identicalOutput() throws {
        let serial = try output(["--jobs", "1"])
        let parallel = try output(["--jobs", "2"])
        let again = try output(["--jobs", "2"])
        #expect(serial == parallel)
        #expect(parallel == again)
        #expect(serial.count > 1000)
    }

    @Test("a runtime scenario with chaos: summary and time series identical for any --jobs")
    func runtimeIdentical() throws {
        let serial = try output(["--jobs", "1"], scenario: "zone-outage")
        #expect(serial == (try output(["--jobs", "2"], scenario: "zone-outage")))
    }

    /// Deploys, monitoring and the fast path in one runtime: teams shipping bad changes half the
    /// time through canaries, rolled back on minute metrics, steady stretches fast-forwarded.
    static let world = """
        name: world
        seed: 3
        duration: 12h
        runtime:
          zones: [a, b]
          timeseries_resolution: 1h
          fast_forward: {settle: 10s, sample: 30s}
          services: {web: {instances: 2, servers: 8}, api: {instances: 2, servers: 8}}
          endpoints:
            home:
              arrival_rate: 5/s
              call:
                service: web
                work: 2ms
                calls: [{service: api, work: 3ms, client: {timeout: 1s, circuit_breaker: {}, fallback: {}}}]
          monitoring:
            resolution: 1m
            stages: [{name: display, delay: 10s}]
            alert: {threshold: 0.05, consecutive: 2}
            reaction: {distribution: exponential, mean: 2m}
          delivery:
            organisation:
              change_rate: 4/d
              bad_change_probability: 0.5
              fix_time: 1h
              teams: {all: {developers: 2, services: [web, api]}}
            immutable: {boot_time: 1m, canary: {share: 0.1, bake: 5m}, rollback_time: 5s, keep_old: 10m}
            bad: {error_ratio: 0.5}
        """

    @Test("deploys, monitoring and fast-forwarded stretches: every CSV identical for any --jobs")
    func worldIdentical() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("world.yaml")
        try Self.world.write(to: file, atomically: true, encoding: .utf8)
        let serial = try output(["--jobs", "1"], file: file.path)
        #expect(serial == (try output(["--jobs", "2"], file: file.path)))
        #expect(serial.count > 10_000)
    }

    @Test("another seed gives other numbers")
    func seedMatters() throws {
        #expect(try output(["--seed", "1"]) != output(["--seed", "2"]))
    }
}
