import Foundation
import Testing

/// `cnsim export` checks the CSV it reads: a damaged file is exit 2 with `FILE:LINE`, and
/// nothing is written.
@Suite("Export of damaged results")
struct ExportInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var summary: Data
        /// Expected `:LINE: message` after the summary's path.
        var expected: String
        var testDescription: String { label }
    }

    static let header = "scenario,variant,metric,unit,replications,mean,stddev,ci95_low,ci95_high\n"

    static let cases = [
        Case(label: "empty", summary: Data(), expected: ":1: the file is empty; expected a header row"),
        Case(
            label: "binary", summary: Data([0x00, 0xFF, 0xFE, 0x01, 0x02]),
            expected: ":1: expected CSV text (UTF-8), found other bytes"),
        Case(
            label: "non-numeric mean",
            summary: Data((header + "mm1,rho-0.5,arrivals,count,10,22477,1,2,3\nmm1,rho-0.5,completed,count,10,lots,1,2,3\n").utf8),
            expected: ":3: `mean` expects a number, found `lots`"),
        Case(
            label: "short row", summary: Data((header + "mm1,rho-0.5,arrivals\n").utf8),
            expected: ":2: expected 9 fields, found 3"),
        Case(
            label: "no header columns", summary: Data("a,b\n1,2\n".utf8), expected: ":1: expected a column `scenario`"),
    ]

    @Test(arguments: cases)
    func refused(_ testCase: Case) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("mm1")
        try FileManager.default.copyItem(
            at: CommandRunner.packageRoot.appendingPathComponent("results/mm1"), to: results)
        let summary = results.appendingPathComponent("summary.csv")
        try testCase.summary.write(to: summary)
        let out = folder.appendingPathComponent("export")
        let outcome = try CommandRunner.run(
            ["export", results.path, "--to", out.path, "--scenario", "scenarios/mm1.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "cnsim: \(summary.path)\(testCase.expected)\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
