import Foundation
import Testing

@Suite("comparison.csv")
struct ComparisonTests {
    /// M/M/1 at ρ = 0.4; `same` repeats the baseline exactly, `slow` doubles the service time.
    static let scenario = """
        name: paired
        duration: 2000s
        warmup: 200s
        replications: 5
        model:
          services: {server: {}}
          requests:
            customer:
              arrival_rate: 0.4/s
              path:
                - service: server
                  service_time: {distribution: exponential, mean: 1s}
        variants:
          base: {}
          same: {description: exactly the baseline}
          slow:
            model:
              requests:
                customer:
                  path:
                    - service: server
                      service_time: {distribution: exponential, mean: 2s}

        """

    /// comparison.csv's rows as column → value, keyed by variant and metric.
    static func rows(_ csv: String) -> [String: [String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var rows: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            let row = Dictionary(uniqueKeysWithValues: zip(lines[0], line))
            rows["\(row["variant"]!) \(row["metric"]!)"] = row
        }
        return rows
    }

    @Test("an identical variant differs by exactly 0; a doubled service time significantly")
    func knownDifferences() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("paired.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", file.path, "--out", folder.appendingPathComponent("out").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let csv = try String(contentsOf: folder.appendingPathComponent("out/comparison.csv"), encoding: .utf8)
        #expect(
            csv.hasPrefix(
                "scenario,metric,unit,baseline,variant,baseline_mean,variant_mean,difference,ci95_low,ci95_high,"
                    + "relative_change,significant\n"))
        let rows = Self.rows(csv)
        #expect(!rows.keys.contains { $0.hasPrefix("base ") }, "the baseline is not compared with itself")
        let same = rows.filter { $0.key.hasPrefix("same ") }.values
        #expect(same.count > 10)
        for row in same {
            #expect(row["difference"] == "0" && row["ci95_low"] == "0" && row["ci95_high"] == "0", "\(row)")
            #expect(row["significant"] == "false")
        }
        let wait = try #require(rows["slow waiting_time_mean"])
        #expect(wait["significant"] == "true")
        #expect(try #require(Double(wait["ci95_low"]!)) > 0)
        // Wq goes from ρ/(μ − λ) = 0.667 s to 0.8/(0.5 − 0.4) = 8 s: about eleven times more.
        #expect(try #require(Double(wait["relative_change"]!)) > 5)
        #expect(rows["slow server.utilisation"]?["significant"] == "true")
        #expect(rows["slow rejected"]?["relative_change"] == "", "a zero baseline mean has no relative change")
        // The terminal table marks the significant cells and explains the mark.
        #expect(outcome.stdout.contains(" *\n"))
        #expect(outcome.stdout.contains("* differs from baseline `base`"))
    }

    @Test("`baseline:` chooses the variant the others are compared with")
    func namedBaseline() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("paired.yaml")
        try (Self.scenario + "baseline: slow\n").write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(
            ["run", file.path, "--quiet", "--replications", "1", "--out", folder.appendingPathComponent("out").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let csv = try String(contentsOf: folder.appendingPathComponent("out/comparison.csv"), encoding: .utf8)
        let rows = Self.rows(csv)
        #expect(Set(rows.values.map { $0["baseline"]! }) == ["slow"])
        #expect(Set(rows.values.map { $0["variant"]! }) == ["base", "same"])
        // One replication: no interval, never significant.
        #expect(rows.values.allSatisfy { $0["ci95_low"] == "" && $0["ci95_high"] == "" && $0["significant"] == "false" })
    }

    @Test("one variant: no comparison.csv")
    func singleVariant() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("single.yaml")
        let single = Self.scenario.components(separatedBy: "variants:")[0]
        try single.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let outcome = try CommandRunner.run(["run", file.path, "--quiet", "--replications", "2", "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["replications.csv", "run.json", "summary.csv"])
    }
}
