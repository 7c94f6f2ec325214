import CloudModel
import Foundation
import SimKernel
import Testing

@testable import Scenario

/// `cnsim import zipkin` on a hand-made trace file: three requests to `frontend`, own work
/// and calls counted by hand.
@Suite("Zipkin import")
struct ZipkinImportTests {
    static func span(
        _ trace: Int, _ id: String, parent: String? = nil, _ kind: String?, _ service: String, name: String? = nil,
        at start: Int64, for duration: Int64, remote: String? = nil, shared: Bool = false, address: String? = nil
    ) -> [String: Any] {
        var span: [String: Any] = [
            "traceId": String(format: "%016x", trace), "id": id, "name": name ?? service, "timestamp": start,
            "duration": duration, "localEndpoint": ["serviceName": service].merging(address.map { ["ipv4": $0] } ?? [:]) { $1 },
        ]
        if let kind { span["kind"] = kind }
        if let parent { span["parentId"] = parent }
        if let remote { span["remoteEndpoint"] = ["serviceName": remote] }
        if shared { span["shared"] = true }
        return span
    }

    static let t1: Int64 = 1_000_000, t2: Int64 = 2_000_000, t3: Int64 = 3_000_000

    /// Trace 1: shared client/server spans; `catalog` and `reviews` overlap; `catalog` calls the
    /// uninstrumented `db` twice in turn. Trace 2: `auth` twice in turn. Trace 3: server spans
    /// only (no client spans), `auth` straight under `frontend`.
    nonisolated(unsafe) static let spans: [[String: Any]] = [
        span(1, "r1", "SERVER", "frontend", name: "get /home", at: t1, for: 100_000, address: "10.0.0.1"),
        span(1, "c1", parent: "r1", "CLIENT", "frontend", at: t1 + 5_000, for: 10_000, remote: "auth"),
        span(1, "c1", parent: "r1", "SERVER", "auth", at: t1 + 5_200, for: 9_600, shared: true),
        span(1, "c2", parent: "r1", "CLIENT", "frontend", at: t1 + 20_000, for: 30_000, remote: "catalog"),
        span(1, "s2", parent: "c2", "SERVER", "catalog", at: t1 + 20_300, for: 29_400),
        span(1, "d1", parent: "s2", "CLIENT", "catalog", name: "select", at: t1 + 21_000, for: 5_000, remote: "db"),
        span(1, "d2", parent: "s2", "CLIENT", "catalog", name: "select", at: t1 + 27_000, for: 6_000, remote: "db"),
        span(1, "c3", parent: "r1", "CLIENT", "frontend", at: t1 + 25_000, for: 40_000, remote: "reviews"),
        span(1, "s3", parent: "c3", "SERVER", "reviews", at: t1 + 25_300, for: 39_400),

        span(2, "r2", "SERVER", "frontend", name: "get /home", at: t2, for: 80_000, address: "10.0.0.1"),
        span(2, "c4", parent: "r2", "CLIENT", "frontend", at: t2 + 2_000, for: 6_000, remote: "auth"),
        span(2, "c4", parent: "r2", "SERVER", "auth", at: t2 + 2_100, for: 5_800, shared: true),
        span(2, "c5", parent: "r2", "CLIENT", "frontend", at: t2 + 10_000, for: 4_000, remote: "auth"),
        span(2, "c5", parent: "r2", "SERVER", "auth", at: t2 + 10_100, for: 3_800, shared: true),
        span(2, "c6", parent: "r2", "CLIENT", "frontend", at: t2 + 20_000, for: 20_000, remote: "catalog"),
        span(2, "s6", parent: "c6", "SERVER", "catalog", at: t2 + 20_200, for: 19_600),
        span(2, "d3", parent: "s6", "CLIENT", "catalog", name: "select", at: t2 + 21_000, for: 4_000, remote: "db"),
        span(2, "c7", parent: "r2", "CLIENT", "frontend", at: t2 + 22_000, for: 28_000, remote: "reviews"),
        span(2, "s7", parent: "c7", "SERVER", "reviews", at: t2 + 22_200, for: 27_600),

        span(3, "r3", "SERVER", "frontend", name: "get /home", at: t3, for: 60_000, address: "10.0.0.1"),
        span(3, "a3", parent: "r3", "SERVER", "auth", at: t3 + 1_000, for: 9_000),
    ]

