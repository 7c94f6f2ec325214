import Foundation
import Testing

@Suite("Determinism")
struct DeterminismTests {
    func summary(_ arguments: [String]) throws -> Data {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(
            ["run", "scenarios/tandem.yaml", "--quiet", "--replications", "4", "--out", folder.path] + arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try Data(contentsOf: folder.appendingPathComponent("summary.csv"))
    }

    @Test("same seed twice, and --jobs 1 against --jobs 2: byte-identical CSV")
    func identicalOutput() throws {
        let serial = try summary(["--jobs", "1"])
        let parallel = try summary(["--jobs", "2"])
        let again = try summary(["--jobs", "2"])
        #expect(serial == parallel)
        #expect(parallel == again)
        #expect(serial.count > 1000)
    }

    @Test("another seed gives other numbers")
    func seedMatters() throws {
        #expect(try summary(["--seed", "1"]) != summary(["--seed", "2"]))
    }
}
