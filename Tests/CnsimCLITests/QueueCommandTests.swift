import Foundation
import Testing

/// Queues seen, not just computed: `explain` and `graph` show them, the run's table and
/// summary.csv report their measures, timeseries.csv their length, and the exported page charts them.
@Suite("Queues from the command line")
struct QueueCommandTests {
    /// Orders published to `fulfilment`; its one worker is killed for a while, so the queue backs up.
    static let scenario = """
        name: queued
        duration: 60s
        warmup: 5s
        replications: 2
        runtime:
          zones: [a]
          services:
            api: {servers: 100}
            worker: {boot_time: 5s, health_check_delay: 5s}
          endpoints:
            orders:
              arrival_rate: 20/s
              call: {service: api, work: 1ms, calls: [{publish: fulfilment}]}
          queues:
            fulfilment:
              capacity: 200
              max_age: 30s
              concurrency: 2
              consume: {service: worker, work: {distribution: exponential, mean: 50ms}}
          chaos:
            - kill_instances: {service: worker, count: 1, at: 20s}
        """

    @Test("explain, graph, the run's table, summary.csv, timeseries.csv and the exported page show the queue")
    func seen() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("queued.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)

        let explained = try CommandRunner.run(["explain", file.path])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains(
            "Queue `fulfilment` holds up to 200 messages (one published to a full queue is dropped); a message older "
                + "than 30 s when a consumer would take it expires unhandled; `worker` handles them, 2 at once per "
                + "instance in service"))
        #expect(explained.stdout.contains("`api` → queue `fulfilment`: publishes a message and goes on without waiting"))
        #expect(explained.stdout.contains("a request makes 1 call on average"))
        let graph = try CommandRunner.run(["graph", file.path])
        #expect(graph.stdout.contains("\"queue:fulfilment\" [label=<<B>fulfilment</B><BR/>queue of 200"))
        #expect(graph.stdout.contains("\"tag:service:api → queue:fulfilment\" [label=\"20/s\""))
        #expect(graph.stdout.contains("\"tag:queue:fulfilment → service:worker\" [label=\"20/s\""))

        let out = folder.appendingPathComponent("results/queued")
        let run = try CommandRunner.run(["run", file.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        for metric in ["fulfilment.length_mean", "fulfilment.wait_mean", "fulfilment.dropped"] {
            #expect(run.stdout.contains(metric), "the table shows \(metric)")
        }
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let rows = summary.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        func mean(_ metric: String) throws -> Double {
            try #require(rows.first { $0[2] == metric }.flatMap { Double($0[5]) }, "\(metric) in summary.csv")
        }
        // Down from 20 s to 30 s (detected after 5 s, booted in 5 s): 200 orders published meanwhile fill
        // the queue to its capacity; the worker then drains it at 2 × 20/s.
        #expect(try mean("fulfilment.length_max") == 200)
        #expect(try mean("fulfilment.dropped") > 0)
        #expect(try mean("fulfilment.wait_mean") > 0.5)
        #expect(try mean("availability") == 1)
        let timeseries = try String(contentsOf: out.appendingPathComponent("timeseries.csv"), encoding: .utf8)
        #expect(timeseries.contains(",fulfilment,queue_length,count,"))

        let export = folder.appendingPathComponent("export")
        let exported = try CommandRunner.run([
            "export", out.path, "--to", export.path, "--scenario", file.path, "--quiet",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        let page = try String(contentsOf: export.appendingPathComponent("queued.html"), encoding: .utf8)
        #expect(page.contains("Do the queues keep up?"))
        #expect(page.contains("Messages waiting in fulfilment (replication 0)"))
    }
}
