import Foundation
import Testing

/// A replication with no incident cannot measure a time to detect: summary.csv summarises the
/// replications that could, and never prints `nan`.
@Suite("Metrics a replication cannot measure")
struct UnmeasuredMetricTests {
    /// One incident an hour over an hour: some replications see none.
    static let scenario = """
        name: rare
        duration: 1h
        replications: 12
        runtime:
          zones: [a]
          timeseries_resolution: 1m
          services: {api: {instances: 1, servers: 4}}
          endpoints: {home: {arrival_rate: 10/s, call: {service: api, work: 1ms}}}
          chaos:
            - random_errors: {service: api, rate: 24/d, probability: 1}
          monitoring:
            resolution: 10s
            stages: [{name: display}]
            alert: {threshold: 0.5, consecutive: 2}
            repair: 1m
        variants:
          ten-seconds: {}
          second:
            runtime: {monitoring: {resolution: 1s}}
        """

    @Test("summary.csv counts only the replications that measured a metric; no nan anywhere")
    func leftOut() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("rare.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let outcome = try CommandRunner.run(["run", file.path, "--quiet", "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let comparison = try String(contentsOf: out.appendingPathComponent("comparison.csv"), encoding: .utf8)
        #expect(!summary.contains("nan") && !comparison.contains("nan"))
        let rows = summary.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        func replications(_ variant: String, _ metric: String) -> Int? {
            rows.first { $0[1] == variant && $0[2] == metric }.flatMap { Int($0[4]) }
        }
        // Every replication counts its incidents (maybe zero)…
        #expect(replications("ten-seconds", "faults") == 12)
        // …but only those with an incident have a time to detect. At 1/h over 1 h, the chance
        // that all 12 have one is (1 - e^-1)^12 ≈ 0.4%; with this seed some have none.
        let measured = try #require(replications("ten-seconds", "time_to_detect_mean"))
        #expect(measured >= 1 && measured < 12)
        #expect(replications("second", "time_to_detect_mean") == measured, "same random numbers, same incidents")
    }
}

/// A run in which no request completes has no response time to report.
@Suite("No completed request")
struct NoCompletedRequestTests {
    @Test func responseAndWaitingTimesAreAbsentNotZero() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every request needs an hour of work; the run lasts a minute.
        let scenario = """
            name: stuck
            duration: 1m
            replications: 2
            model:
              services: {api: {}}
              requests:
                get:
                  arrival_rate: 1/s
                  path: [{service: api, service_time: 1h}]
            """
        try Data(scenario.utf8).write(to: folder.appendingPathComponent("stuck.yaml"))
        let outcome = try CommandRunner.run(["run", "stuck.yaml", "--quiet", "--out", "out"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try String(contentsOf: folder.appendingPathComponent("out/summary.csv"), encoding: .utf8)
        #expect(summary.contains(",completed,"))
        #expect(!summary.contains("response_time"))
        #expect(!summary.contains("waiting_time"))
    }
}
