import Foundation
import SimKernel
import Testing

@testable import CloudModel
@testable import Scenario

/// `cnsim import spigo` on architectures written in spigo's format: every package, forward and
/// self references, `eureka`, `count: 0`, a missing `regions`; instance counts per zone and
/// region worked out by hand from spigo's rule (node i of region r in zone (r · count + i) mod 3).
@Suite("spigo import")
struct SpigoImportTests {
    /// A shop with every package spigo's loader maps: a DNS name, a balancer, a proxy, two
    /// stateless services, a monolith (`count: 0`, one node per region), a data access layer,
    /// a Cassandra ring that lists itself and `eureka`, a riak ring, a cache, a volume, a store;
    /// `catalog` names `search` before it is given, and `reports` has no `regions`.
    static let shop = """
        {
            "arch": "shop",
            "version": "arch-0.1",
            "description": "A small shop in spigo's format, every package once",
            "victim": "catalog",
            "services": [
                { "name": "orders-ring", "package": "priamCassandra", "count": 6, "regions": 1, "dependencies": ["orders-ring", "eureka"] },
                { "name": "events",      "package": "riak",           "count": 3, "regions": 1, "dependencies": ["events"] },
                { "name": "sessions",    "package": "cache",          "count": 2, "regions": 1, "dependencies": [] },
                { "name": "files",       "package": "volume",         "count": 1, "regions": 1, "dependencies": null },
                { "name": "accounts-db", "package": "store",          "count": 2, "regions": 1, "dependencies": ["accounts-db"] },
                { "name": "data",        "package": "staash",         "count": 4, "regions": 1, "dependencies": ["sessions", "files", "orders-ring", "accounts-db"] },
                { "name": "catalog",     "package": "karyon",         "count": 5, "regions": 1, "dependencies": ["data", "search"] },
                { "name": "search",      "package": "monolith",       "count": 0, "regions": 1, "dependencies": ["events"] },
                { "name": "api",         "package": "zuul",           "count": 3, "regions": 1, "dependencies": ["catalog", "eureka"] },
                { "name": "api-elb",     "package": "elb",            "count": 0, "regions": 1, "dependencies": ["api"] },
                { "name": "www",         "package": "denominator",    "count": 0, "regions": 0, "dependencies": ["api-elb"] },
                { "name": "reports",     "package": "karyon",         "count": 2,                "dependencies": ["data"] }
            ]
        }
        """

    /// `line:column` of the first `needle` on the first line holding `context` (1-based).
    static func place(of needle: String, after context: String, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.firstIndex { $0.contains(context) }!
        let column = lines[line].distance(from: lines[line].startIndex, to: lines[line].range(of: needle)!.lowerBound)
        return "\(line + 1):\(column + 1)"
    }

