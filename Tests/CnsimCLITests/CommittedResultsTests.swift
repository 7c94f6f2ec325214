import Foundation
import Testing

/// The CSV under results/ is what `cnsim run` produces now. When a change is meant to alter
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

    @Test("results/NAME/*.csv match a fresh run", arguments: scenarios)
    func matches(_ name: String) throws {
        let record = ProcessInfo.processInfo.environment["CNSIM_RECORD"] == "1"
        let committed = CommandRunner.packageRoot.appendingPathComponent("results/\(name)", isDirectory: true)
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(["run", "scenarios/\(name).yaml", "--quiet", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        if record {
            try? FileManager.default.removeItem(at: committed)
            try FileManager.default.copyItem(at: folder, to: committed)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted() == written)
        for file in written {
            let fresh = try Data(contentsOf: folder.appendingPathComponent(file))
            let expected = try Data(contentsOf: committed.appendingPathComponent(file))
            #expect(fresh == expected, "results/\(name)/\(file) is stale; see this suite's doc comment")
        }
    }
}
