import Foundation
import Testing

@Suite("Determinism")
struct DeterminismTests {
    /// The CSV files a run writes, concatenated in name order (run.json holds wall-clock time).
    func output(_ arguments: [String], scenario: String = "tandem") throws -> Data {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(
            ["run", "scenarios/\(scenario).yaml", "--quiet", "--replications", "4", "--out", folder.path] + arguments)
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

    @Test("a delivery scenario: summary and deploys.csv identical for any --jobs")
    func deliveryIdentical() throws {
        let serial = try output(["--jobs", "1"], scenario: "monolith-vs-microservices")
        #expect(serial == (try output(["--jobs", "2"], scenario: "monolith-vs-microservices")))
        #expect(serial.count > 10_000)
    }

    @Test("another seed gives other numbers")
    func seedMatters() throws {
        #expect(try output(["--seed", "1"]) != output(["--seed", "2"]))
    }
}
