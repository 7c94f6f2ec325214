import Foundation
import Testing

/// notebooks-export/ holds what `cnsim export` makes of each committed results folder. After
/// re-recording results, re-record the exports with
/// `CNSIM_RECORD=1 swift test --filter CommittedExports` and commit them with the reason.
@Suite("Committed exports")
struct CommittedExportsTests {
    @Test("notebooks-export/NAME.{ipynb,html} match a fresh export", arguments: CommittedResultsTests.scenarios)
    func matches(_ name: String) throws {
        let exported = try ExportTests.export(name)
        defer { try? FileManager.default.removeItem(at: exported.root) }
        let committed = CommandRunner.packageRoot.appendingPathComponent("notebooks-export", isDirectory: true)
        for file in [exported.notebook, exported.page] {
            let target = committed.appendingPathComponent(file.lastPathComponent)
            if ProcessInfo.processInfo.environment["CNSIM_RECORD"] == "1" {
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
            }
            let expected = try? Data(contentsOf: target)
            #expect(try Data(contentsOf: file) == expected, "notebooks-export/\(file.lastPathComponent) is stale; see this suite's doc comment")
        }
    }
}
