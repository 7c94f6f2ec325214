import Foundation
import Testing

/// `cnsim import zipkin` end to end: a shipped scenario traced, imported and run again.
@Suite("Zipkin round trip")
struct ZipkinRoundTripTests {
    /// (mean, 95% CI half-width) of each metric in summary.csv.
    static func summary(_ folder: URL) throws -> [String: (mean: Double, halfWidth: Double)] {
        let csv = try String(contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8)
        var rows: [String: (Double, Double)] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard let mean = Double(cells[5]), let high = Double(cells[8]) else { continue }
            rows[cells[2]] = (mean, high - mean)
        }
        return rows
    }

    /// Relative standard error of the mean of `values`: what a fit to them carries into the
    /// imported scenario.
    static func relativeError(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot() / mean
    }

    /// `scenarios/retry-storm.yaml` (its naive-retries variant) without its chaos and over 4
    /// minutes rather than 15, so that it runs in seconds: 2 000 requests traced, imported, and
    /// the import run. The mean response and each service's utilisation of the two runs (3
    /// replications each) must lie inside each other's 95% CI, each CI widened by 1.96 standard
    /// errors of what the import measured from 2 000 traces (the mean response of the traced
    /// requests, the mean server span of the service): at 2 000 traces that error (about 1.7%
    /// of the mean response) is as large as the runs' own CIs.
    @Test("retry-storm traced, imported and run again: mean response and utilisation inside each other's CIs")
    func roundTrip() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("scenarios/retry-storm.yaml"), encoding: .utf8)
        let short = shipped.replacingOccurrences(of: "\nduration: 15m\n", with: "\nduration: 4m\n")
        #expect(short != shipped)
        let original = folder.appendingPathComponent("retry-storm.yaml")
        try short.write(to: original, atomically: true, encoding: .utf8)
        let first = try CommandRunner.run([
            "run", original.path, "--variant", "naive-retries", "--no-baseline", "--set", "runtime.chaos=[]",
            "--replications", "3", "--trace", "2000", "--quiet", "--out", folder.appendingPathComponent("original").path,
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let traces = folder.appendingPathComponent("original/traces.json")
        let imported = folder.appendingPathComponent("imported.yaml")
        let importing = try CommandRunner.run(["import", "zipkin", traces.path, "--out", imported.path])
        #expect(importing.status == 0, "\(importing.stderr)")
        let again = try CommandRunner.run([
            "run", imported.path, "--replications", "3", "--quiet", "--out", folder.appendingPathComponent("imported").path,
        ])
        #expect(again.status == 0, "\(again.stderr)")

        let spans = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: traces)) as? [[String: Any]])
        func durations(_ keep: ([String: Any]) -> Bool) -> [Double] {
            spans.filter(keep).map { Double($0["duration"] as! Int) }
        }
        let service = { (span: [String: Any]) in (span["localEndpoint"] as? [String: Any])?["serviceName"] as? String }
        let importError: [String: Double] = [
            "response_time_mean": Self.relativeError(durations { $0["parentId"] == nil }),
            "api.utilisation": Self.relativeError(durations { $0["kind"] as? String == "SERVER" && service($0) == "api" }),
            "ratings.utilisation": Self.relativeError(
                durations { $0["kind"] as? String == "SERVER" && service($0) == "ratings" }),
        ]
        let before = try Self.summary(folder.appendingPathComponent("original"))
        let after = try Self.summary(folder.appendingPathComponent("imported"))
        for (metric, error) in importError {
            let a = try #require(before[metric]), b = try #require(after[metric])
            let widened = 1.96 * error * a.mean
            #expect(abs(a.mean - b.mean) <= min(a.halfWidth, b.halfWidth) + widened, "\(metric): \(a) against \(b), import error ±\(widened)")
        }
    }

    @Test("invalid trace files: FILE:LINE:COLUMN, exit 2, nothing written")
    func invalidInput() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.yaml")
        for (text, message) in [
            ("", "t.json:1:1: error: the file is empty"),
            ("[{\"traceId\": 1]", "t.json:1:"),
            ("{\"spans\": []}", "t.json:1:1: error: expected a JSON list of Zipkin v2 spans"),
            ("[\n  {\"traceId\": \"a\", \"id\": \"b\", \"kind\": \"SERVER\", \"timestamp\": 1, \"localEndpoint\": {\"serviceName\": \"s\"}}\n]",
             "t.json:2:3: error: span 1: missing `duration`"),
        ] {
            let file = folder.appendingPathComponent("t.json")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let outcome = try CommandRunner.run(["import", "zipkin", "t.json", "--out", out.path], in: folder)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.hasPrefix(message), "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        let missing = try CommandRunner.run(["import", "zipkin", "none.json"], in: folder)
        #expect(missing.status == 2 && missing.stderr.contains("cannot read the trace file: there is no file at `none.json`"))
    }
}
