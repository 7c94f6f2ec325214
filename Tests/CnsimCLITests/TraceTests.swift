import Foundation
import Testing

/// `cnsim run --trace N`: Zipkin v2 spans that follow the call graph, with retries and timeouts.
@Suite("Traces")
struct TraceTests {
    /// api calls ratings, which always takes 1 s against a 100 ms timeout, three attempts with
    /// a 50 ms backoff: every traced request shows three timed-out attempts, each server span
    /// outliving its client span.
    static let scenario = """
        name: traced
        seed: 7
        duration: 60s
        warmup: 10s
        replications: 2
        runtime:
          zones: [a, b]
          services:
            api: {instances: 2, servers: 50}
            ratings: {instances: 2, servers: 100}
          endpoints:
            page:
              arrival_rate: 2/s
              call:
                service: api
                work: 5ms
                calls:
                  - service: ratings
                    work: 1s
                    client:
                      timeout: 100ms
                      retries: {max_attempts: 3, backoff: 50ms, multiplier: 1, jitter: none}
        """

    static func run(jobs: Int) throws -> (folder: URL, spans: [[String: Any]]) {
        let folder = try CommandRunner.temporaryFolder()
        let file = folder.appendingPathComponent("traced.yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run([
            "run", file.path, "--trace", "4", "--jobs", String(jobs), "--quiet", "--out", folder.appendingPathComponent("out").path,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("out/traces.json"))
        let spans = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return (folder, spans)
    }

    @Test("spans have the Zipkin v2 shape and parents inside their trace")
    func shape() throws {
        let (folder, spans) = try Self.run(jobs: 1)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 4 requests, each: root, api server, 3 × (client attempt + ratings server).
        #expect(spans.count == 4 * 8)
        let hex = { (text: Any?, length: Int) -> Bool in
            guard let text = text as? String else { return false }
            return text.count == length && text.allSatisfy(\.isHexDigit)
        }
        var byTrace: [String: [[String: Any]]] = [:]
        for span in spans {
            #expect(hex(span["traceId"], 32) && hex(span["id"], 16))
            #expect(span["timestamp"] is Int && span["duration"] is Int)
            #expect(["CLIENT", "SERVER"].contains(span["kind"] as? String))
            #expect((span["localEndpoint"] as? [String: Any])?["serviceName"] is String)
            byTrace[span["traceId"] as! String, default: []].append(span)
        }
        #expect(byTrace.count == 4)
        for (_, trace) in byTrace {
            let ids = Dictionary(uniqueKeysWithValues: trace.map { ($0["id"] as! String, $0) })
            #expect(trace.filter { $0["parentId"] == nil }.count == 1, "one root per trace")
            for span in trace {
                guard let parentID = span["parentId"] as? String else { continue }
                let parent = try #require(ids[parentID], "parent in the same trace")
                #expect((span["timestamp"] as! Int) >= (parent["timestamp"] as! Int))
                // A server span answers a client span: kinds alternate down the tree.
                #expect((span["kind"] as! String) != (parent["kind"] as! String))
            }
            let attempts = trace.filter { ($0["remoteEndpoint"] as? [String: Any])?["serviceName"] as? String == "ratings" }
            let tags = attempts.map { $0["tags"] as! [String: String] }
            #expect(tags.compactMap { $0["cnsim.attempt"] }.sorted() == ["1", "2", "3"])
            #expect(tags.allSatisfy { $0["error"] == "timeout" })
            #expect(tags.filter { $0["cnsim.retry"] == "true" }.count == 2)
            for attempt in attempts {
                #expect(abs((attempt["duration"] as! Int) - 100_000) < 1_000, "a timed-out attempt lasts its 100 ms timeout")
                let server = try #require(trace.first { $0["parentId"] as? String == attempt["id"] as? String })
                #expect((server["duration"] as! Int) >= 1_000_000, "the callee keeps working after the timeout")
            }
            let root = trace.first { $0["parentId"] == nil }!
            #expect((root["tags"] as! [String: String])["error"] == "timeout")
        }
    }

    @Test("traces.json is byte-identical for any --jobs")
    func deterministic() throws {
        let one = try Self.run(jobs: 1)
        let two = try Self.run(jobs: 2)
        defer {
            try? FileManager.default.removeItem(at: one.folder)
            try? FileManager.default.removeItem(at: two.folder)
        }
        let first = try Data(contentsOf: one.folder.appendingPathComponent("out/traces.json"))
        let second = try Data(contentsOf: two.folder.appendingPathComponent("out/traces.json"))
        #expect(first == second)
    }

    @Test("--trace on a scenario without requests is invalid input")
    func needsRuntime() throws {
        let outcome = try CommandRunner.run(["run", "scenarios/mm1.yaml", "--trace", "3", "--quiet", "--out", "/nonexistent/x"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--trace needs a `runtime:` scenario"))
    }
}
