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

    /// `scenarios/retry-storm.yaml` (its naive-retries variant, without its chaos) over `duration`
    /// with `extra` settings, `traces` of its requests traced, imported, and the import run for as
    /// long: both summaries and the imported scenario's text.
    static func roundTrip(duration: String, replications: Int, traces: Int, extra: [String] = [], in folder: URL) throws
        -> (original: [String: (mean: Double, halfWidth: Double)], imported: [String: (mean: Double, halfWidth: Double)], yaml: String)
    {
        let shipped = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("scenarios/retry-storm.yaml"), encoding: .utf8)
        let short = shipped.replacingOccurrences(of: "\nduration: 15m\n", with: "\nduration: \(duration)\n")
        #expect(short != shipped)
        let original = folder.appendingPathComponent("retry-storm.yaml")
        try short.write(to: original, atomically: true, encoding: .utf8)
        let first = try CommandRunner.run(
            ["run", original.path, "--variant", "naive-retries", "--no-baseline", "--set", "runtime.chaos=[]"] + extra + [
                "--replications", String(replications), "--trace", String(traces), "--quiet", "--out",
                folder.appendingPathComponent("original").path,
            ])
        #expect(first.status == 0, "\(first.stderr)")
        let imported = folder.appendingPathComponent("imported.yaml")
        let importing = try CommandRunner.run([
            "import", "zipkin", folder.appendingPathComponent("original/traces.json").path, "--out", imported.path,
        ])
        #expect(importing.status == 0, "\(importing.stderr)")
        // The import runs the roots' window rounded up to the minute; run it as long as the original.
        let yaml = try String(contentsOf: imported, encoding: .utf8)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("duration: ") ? "duration: \(duration)" : String($0)
        }
        try lines.joined(separator: "\n").write(to: imported, atomically: true, encoding: .utf8)
        let again = try CommandRunner.run([
            "run", imported.path, "--replications", String(replications), "--quiet", "--out",
            folder.appendingPathComponent("imported").path,
        ])
        #expect(again.status == 0, "\(again.stderr)")
        return (
            try summary(folder.appendingPathComponent("original")), try summary(folder.appendingPathComponent("imported")), yaml
        )
    }

    /// Issue 13's round trip with `--trace 2000`: the mean response and each service's
    /// utilisation of the original and the imported run (3 replications each) must have 95% CIs
    /// that overlap, nothing widened. Overlap rather than each mean inside the other's CI: two
    /// runs of one and the same scenario put each mean inside the other's CI only about 84% of
    /// the time per metric with 3 replications (81% with 5; 200 000 pairs of normal samples), so
    /// that reading would fail a perfect import one time in three over three metrics; their CIs
    /// overlap 99.5% of the time. The run is short (40 s measured after the minute of warm-up,
    /// about 2 400 requests per replication, 2 000 of replication 0's traced) because the import's
    /// work means carry the sampling error of 2 000 traces, about 0.5 ms (1.6%) of the mean
    /// response, which the test must not hide: the runs' CIs are as wide as that only when they
    /// measure not many more requests than were traced. Over 21 seeds the gap was at most 0.79 of
    /// the summed half-widths (over 15 minutes, see the README, 2 000 traces are too few).
    @Test("retry-storm traced (2 000 requests), imported and run again: mean response and utilisation CIs overlap")
    func roundTrip() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (before, after, _) = try Self.roundTrip(duration: "1m40s", replications: 3, traces: 2000, in: folder)
        for metric in ["response_time_mean", "api.utilisation", "ratings.utilisation"] {
            let a = try #require(before[metric]), b = try #require(after[metric])
            #expect(abs(a.mean - b.mean) <= a.halfWidth + b.halfWidth, "\(metric): \(a) against \(b)")
        }
    }

    /// With constant work the import has no sampling error to hide behind: every traced api and
    /// ratings execution must come back as exactly 10 ms and 20 ms of own work (no network time
    /// between client and server spans, no queueing, no µs rounding counted as work) and every
    /// api execution must call ratings (a request still in progress at the end is left out).
    @Test("constant work comes back exact: own work holds no network, queueing or rounding; every call kept")
    func constantWork() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, _, yaml) = try Self.roundTrip(
            duration: "1m40s", replications: 1, traces: 2000,
            extra: [
                "--set", "runtime.endpoints.product-page.call.work=10ms",
                "--set", "runtime.endpoints.product-page.call.calls[ratings].work=20ms",
            ], in: folder)
        let work = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("work: ") }
        #expect(work == ["work: 10ms", "work: 20ms"], "\(yaml)")
        #expect(!yaml.contains("probability:"), "\(yaml)")
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
