import Foundation
import Testing

@Suite("Commands")
struct CommandTests {
    @Test("run writes summary.csv with the documented columns and prints the comparison")
    func runWritesSummary() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(["run", "scenarios/mmc.yaml", "--replications", "2", "--out", folder.path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("c1") && outcome.stdout.contains("c4"))
        #expect(outcome.stdout.contains("waiting_time_mean"))
        let csv = try String(contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "scenario,variant,metric,unit,replications,mean,stddev,ci95_low,ci95_high")
        #expect(lines.contains { $0.hasPrefix("mmc,c4,pool.utilisation,ratio,2,") })
        #expect(csv.hasSuffix("\n"))
        // No temporary files are left beside the result.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "comparison.csv", "replications.csv", "run.json", "summary.csv",
            ])
    }

    @Test("--metrics picks the table's rows; the CSV keeps every metric; a pattern matching nothing is a warning")
    func metricsPickTheTable() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run([
            "run", "scenarios/mmc.yaml", "--replications", "2", "--out", folder.path, "--metrics", "*utilisation",
            "--metrics", "waiting_tme_mean",
        ])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("pool.utilisation") && !outcome.stdout.contains("response_time_mean"))
        #expect(outcome.stderr.contains(
            "cnsim: warning: no metric matches `waiting_tme_mean`; did you mean `waiting_time_mean`?"))
        let csv = try String(contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(csv.contains(",response_time_mean,") && csv.contains(",pool.utilisation,"))
    }

    @Test("validate says ok for every shipped scenario; list shows their descriptions")
    func validateAndList() throws {
        let files = [
            "mm1", "mmc", "tandem", "zone-outage", "retry-storm", "autoscaling", "storage-scale-out",
            "storage-zone-failure", "ssd-vs-disk",
        ].map { "scenarios/\($0).yaml" }
        let validate = try CommandRunner.run(["validate"] + files)
        #expect(validate.status == 0)
        #expect(validate.stdout.split(separator: "\n").map { String($0.prefix { $0 != "," }) } == files.map { "\($0): ok" })
        let list = try CommandRunner.run(["list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("scenarios/mmc.yaml"))
        #expect(list.stdout.contains("M/M/c pooling"))
    }

    @Test("bench runs every case and reports events per second")
    func bench() throws {
        let outcome = try CommandRunner.run([
            "bench", "--customers", "20000", "--seconds", "0.5", "--storage-seconds", "0.02",
            "--runtime-storage-seconds", "0.2",
            // The headline, incidents and social cases on a short scenario (the same code runs
            // them all): four weeks of the headline, or the social network (about 90 s in a
            // debug build), would be most of the test suite's time.
            "--headline-scenario", "scenarios/release-train.yaml",
            "--runtime-incidents-scenario", "scenarios/release-train.yaml",
            "--runtime-social-scenario", "scenarios/release-train.yaml",
        ])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("mm4-rho0.8"))
        #expect(outcome.stdout.contains("synthetic-200"))
        #expect(outcome.stdout.contains("storage-288"))
        #expect(outcome.stdout.contains("storage-in-memory-30"))
        #expect(outcome.stdout.contains("headline-hotfix"))
        #expect(outcome.stdout.contains("runtime-train-flags"))
        #expect(outcome.stdout.contains("runtime-storage"))
        #expect(outcome.stdout.contains("runtime-monitoring"))
        #expect(outcome.stdout.contains("runtime-incidents-hotfix"))
        #expect(outcome.stdout.contains("runtime-social-hotfix"))
        #expect(outcome.stdout.contains("events/s"))
    }

    @Test("a runtime scenario writes timeseries.csv with the documented columns")
    func runtimeTimeseries() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(
            ["run", "scenarios/autoscaling.yaml", "--replications", "2", "--quiet", "--out", folder.path])
        #expect(outcome.status == 0)
        let csv = try String(contentsOf: folder.appendingPathComponent("timeseries.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "variant,replication,time_s,entity,metric,unit,value")
        #expect(lines.contains { $0.hasPrefix("autoscaled,0,1800,api,instances_in_service,count,") })
        // One replication's trajectory per variant.
        #expect(!lines.contains { $0.hasPrefix("autoscaled,1,") })
    }
}
