import Foundation
import Testing

/// notebooks-export/ holds what `cnsim export` makes of each committed results folder, and
/// Tests/CnsimCLITests/Expected/ what `cnsim report` makes of the headline's. After
/// re-recording results, re-record both with
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
            let expected = (try? Data(contentsOf: target)).map(Self.withoutPicture)
            #expect(
                Self.withoutPicture(try Data(contentsOf: file)) == expected,
                "notebooks-export/\(file.lastPathComponent) is stale; see this suite's doc comment")
        }
    }

    /// The stored decision record of the headline's committed results.
    static let expectedReport = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Expected/monolith-vs-microservices.report.md")

    @Test("`cnsim report` of the headline's committed results matches Expected/monolith-vs-microservices.report.md")
    func headlineReport() throws {
        let outcome = try CommandRunner.run(["report", "results/monolith-vs-microservices", "--format", "markdown"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        if ProcessInfo.processInfo.environment["CNSIM_RECORD"] == "1" {
            try Data(outcome.stdout.utf8).write(to: Self.expectedReport)
        }
        let expected = try String(contentsOf: Self.expectedReport, encoding: .utf8)
        // The provenance line names whoever ran the headline last: the README's first command
        // reruns it into results/ (same CSVs, a new run.json), and it is not stale for that.
        #expect(
            outcome.stdout.contains("**Run.** `cnsim run scenarios/monolith-vs-microservices.yaml"),
            "no provenance line")
        #expect(
            Self.withoutRunLine(outcome.stdout) == Self.withoutRunLine(expected),
            "Expected/\(Self.expectedReport.lastPathComponent) is stale; see this suite's doc comment")
    }

    /// A report without its `**Run.**` line (command, commit and start time of the run).
    static func withoutRunLine(_ report: String) -> String {
        report.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("**Run.**") }
            .joined(separator: "\n")
    }

    /// A page without its Graphviz picture (or the sentence saying there is none): what `dot`
    /// draws depends on the machine's Graphviz, which these files do not pin.
    static func withoutPicture(_ data: Data) -> Data {
        var text = String(decoding: data, as: UTF8.self)
        while let start = text.range(of: "<div class=\"figure\">"),
            let end = text.range(of: "</div>", range: start.upperBound..<text.endIndex)
        {
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: "<div class=\"figure\"/>")
        }
        return Data(text.utf8)
    }
}
