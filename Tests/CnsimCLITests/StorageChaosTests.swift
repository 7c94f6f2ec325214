import Foundation
import Testing

/// `storage_nodes_down` in a runtime's chaos: storage nodes fail without their zone.
@Suite("Runtime chaos on storage nodes")
struct StorageChaosTests {
    /// Three nodes, one copy each of every key (RF 3); one node down from 20 s to 40 s of 60 s.
    /// Reads at ALL need all three copies, so every read in the window is unavailable; at ONE
    /// none is. No retries, no fallback: the page fails with its read.
    static func scenario(consistency: String, count: Int = 1) -> String {
        """
        name: nodes-down
        seed: 11
        duration: 60s
        replications: 2
        runtime:
          zones: [a, b, c]
          services:
            api: {instances: 3, servers: 64}
          storage:
            users:
              ring:
                nodes: 3
                replication_factor: 3
                keys: 1000
                node: {capacity_tb: 1, read_iops: 100000, write_iops: 100000, read_time: 100us, write_time: 50us, cpu_servers: 8, cpu_time: 50us, queue_capacity: 1000}
          endpoints:
            page:
              arrival_rate: 50/s
              call:
                service: api
                work: 1ms
                calls:
                  - storage: users
                    operation: read
                    consistency: \(consistency)
          chaos:
            - storage_nodes_down: {cluster: users, count: \(count), from: 20s, to: 40s}
        """
    }

    static func metrics(consistency: String) throws -> [String: Double] {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml")
        try scenario(consistency: consistency).write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", file.path, "--quiet", "--out", folder.appendingPathComponent("out").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try String(contentsOf: folder.appendingPathComponent("out/summary.csv"), encoding: .utf8)
        var metrics: [String: Double] = [:]
        for line in summary.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            metrics[String(fields[2])] = Double(fields[5])
        }
        return metrics
    }

    @Test("at ALL, reads in the window are unavailable (a third of the run); at ONE, none")
    func unavailable() throws {
        let all = try Self.metrics(consistency: "ALL")
        let operations = try #require(all["users.operations"])
        let unavailable = try #require(all["users.failed_unavailable"])
        // Poisson arrivals: the share in a 20 s window of 60 s is 1/3; 3000 reads a run, so the
        // standard error of the share is about sqrt(1/3 · 2/3 / 3000) ≈ 0.009; allow 4 of them.
        #expect(abs(unavailable / operations - 1.0 / 3) < 0.035)
        // No retry, no fallback: each failed read fails its page; besides the unavailable ones, a
        // read on a node at the moment it goes down fails with an error.
        let errors = try #require(all["users.failed_error"])
        #expect(errors < 5)
        #expect(all["failed"] == unavailable + errors)
        let one = try Self.metrics(consistency: "ONE")
        #expect(one["users.failed_unavailable"] == 0)
        #expect(one["failed"] == 0)
    }

    @Test("a count that would take the whole cluster down is invalid input at its line")
    func tooMany() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml")
        try Self.scenario(consistency: "ONE", count: 3).write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["validate", file.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("s.yaml:27:51: error: `count` expects fewer than the 3 nodes of `users`, found `3`"))
    }
}
