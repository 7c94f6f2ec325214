import Foundation
import Testing

/// `cores:` seen, not just computed: `explain` and `graph` state the cores, the run's table and
/// summary.csv report both utilisations, and the exported page charts them.
@Suite("Cores from the command line")
struct CoresCommandTests {
    /// A thread-bound api (4 threads, 8 cores, a slow dependency) and a processor-bound monolith.
    static let scenario = """
        name: cores
        duration: 40s
        warmup: 5s
        replications: 2
        runtime:
          zones: [a]
          services:
            api: {servers: 4, cores: 8, queue_capacity: 8}
            slow: {servers: 100}
            web: {}
            catalog: {}
          deployables:
            shop: {services: [web, catalog], servers: 64, cores: 0.5}
          endpoints:
            page:
              arrival_rate: 30/s
              call: {service: api, work: 1ms, calls: [{service: slow, work: 200ms}]}
            home:
              arrival_rate: 10/s
              call: {service: web, work: 10ms, calls: [{service: catalog, work: 10ms}]}
        """

    @Test("explain, graph, the run's table and CSV, and the exported page show the cores")
    func seen() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cores.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)

        let explained = try CommandRunner.run(["explain", file.path])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains("each serving 4 requests at once on 8 cores (each call holds a thread"))
        #expect(explained.stdout.contains("each serving 64 requests at once on 0.5 cores"))
        #expect(explained.stdout.contains("`core_utilisation` (cores busy / cores, with `cores`)"))
        let graph = try CommandRunner.run(["graph", file.path])
        #expect(graph.stdout.contains("1 × 4 servers, 8 cores"))

        let out = folder.appendingPathComponent("results/cores")
        let run = try CommandRunner.run(["run", file.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        for metric in ["api.utilisation", "api.core_utilisation", "shop.utilisation", "shop.core_utilisation"] {
            #expect(run.stdout.contains(metric), "the table shows \(metric)")
        }
        #expect(!run.stdout.contains("slow.core_utilisation"))
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let rows = summary.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        func mean(_ metric: String) throws -> Double {
            try #require(rows.first { $0[2] == metric }.flatMap { Double($0[5]) }, "\(metric) in summary.csv")
        }
        // api: its threads busy, its cores nearly idle; shop: 10/s × 20 ms on half a core.
        #expect(try mean("api.utilisation") > 0.9)
        #expect(try mean("api.core_utilisation") < 0.01)
        #expect(abs(try mean("shop.core_utilisation") - 0.4) < 0.05)

        let export = folder.appendingPathComponent("export")
        let exported = try CommandRunner.run([
            "export", out.path, "--to", export.path, "--scenario", file.path, "--quiet",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        let page = try String(contentsOf: export.appendingPathComponent("cores.html"), encoding: .utf8)
        #expect(page.contains("Are the threads or the cores the limit?"))
        #expect(page.contains("Cores busy / cores [%]"))
    }
}