    static func json(_ value: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted]), as: UTF8.self)
    }

    @Test("own work is the server span less the union of its calls; calls counted per caller execution")
    func observation() throws {
        let observation = TraceObservation(try ZipkinJSON.spans(in: Self.json(Self.spans), file: "t.json"))
        #expect(observation.roots == 3 && observation.traces == 3 && observation.endpoints.count == 1)
        let frontend = observation.endpoints[0].root
        // 100 − (10 + [20, 65]) = 45; 80 − (6 + 4 + [20, 50]) = 40; 60 − 9 = 51 ms.
        #expect(frontend.ownWork == [0.045, 0.040, 0.051])
        #expect(frontend.executionsCallingSeveral == 2 && frontend.executionsOverlapping == 2)
        let children = Dictionary(uniqueKeysWithValues: frontend.children.map { ($0.service, $0) })
        #expect(children["auth"]!.callsPerParentExecution == [1: 2, 2: 1])
        #expect(children["auth"]!.ownWork == [0.0096, 0.0058, 0.0038, 0.009])
        #expect(children["catalog"]!.callsPerParentExecution == [1: 2])
        let catalog = children["catalog"]!
        // 29.4 − (5 + 6) and 19.6 − 4 ms; its two db calls never overlap.
        #expect(catalog.ownWork.map { ($0 * 1e6).rounded() } == [18_400, 15_600])
        #expect(catalog.executionsCallingSeveral == 1 && catalog.executionsOverlapping == 0)
        let db = try #require(catalog.children.first)
        #expect(!db.instrumented && db.ownWork == [0.005, 0.006, 0.004] && db.callsPerParentExecution == [2: 1, 1: 1])
        #expect(db.operation == "select")
    }

    @Test("a trace still in progress when the run ended is left out whole, not read as short work and missing calls")
    func unfinishedTrace() throws {
        // cnsim's last traced request, cut at the end of the run after 6 ms of `frontend`'s work.
        var unfinished = [
            Self.span(4, "r4", "SERVER", "frontend", name: "get /home", at: 4_000_000, for: 6_000, address: "10.0.0.1"),
            Self.span(4, "c8", parent: "r4", "CLIENT", "frontend", at: 4_001_000, for: 5_000, remote: "auth"),
        ]
        for index in unfinished.indices { unfinished[index]["tags"] = ["cnsim.unfinished": "true"] }
        let observation = TraceObservation(try ZipkinJSON.spans(in: Self.json(Self.spans + unfinished), file: "t.json"))
        #expect(observation.traces == 4 && observation.roots == 3 && observation.lastRoot == Self.t3)
        #expect(observation.endpoints[0].root.ownWork == [0.045, 0.040, 0.051])
        #expect(observation.leftOut == ["spans of traces still in progress when the run ended (`cnsim.unfinished`)": 2])
        let yaml = try ZipkinImport.scenario(fromJSON: Self.json(Self.spans + unfinished), file: "home.json")
        #expect(yaml.contains("# Left out: 2 spans of traces still in progress when the run ended (`cnsim.unfinished`)."))
    }

    @Test("the scenario validates: rate, fan-out, calls per execution as repeated entries with probabilities")
    func scenario() throws {
        let yaml = try ZipkinImport.scenario(fromJSON: Self.json(Self.spans), file: "home.json")
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "imported.yaml")
        guard case .runtime(let runtime) = scenario.variants[0].model else {
            Issue.record("not a runtime scenario")
            return
        }
        #expect(scenario.name == "home-imported")
        #expect(runtime.services.map(\.name) == ["frontend", "auth", "catalog", "db", "reviews"])
        #expect(runtime.services.allSatisfy { $0.instances == 1 })
        let endpoint = try #require(runtime.endpoints.first)
        #expect(endpoint.name == "get-home")
        // (3 roots − 1) over the 2 s from the first root's start to the last's.
        #expect(endpoint.arrivals == RateSchedule.constant(1))
        let root = endpoint.root
        #expect(root.service == "frontend" && root.fanOut == .parallel(waitFor: nil))
        // By mean start: auth (4.5 ms, twice: all, then a third of executions), catalog, reviews.
        #expect(root.children.map(\.service) == ["auth", "auth", "catalog", "reviews"])
        let shares = root.children.map(\.probability)
        for (share, expected) in zip(shares, [1, 1.0 / 3, 2.0 / 3, 2.0 / 3]) { #expect(abs(share - expected) < 1e-5) }
        #expect(root.children[0].work == root.children[1].work)
        let catalog = root.children[2]
        #expect(catalog.fanOut == .sequential && catalog.children.map(\.probability) == [1, 0.5])
        // Three own works of frontend fitted; the fit's mean is the sample mean (exponential, gamma)
        // or exp(mu + sigma²/2) (lognormal).
        #expect(yaml.contains("# own work: 3 samples, mean 45.3333ms"))
        #expect(yaml.contains("# no server spans: the work is the whole client span"))
    }

    @Test("a list of traces reads as the same spans")
    func listOfTraces() throws {
        let byTrace = Dictionary(grouping: Self.spans) { $0["traceId"] as! String }.sorted { $0.key < $1.key }.map(\.value)
        let flat = try ZipkinImport.scenario(fromJSON: Self.json(Self.spans), file: "home.json")
        let nested = try ZipkinImport.scenario(fromJSON: Self.json(byTrace), file: "home.json")
        #expect(flat == nested)
    }

    @Test("bad input: a diagnostic at the bad span's line and column")
    func diagnostics() {
        func problems(_ text: String) -> [String] {
            do {
                _ = try ZipkinImport.scenario(fromJSON: text, file: "t.json")
                return []
            } catch let error as ScenarioError {
                return error.diagnostics.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems("  \n")[0].hasPrefix("t.json:1:1: error: the file is empty; expected a JSON list of Zipkin v2 spans"))
        #expect(problems("[]")[0].hasPrefix("t.json:1:1: error: the list holds no spans"))
        #expect(problems("{\"data\": []}")[0].contains("found an object (this looks like Jaeger's JSON"))
        #expect(problems("[\n  {\"traceId\": \"1\",}\n]")[0].hasPrefix("t.json:2:"))
        let noDuration = "[\n" + Self.json(Self.spans[0]) + ",\n  {\"traceId\": \"1\", \"id\": \"x\", \"kind\": \"SERVER\", \"timestamp\": 5,\n   \"localEndpoint\": {\"serviceName\": \"a\"}}\n]"
        let line = noDuration.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"x\"") }! + 1
        #expect(problems(noDuration) == ["t.json:\(line):3: error: span 2: missing `duration` (a whole number of microseconds, at least 1); the import needs every span complete"])
        #expect(problems("[{\"traceId\": \"1\", \"id\": \"x\", \"kind\": \"SERVER\", \"timestamp\": 5, \"duration\": 1}]")
            == ["t.json:1:2: error: span 1: missing `localEndpoint.serviceName`; a SERVER span names the service recording it"])
        #expect(problems(Self.json([Self.spans[0]]))[0].contains("the arrival rate needs at least two"))
    }
}
