import Foundation
import Testing

/// The CSV under results/ is what `cnsim run` produces now. When a change is meant to alter
/// results, re-record with `CNSIM_RECORD=1 swift test --filter CommittedResults` and commit the
/// new files with the reason.
@Suite("Committed results")
struct CommittedResultsTests {
    static let scenarios = ["mm1", "mmc", "tandem"]

    @Test("results/NAME/summary.csv matches a fresh run", arguments: scenarios)
    func matches(_ name: String) throws {
        let record = ProcessInfo.processInfo.environment["CNSIM_RECORD"] == "1"
        let committed = CommandRunner.packageRoot.appendingPathComponent("results/\(name)/summary.csv")
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(["run", "scenarios/\(name).yaml", "--quiet", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let fresh = try Data(contentsOf: folder.appendingPathComponent("summary.csv"))
        if record {
            try fresh.write(to: committed)
        }
        let expected = try Data(contentsOf: committed)
        #expect(fresh == expected, "results/\(name)/summary.csv is stale; see this suite's doc comment")
    }
}