    static func imported(_ json: String, regions: Int = 1) throws -> (SpigoImport.Imported, RuntimeSpec) {
        let imported = try SpigoImport.scenario(fromJSON: json, file: "arch.json", options: .init(regions: regions))
        let scenario = try ScenarioLoader.parse(yaml: imported.scenario, file: "imported.yaml")
        return (imported, try #require(scenario.variants[0].runtime))
    }

    /// Runs `runtime` for `seconds` in-process: instances of each deployable per zone, and metrics.
    static func run(_ runtime: RuntimeSpec, seconds: Double) -> (zones: [String: [String: Int]], metrics: [String: Double]) {
        var model = RuntimeModel(spec: runtime, streams: RandomStreams(seed: 1, replication: 0), recordTimeseries: false)
        var simulator = Simulator<RuntimeModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        let end = SimTime(seconds: seconds)
        simulator.run(&model, until: end)
        var zones: [String: [String: Int]] = [:]
        for instance in model.instances where instance.lifecycle != .terminated {
            zones[model.deployables[Int(instance.deployable)].name, default: [:]][runtime.zones[Int(instance.zone)], default: 0] += 1
        }
        let metrics = Dictionary(model.metrics(from: 0, to: end).map { ($0.name, $0.value) }) { $1 }
        return (zones, metrics)
    }

    @Test("one region: instances per zone as spigo places them, and the imported runtime runs")
    func oneRegion() throws {
        let (imported, runtime) = try Self.imported(Self.shop)
        #expect(runtime.region == "us-east-1" && runtime.regions.isEmpty)
        #expect(runtime.zones == ["us-east-1a", "us-east-1b", "us-east-1c"])
        #expect(runtime.services.map(\.name) == ["data", "catalog", "search", "api", "reports"])
        #expect(runtime.services.allSatisfy { $0.servers == 16 && $0.zones.isEmpty })
        let (zones, metrics) = Self.run(runtime, seconds: 5)
        // count 5: zones a, b, c, a, b; count 4: a, b, c, a; count 0 and a missing `regions`: one node.
        #expect(zones["catalog"] == ["us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 1])
        #expect(zones["data"] == ["us-east-1a": 2, "us-east-1b": 1, "us-east-1c": 1])
        #expect(zones["api"] == ["us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1])
        #expect(zones["search"] == ["us-east-1a": 1] && zones["reports"] == ["us-east-1a": 1])
        // 100 requests/s for 5 s; the victim is killed at 5 minutes, so nothing fails yet.
        let requests = try #require(metrics["requests"])
        #expect(requests > 400 && requests < 600 && metrics["failed"] == 0)
        #expect(imported.scenario.contains("# catalog, karyon: count 5, 1 × 1 region(s); spigo's nodes per zone: us-east-1a 2, us-east-1b 2, us-east-1c 1"))
        #expect(runtime.chaos == [.killInstances(service: "catalog", count: 1, at: 300 * SimTime.nanosecondsPerSecond)])
        let reports = Self.place(of: "{", after: "\"reports\"", in: Self.shop)
        let expected = [
            (Self.place(of: "\"search\"", after: "\"name\": \"catalog\"", in: Self.shop), "`catalog` depends on `search`, given later"),
            (reports, "`reports` has no `regions`: spigo reads it as 0"),
            (reports, "nothing calls `reports`"),
        ]
        #expect(imported.warnings.count == expected.count)
        for (warning, (place, start)) in zip(imported.warnings, expected) {
            #expect("\(warning.line):\(warning.column)" == place && warning.severity == .warning && warning.message.hasPrefix(start))
        }
    }

    @Test("two regions (-w 2): each region gets `count`, zones offset by region as spigo does; rings span both")
    func twoRegions() throws {
        let (imported, runtime) = try Self.imported(Self.shop, regions: 2)
        #expect(runtime.regions.map(\.name) == ["us-east-1", "us-west-2"])
        #expect(runtime.regions.allSatisfy { abs($0.traffic - 0.5) < 1e-12 })
        let (zones, metrics) = Self.run(runtime, seconds: 5)
        // catalog, count 5: us-east-1 from zone a (a b c a b), us-west-2 from zone (1 · 5) mod 3 = c (c a b c a).
        #expect(zones["catalog"] == [
            "us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 1, "us-west-2a": 2, "us-west-2b": 1, "us-west-2c": 2,
        ])
        // data, count 4: us-east-1 a b c a; us-west-2 from (1 · 4) mod 3 = b: b c a b.
        #expect(zones["data"] == [
            "us-east-1a": 2, "us-east-1b": 1, "us-east-1c": 1, "us-west-2a": 1, "us-west-2b": 2, "us-west-2c": 1,
        ])
        #expect(zones["api"] == Dictionary(uniqueKeysWithValues: runtime.zones.map { ($0, 1) }))
        #expect(zones["search"] == ["us-east-1a": 1, "us-west-2a": 1])
        #expect(zones["reports"] == ["us-east-1a": 1])
        for region in runtime.regions {
            let inRegion = { (service: String) in zones[service]!.filter { region.zones.contains($0.key) }.values.reduce(0, +) }
            #expect(inRegion("catalog") == 5 && inRegion("data") == 4 && inRegion("api") == 3 && inRegion("search") == 1)
        }
        let requests = try #require(metrics["requests"])
        #expect(requests > 400 && requests < 600 && metrics["failed"] == 0)
        // Rings: nodes = count × regions, in turn over the six zones; peers keep a replica in each
        // zone of every region, no more than the region's fewest nodes (accounts-db: 3 and 1).
        let rings = runtime.storage.map { storage -> (String, Int, [Int]) in
            guard case .ring(let ring) = storage.cluster else { return (storage.name, 0, []) }
            return (storage.name, ring.nodes, ring.replicasPerRegion)
        }
        #expect(rings.map(\.0) == ["orders-ring", "events", "sessions", "files", "accounts-db"])
        #expect(rings.map(\.1) == [12, 6, 4, 4, 4])  // files: 2 raised to 4, to reach us-west-2
        #expect(rings.map(\.2) == [[3, 3], [3, 3], [1, 1], [1, 1], [1, 1]])
        // 4 nodes in turn over 6 zones: 3 in us-east-1, 1 in us-west-2, where spigo has 2 and 2.
        #expect(imported.warnings.filter { $0.message.hasPrefix("a ring spreads") }.map(\.line) == [9, 10, 11])
    }

    @Test("the calls: shares of dependencies' nodes, balancers folded in, staash reads one kind and writes all")
    func calls() throws {
        let (_, runtime) = try Self.imported(Self.shop)
        #expect(runtime.endpoints.map(\.name) == ["www-get", "www-put"])
        // Two thirds and a third of 100/s, written to six significant digits.
        #expect(runtime.endpoints.map(\.arrivals) == [.constant(66.6667), .constant(33.3333)])
        for endpoint in runtime.endpoints {
            let root = endpoint.root
            #expect(root.service == "api" && root.work == .exponential(mean: 0.002))
            let catalog = try #require(root.children.first)
            #expect(root.children.count == 1 && catalog.service == "catalog" && catalog.probability == 1)
            #expect(catalog.client.timeout == SimTime.nanosecondsPerSecond)
            // data has 4 nodes, search 1 (count 0): 4 / 5 and 1 / 5.
            #expect(catalog.children.map(\.service) == ["data", "search"])
            #expect(catalog.children.map(\.probability) == [0.8, 0.2])
            let search = catalog.children[1]
            #expect(search.children.map(\.service) == ["events"] && search.work == .exponential(mean: 0.05))
        }
        let reads = runtime.endpoints[0].root.children[0].children[0]
        #expect(reads.fanOut == .sequential && reads.children.map(\.service) == ["sessions"])
        #expect(reads.children[0].storage == StorageAccess(operation: .read, consistency: .one))
        let writes = runtime.endpoints[1].root.children[0].children[0]
        #expect(writes.fanOut == .parallel(waitFor: nil))
        #expect(writes.children.map(\.service) == ["sessions", "files", "orders-ring", "accounts-db"])
        #expect(writes.children.allSatisfy { $0.storage == StorageAccess(operation: .write, consistency: .one) })
    }

    /// `a` and `b` call each other; `front` (a monolith nothing calls) is where requests enter,
    /// as there is no denominator; `db` lists itself (peers) and `a` (stores call no one);
    /// `lb` balances nothing.
    static let loop = """
        {"arch": "loop", "version": "arch-0.0", "services": [
          {"name": "a", "package": "karyon", "count": 3, "regions": 1, "dependencies": ["b", "a", "eureka"]},
          {"name": "b", "package": "karyon", "count": 3, "regions": 1, "dependencies": ["a", "db"]},
          {"name": "db", "package": "store", "count": 3, "regions": 1, "dependencies": ["db", "a"]},
          {"name": "lb", "package": "elb", "count": 0, "regions": 1, "dependencies": []},
          {"name": "front", "package": "monolith", "count": 2, "regions": 1, "dependencies": ["a", "lb"]}
        ]}
        """

    @Test("cycles, self references, eureka and no denominator: warnings, and every request ends")
    func cyclesAndPeers() throws {
        let (imported, runtime) = try Self.imported(Self.loop)
        #expect(runtime.endpoints.map(\.name) == ["front-get", "front-put"])
        let root = runtime.endpoints[0].root
        // front's requests go to a's 3 nodes or lb's 1, which passes them nowhere: a gets 3 in 4.
        #expect(root.service == "front" && root.children.map(\.service) == ["a"] && root.children[0].probability == 0.75)
        let a = root.children[0]
        #expect(a.children.map(\.service) == ["b"] && a.children[0].children.map(\.service) == ["db"])
        guard case .ring(let ring) = runtime.storage[0].cluster else {
            Issue.record("db is not a ring")
            return
        }
        #expect(ring.nodes == 3 && ring.replicationFactor == 3)
        let located = imported.warnings.map { "\($0.line):\($0.column): \($0.message)" }
        #expect(located == [
            "2:81: `a` depends on `b`, given later (at 3:3); spigo resolves names after reading them all, and so does the import",
            "3:81: a cycle of calls, `a` → `b` → `a`: the call from `b` to `a` is left out so that every request ends",
            "3:86: `b` depends on `db`, given later (at 4:3); spigo resolves names after reading them all, and so does the import",
            "4:87: `db` (store) sends no requests on: spigo's stores answer, and replicate only to nodes of their own service; "
                + "its dependency `a` is left out",
            "5:3: `lb` (elb) balances nothing: it has no dependencies, so calls to it are left out",
            "6:3: no `denominator` in the architecture: requests enter at `front`, which nothing calls, at a denominator's rate",
        ])
    }

    static func errors(_ json: String, regions: Int = 1) -> [String] {
        do {
            _ = try SpigoImport.scenario(fromJSON: json, file: "arch.json", options: .init(regions: regions))
            return []
        } catch let error as ScenarioError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("bad JSON, not an architecture, no services: one located error")
    func notAnArchitecture() {
        #expect(Self.errors("\n  ") == ["arch.json:1:1: error: the file is empty; expected \(SpigoArchitecture.expected)"])
        #expect(Self.errors("{\"arch\": \"x\",\n \"services\": [}")[0].hasPrefix("arch.json:2:"))
        #expect(Self.errors("{\"arch\": \"x\",\n \"services\": [}")[0].contains("error: not valid JSON ("))
        #expect(Self.errors("[1, 2]") == ["arch.json:1:1: error: expected \(SpigoArchitecture.expected), found a list"])
        #expect(Self.errors("{\"graph\": [], \"arch\": \"x\"}") == [
            "arch.json:1:1: error: expected \(SpigoArchitecture.expected), found an object without `services` (its keys: `arch` and `graph`)"
        ])
        #expect(Self.errors("{\"arch\": \"x\",\n  \"services\": []}") == [
            "arch.json:2:15: error: `services` is an empty list; an architecture needs at least one service"
        ])
        #expect(Self.errors("{\"arch\": \"x\", \"services\": {}}") == [
            "arch.json:1:27: error: `services` expects a list of services, found an object"
        ])
    }

    @Test("unknown packages and dependencies, duplicate names, bad counts: every error, located, with suggestions")
    func badServices() {
        let json = """
            {"arch": "bad", "services": [
              {"name": "web", "package": "karion", "count": 2, "regions": 1, "dependencies": ["db", "cahce"]},
              {"name": "web", "package": "monolith", "count": -1, "regions": 1},
              {"name": "eureka", "package": "karyon", "count": 1, "regions": 1},
              {"name": "crowd", "package": "pirate", "count": 1, "regions": 1},
              {"name": "cache", "package": "cache", "count": 1.5, "regions": 1, "dependencies": "db"}
            ]}
            """
        #expect(Self.errors(json) == [
            "arch.json:2:30: error: unknown package `karion`; did you mean `karyon`?",
            "arch.json:2:83: error: unknown dependency `db` of `web`; the services are `web`, `eureka`, `crowd` and `cache`",
            "arch.json:2:89: error: unknown dependency `cahce` of `web`; did you mean `cache`?",
            "arch.json:3:3: error: duplicate service name `web` (first given at 2:3)",
            "arch.json:3:51: error: `count` expects nodes per region, a whole number from 0 to 1000000, found the number -1",
            "arch.json:4:3: error: duplicate service name `eureka`: spigo always has its service registry of that name",
            "arch.json:5:32: error: package `pirate` (spigo's peer-to-peer social network) has no counterpart in a cnsim "
                + "runtime, where a call finds its callee at once; the import maps `elb`, `denominator`, `zuul`, `karyon`, "
                + "`monolith`, `staash`, `priamCassandra`, `store`, `riak`, `volume` and `cache`",
            "arch.json:6:50: error: `count` expects nodes per region, a whole number from 0 to 1000000, found the number 1.5",
            "arch.json:6:85: error: `dependencies` expects a list of service names, found the string \"db\"",
        ])
        let wide = "{\"arch\": \"w\", \"services\": [{\"name\": \"api\", \"package\": \"karyon\", \"count\": 1, \"regions\": 4}]}"
        #expect(Self.errors(wide, regions: 2) == [
            "arch.json:1:88: error: `api` would run in 4 × 2 = 8 regions (`regions` × --regions), more than spigo's 6 "
                + "(`us-east-1`, `us-west-2`, `eu-west-1`, `eu-central-1`, `ap-southeast-1` and `ap-southeast-2`)"
        ])
    }
}
