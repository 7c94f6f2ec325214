import Foundation
import Scenario
import Testing

@testable import Reports

@Suite("Service graph")
struct ServiceGraphTests {
    /// The DOT of the first variant of `yaml`.
    func dot(_ yaml: String) throws -> String {
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "g.yaml")
        return ServiceGraph.dot(scenario.variants[0], of: scenario)
    }

    /// The statement of the tag on the edge `from` → `to`, up to its label's closing quote.
    func tag(_ from: String, _ to: String, _ label: String) -> String {
        "\"tag:\(from) → \(to)\" [label=\"\(label)\""
    }

    @Test("runtime: zones list what runs in them, call rates multiplied down the tree and summed per pair")
    func runtime() throws {
        let dot = try dot(
            """
            name: g
            duration: 200s
            runtime:
              zones: [a, b]
              services:
                api: {instances: 3, servers: 8}
                cache: {zones: [b]}
                db: {instances: 2, zones: [a]}
              endpoints:
                home:
                  arrival_rate: 100/s
                  call:
                    service: api
                    work: 1ms
                    calls:
                      - {service: db, work: 1ms, probability: 0.5}
                      - service: cache
                        work: 1ms
                        calls: [{service: db, work: 1ms, probability: 0.2}]
                ramp:
                  rate_schedule: [{at: 0s, rate: 10/s}, {at: 100s, rate: 30/s}]
                  call: {service: db, work: 1ms}
            """)
        #expect(dot.hasPrefix("digraph \"g/base\" {\n"))
        #expect(
            dot.contains(
                "subgraph \"cluster_0_zone_a\" {\n    label=<zone a>; labelloc=\"t\"; labeljust=\"l\"; color=\"grey40\"; style=\"dashed\";"
            ))
        // api's 3 instances go a, b, a; db's 2 both to a; cache's 1 to b.
        #expect(
            dot.contains(
                "\"zone:a\" [label=<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD ALIGN=\"LEFT\">api</TD>"
                    + "<TD WIDTH=\"8\"></TD><TD ALIGN=\"RIGHT\">2 instances</TD></TR><TR><TD ALIGN=\"LEFT\">db</TD><TD WIDTH=\"8\"></TD>"
                    + "<TD ALIGN=\"RIGHT\">2 instances</TD></TR></TABLE>>, shape=\"plain\"];"))
        #expect(
            dot.contains(
                ">api</TD><TD WIDTH=\"8\"></TD><TD ALIGN=\"RIGHT\">1 instance</TD></TR><TR><TD ALIGN=\"LEFT\">cache<"))
        #expect(dot.contains("\"zone:a\" -> \"zone:b\" [style=\"invis\"];"))
        #expect(dot.contains("\"service:api\" [label=<<B>api</B><BR/>3 × 8 servers>];"))
        #expect(dot.contains(tag("endpoint:home", "service:api", "100/s")))
        #expect(dot.contains("\"endpoint:home\" -> \"tag:endpoint:home → service:api\" [arrowhead=\"none\"];"))
        #expect(dot.contains("\"tag:endpoint:home → service:api\" -> \"service:api\";"))
        #expect(dot.contains(tag("service:api", "service:db", "50/s")))
        #expect(dot.contains(tag("service:api", "service:cache", "100/s")))
        #expect(dot.contains(tag("service:cache", "service:db", "20/s")))
        // 10/s rising to 30/s over the first 100 s, then 30/s: 25/s over 200 s.
        #expect(dot.contains(tag("endpoint:ramp", "service:db", "25/s")))
        #expect(dot.contains("<B>g / base</B>"), "the title under the picture")
        #expect(!dot.contains("Red"), "no fault, no red in the legend")
        #expect(dot.hasSuffix("}\n"))
    }

    @Test("runtime: a deployable is a box around its services, in-process calls dashed inside it")
    func packaged() throws {
        let dot = try dot(
            """
            name: g
            duration: 1m
            runtime:
              zones: [a]
              services: {web: {}, catalog: {}, db: {instances: 2}}
              deployables:
                shop: {services: [web, catalog], instances: 3, servers: 8}
              endpoints:
                home:
                  arrival_rate: 10/s
                  call:
                    service: web
                    work: 1ms
                    calls: [{service: catalog, work: 1ms, calls: [{service: db, work: 1ms}]}]
            """)
        #expect(dot.contains("<TD ALIGN=\"LEFT\">shop</TD><TD WIDTH=\"8\"></TD><TD ALIGN=\"RIGHT\">3 instances</TD>"))
        let box =
            "  subgraph \"cluster_1_deployable_shop\" {\n    label=<<B>deployable shop</B>: 3 × 8 servers>; labelloc=\"t\"; "
            + "labeljust=\"l\"; style=\"rounded\";\n    \"service:web\" [label=<<B>web</B>>];\n"
            + "    \"service:catalog\" [label=<<B>catalog</B>>];\n    \"tag:service:web → service:catalog\" [label=\"10/s in-process\""
        #expect(dot.contains(box), "\(dot)")
        #expect(
            dot.contains(
                "\"service:web\" -> \"tag:service:web → service:catalog\" [arrowhead=\"none\", style=\"dashed\"];"))
        #expect(dot.contains("\"tag:service:web → service:catalog\" -> \"service:catalog\" [style=\"dashed\"];"))
        #expect(dot.contains(tag("service:catalog", "service:db", "10/s")))
        #expect(dot.contains("Solid box around services: one deployable"))
    }

    @Test("runtime: each call's client policy and storage access on its edge; calls that differ get edges of their own")
    func policies() throws {
        let yaml = """
            name: g
            duration: 1m
            runtime:
              zones: [a, b, c]
              services: {api: {instances: 3}, db: {}}
              storage:
                users:
                  ring:
                    nodes: 3
                    node: {capacity_tb: 1, read_iops: 1000, write_iops: 1000, read_time: 1ms, write_time: 1ms, cpu_servers: 2, cpu_time: 100us}
              endpoints:
                home:
                  arrival_rate: 50/s
                  call:
                    service: api
                    work: 1ms
                    calls:
                      - service: db
                        work: 1ms
                        client: {timeout: 500ms, retries: {max_attempts: 3}, bulkhead: 10, fallback: {work: 1ms}}
                      - service: db
                        work: 1ms
                        client:
                          retries: {max_attempts: 4, backoff: 100ms, max_backoff: 2s, jitter: full, budget: 0.2}
                          circuit_breaker: {error_threshold_percentage: 30, buckets: 5}
                      - {storage: users, operation: read, consistency: LOCAL_QUORUM, client: {timeout: 50ms}}
                      - {storage: users, operation: write, consistency: ONE, key: request}
            """
        let dot = try dot(yaml)
        // "timeout 500 ms · 2 retries · bulkhead 10" would pass 36 characters: the line breaks.
        #expect(
            dot.contains(
                tag("service:api", "service:db", "50/s\\ntimeout 500 ms · 2 retries\\nbulkhead 10 · fallback 1 ms")))
        #expect(
            dot.contains(
                "\"tag:service:api → service:db#2\" [label=\"50/s\\n3 retries\\nbackoff 100 ms ×2 to 2 s, jittered\\n"
                    + "retry budget 20%\\nbreaker at 30% errors, 5 buckets\""))
        #expect(dot.contains(tag("service:api", "storage:users", "50/s\\nreads at LOCAL_QUORUM\\ntimeout 50 ms")))
        #expect(
            dot.contains("\"tag:service:api → storage:users#2\" [label=\"50/s\\nwrites at ONE · the request's key\""))
        #expect(dot.contains("<TD ALIGN=\"LEFT\">users</TD><TD WIDTH=\"8\"></TD><TD ALIGN=\"RIGHT\">1 node</TD>"))
        #expect(
            dot.contains(
                "\"storage:users\" [label=<<B>users</B><BR/>a Cassandra-style ring of 3 nodes,<BR/>3 copies of each key>"
            ))
        #expect(dot.contains("Under the rate: the caller's client policy"))
        #expect(dot.contains("To storage: the operation and its consistency level."))

        // The explanation tells the same settings, each from the same description.
        let explained = Explanation.text(try ScenarioLoader.parse(yaml: yaml, file: "g.yaml"))
        #expect(
            explained.contains(
                "`api` → `db`: `retries`: up to 4 attempts, backoff from 100 ms ×2 up to 2 s with full jitter, retry budget 20%; "
                    + "`circuit_breaker` opening at 30% errors over 10 s in 5 buckets (at least 20 calls), trying again after 5 s."
            ))

        // A master/slave database answers whatever the level: the edge leaves it out.
        let primary = yaml.replacingOccurrences(
            of: "ring:\n        nodes: 3\n",
            with: "primary_replica:\n        master_zone: a\n        replica_zone: b\n"
                + "        array: {read_iops: 100, write_iops: 100, read_time: 1ms, write_time: 1ms}\n")
        let pair = try self.dot(primary)
        #expect(pair.contains(tag("service:api", "storage:users", "50/s\\nreads · timeout 50 ms")), "\(pair)")
        #expect(pair.contains("a master database in zone a<BR/>with a slave in zone b<BR/>on a shared array"))
        #expect(pair.contains("<TD ALIGN=\"LEFT\">users</TD><TD WIDTH=\"8\"></TD><TD ALIGN=\"RIGHT\">master</TD>"))
        #expect(!pair.contains("`"))
    }

    @Test(
        "runtime: zones and regions down, instances killed and storage nodes down drawn red and dashed with their window"
    )
    func down() throws {
        let dot = try dot(
            """
            name: g
            duration: 1h
            runtime:
              regions:
                east: {zones: [e1, e2]}
                west: {zones: [w1]}
              services: {web: {}, catalog: {}}
              deployables:
                shop: {services: [web, catalog], instances: 3}
              storage:
                users:
                  ring:
                    nodes: 3
                    replication_factor: 1
                    node: {capacity_tb: 1, read_iops: 1000, write_iops: 1000, read_time: 1ms, write_time: 1ms, cpu_servers: 2, cpu_time: 100us}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: web, work: 1ms, calls: [{storage: users, operation: read}]}}
              chaos:
                - zone_outage: {zone: w1, from: 10m, to: 20m}
                - region_outage: {region: east, from: 30m, to: 40m}
                - kill_instances: {service: catalog, count: 1, at: 5m}
                - storage_nodes_down: {cluster: users, count: 1, from: 1m, to: 2m}
                - latency: {service: catalog, extra: 1s, from: 1m, to: 2m}
            """)
        let red = "<FONT COLOR=\"firebrick\">"
        #expect(
            dot.contains(
                "subgraph \"cluster_region_east\" {\n    label=<region east · \(red)down 30 min–40 min</FONT>>; labelloc=\"t\"; "
                    + "labeljust=\"l\"; color=\"firebrick\"; style=\"dashed\";"), "\(dot)")
        #expect(
            dot.contains(
                "label=<zone e1>; labelloc=\"t\"; labeljust=\"l\"; color=\"firebrick\"; fillcolor=\"grey92\"; style=\"dashed,filled\";"
            ))
        #expect(
            dot.contains(
                "label=<zone w1 · \(red)down 10 min–20 min</FONT>>; labelloc=\"t\"; labeljust=\"l\"; color=\"firebrick\"; "
                    + "fillcolor=\"grey92\"; style=\"dashed,filled\";"))
        #expect(
            dot.contains("<TD ALIGN=\"LEFT\"><FONT COLOR=\"grey45\">shop</FONT></TD>"), "a down zone's residents greyed"
        )
        // The kill names catalog, but kills one of shop's instances: the deployable's box says so.
        #expect(
            dot.contains(
                "label=<<B>deployable shop</B>: 3 × 1 server · \(red)1 instance killed at 5 min</FONT>>; labelloc=\"t\"; "
                    + "labeljust=\"l\"; color=\"firebrick\"; style=\"rounded,dashed\";"))
        #expect(
            dot.contains(
                "\"service:catalog\" [label=<<B>catalog</B><BR/>\(red)latency +1 s 1 min–2 min</FONT>>, color=\"firebrick\"];"
            ))
        #expect(
            dot.contains(
                "\"storage:users\" [label=<<B>users</B><BR/>a Cassandra-style ring of 3 nodes,<BR/>2 copies of each key<BR/>"
                    + "\(red)1 node down 1 min–2 min</FONT>>, color=\"firebrick\", shape=\"cylinder\", style=\"dashed\"];"
            ))
        #expect(dot.contains("\(red)Red dashed</FONT>: down during the run"))
        #expect(dot.contains("\(red)Red</FONT>: a fault injected into a service"))
    }

    @Test("runtime: the legend tells a cache's dashed follow-up calls and a queue's box, only when drawn")
    func cacheAndQueueLegend() throws {
        let plain = try dot(
            """
            name: g
            duration: 10s
            runtime:
              zones: [a]
              services: {api: {}, db: {}}
              endpoints:
                home: {arrival_rate: 10/s, call: {service: api, work: 1ms, calls: [{service: db, work: 1ms}]}}
            """)
        #expect(!plain.contains("a cache's follow-up call"))
        #expect(!plain.contains("a message queue"))
        let both = try dot(
            """
            name: g
            duration: 10s
            runtime:
              zones: [a]
              services: {api: {}, db: {}, sessions: {}, worker: {}}
              queues:
                jobs: {capacity: 10, consume: {service: worker, work: 1ms}}
              endpoints:
                home:
                  arrival_rate: 10/s
                  call:
                    service: api
                    work: 1ms
                    calls:
                      - service: sessions
                        work: 1ms
                        cache: {hit_ratio: 0.75, on_miss: {service: db, work: 1ms}, refill: {service: sessions, work: 1ms}}
                      - publish: jobs
            """)
        #expect(both.contains("Dashed arrow tagged miss, refill or on error: a cache's follow-up call"))
        #expect(both.contains("3-D box: a message queue"))
        // The miss and the refill at the miss rate, 10/s × 0.25.
        #expect(both.contains(tag("service:api", "service:db", "2.5/s miss")))
        #expect(both.contains("\"queue:jobs\" [label=<<B>jobs</B>"))
    }

    @Test("network: a skipped call sends its traffic on to the next one")
    func network() throws {
        let dot = try dot(
            """
            name: g
            duration: 1m
            model:
              services: {a: {}, b: {instances: 2, servers: 3}, c: {}}
              requests:
                get:
                  arrival_rate: 10/s
                  path:
                    - {service: a, service_time: 1ms}
                    - {service: b, service_time: 1ms, probability: 0.4}
                    - {service: c, service_time: 1ms}
            """)
        #expect(dot.contains("\"b\" [label=\"b\\n2 × 3 servers\"];"))
        #expect(dot.contains(tag("request:get", "a", "10/s\\np = 1")))
        #expect(dot.contains(tag("a", "b", "4/s\\np = 0.4")))
        #expect(dot.contains(tag("a", "c", "6/s\\np = 0.6")))
        #expect(dot.contains(tag("b", "c", "4/s\\np = 1")))
    }

    @Test("storage: ring nodes per zone as cylinders, each zone's clients with their share per consistency level")
    func storage() throws {
        let dot = try dot(
            """
            name: g
            duration: 10s
            storage:
              zones: [a, b, c]
              cluster:
                ring:
                  nodes: 7
                  node:
                    capacity_tb: 1
                    read_iops: 1000
                    write_iops: 1000
                    read_time: 1ms
                    write_time: 1ms
                    cpu_servers: 2
                    cpu_time: 100us
              workload:
                writes: {operation: write, rate: 300/s, consistency: ONE}
                reads: {operation: read, rate: 600/s}
              failures:
                - zone_outage: {zone: b, from: 1s, to: 2s}
                - nodes_down: {count: 2, from: 3s, to: 4s}
            """)
        #expect(dot.contains("\"ring@a\" [label=\"ring nodes\\n× 3\", shape=\"cylinder\"];"))
        #expect(dot.contains("\"ring@c\" [label=\"ring nodes\\n× 2\", shape=\"cylinder\"];"))
        #expect(dot.contains(tag("clients@b", "ring@b", "200/s reads at QUORUM\\n100/s writes at ONE")))
        #expect(dot.contains("\"ring@a\" -> \"ring@b\" [constraint=\"false\", dir=\"both\", style=\"dashed\"];"))
        #expect(dot.contains("label=<zone b · <FONT COLOR=\"firebrick\">down 1 s–2 s</FONT>>"))
        #expect(dot.contains("<FONT COLOR=\"firebrick\">2 nodes chosen at random down 3 s–4 s</FONT>"))
        #expect(dot.contains("a Cassandra-style ring of 7 nodes, 3 copies of each key."))
    }

    @Test("labels with quotes and backslashes are escaped, HTML-like text too")
    func escaping() {
        var graph = DOTGraph(name: "a \"quoted\" name")
        graph.node("x\\y", label: .text("two\nlines"))
        graph.node("h", label: .html(HTMLLabel.bold("a<b & \"c\"")))
        graph.edge("x\\y", "h", label: "l")
        #expect(graph.render().contains("digraph \"a \\\"quoted\\\" name\" {"))
        #expect(graph.render().contains("\"x\\\\y\" [label=\"two\\nlines\"];"))
        #expect(graph.render().contains("\"h\" [label=<<B>a&lt;b &amp; &quot;c&quot;</B>>];"))
        #expect(graph.render().contains("\"x\\\\y\" -> \"tag:x\\\\y → h\" [arrowhead=\"none\"];"))
    }

    /// Shipped scenarios, by name.
    static func shipped(_ name: String) throws -> ScenarioDescription {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios")
        return try ScenarioLoader.load(path: folder.appendingPathComponent("\(name).yaml").path)
    }

    /// The lines of each variant's graph that are not in the baseline's, and the baseline's not
    /// in the variant's; the caption's rows count as lines, but its title (and the graph's name).
    static func changes(in name: String) throws -> [String: (added: [String], removed: [String])] {
        let scenario = try shipped(name)
        let baseline = scenario.variants.first { $0.name == scenario.baselineVariant }!
        func lines(_ variant: VariantDescription) -> [String] {
            let lines = ServiceGraph.dot(variant, of: scenario).split(separator: "\n").map(String.init)
            return Array(lines[2].components(separatedBy: "</TD></TR>").dropFirst() + lines.dropFirst(3))
        }
        let base = lines(baseline)
        var changes: [String: (added: [String], removed: [String])] = [:]
        for variant in scenario.variants where variant.name != baseline.name {
            let lines = lines(variant)
            changes[variant.name] = (lines.filter { !base.contains($0) }, base.filter { !lines.contains($0) })
        }
        return changes
    }

    @Test(
        "retry-storm: each variant's graph differs from the baseline's in the api → ratings call alone, by its policy")
    func retryStormVariants() throws {
        let changes = try Self.changes(in: "retry-storm")
        #expect(changes.keys.sorted() == ["breaker-and-fallback", "budget-and-backoff"])
        let before = tag("service:api", "service:ratings", "60/s\\ntimeout 500 ms · 3 retries") + ", "
        for (variant, change) in changes {
            #expect(change.removed.count == 1 && change.removed[0].contains(before), "\(variant): \(change.removed)")
        }
        let budget = try #require(changes["budget-and-backoff"])
        #expect(budget.added.count == 1)
        #expect(
            budget.added.first?.contains(
                tag(
                    "service:api", "service:ratings",
                    "60/s\\ntimeout 500 ms · 3 retries\\nbackoff 100 ms ×2 to 2 s, jittered\\nretry budget 20%"))
                == true)
        let breaker = try #require(changes["breaker-and-fallback"])
        #expect(breaker.added.count == 1)
        #expect(
            breaker.added.first?.contains(
                tag("service:api", "service:ratings", "60/s\\ntimeout 500 ms · breaker\\nfallback 1 ms")) == true)
    }

    @Test(
        "storage-zone-failure: ONE changes the consistency on each client edge; master/slave the cluster, not the zone down"
    )
    func storageZoneFailureVariants() throws {
        let changes = try Self.changes(in: "storage-zone-failure")
        let one = try #require(changes["ring-one"])
        #expect(one.removed.count == 3 && one.added.count == 3)
        for zone in ["a", "b", "c"] {
            let label = { (level: String) in
                self.tag("clients@\(zone)", "ring@\(zone)", "333.3/s reads at \(level)\\n333.3/s writes at \(level)")
            }
            #expect(one.removed.contains { $0.contains(label("QUORUM")) })
            #expect(one.added.contains { $0.contains(label("ONE")) })
        }
        let pair = try #require(changes["master-slave"])
        #expect(pair.removed.contains { $0.contains("\"ring@a\" [label=\"ring nodes\\n× 2\"") })
        #expect(pair.added.contains { $0.contains("\"master\" [label=\"master\"") })
        #expect(pair.added.contains { $0.contains(tag("clients@b", "master", "333.3/s writes\\n166.7/s reads")) })
        #expect(
            pair.added.contains {
                $0.contains(tag("master", "slave", "failover: noticed after 10 s,\\npromoted after 30 s"))
            })
        #expect(!pair.added.contains { $0.contains("QUORUM") }, "a master/slave pair has no consistency level")
        #expect(
            pair.added.contains { $0.contains("a master database in zone a with a slave in zone b on a shared array.") }
        )
        #expect(pair.removed.contains { $0.contains("Dashed two-way arrows: writes copied to the replicas") })
        #expect(
            !(pair.added + pair.removed).contains { $0.contains("label=<zone a") }, "zone a's box is the baseline's")
    }

    @Test("no shipped scenario's graph shows a backtick: names are plain in pictures")
    func noBackticks() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(names.count >= 6)
        for name in names {
            let scenario = try Self.shipped(String(name.dropLast(5)))
            for variant in scenario.variants {
                #expect(!ServiceGraph.dot(variant, of: scenario).contains("`"), "\(name) \(variant.name)")
            }
        }
    }

    @Test("zone-outage: every variant draws zone a down from 10 to 20 minutes, with its residents greyed")
    func zoneOutage() throws {
        let scenario = try Self.shipped("zone-outage")
        for variant in scenario.variants {
            let dot = ServiceGraph.dot(variant, of: scenario)
            #expect(
                dot.contains(
                    "label=<zone a · <FONT COLOR=\"firebrick\">down 10 min–20 min</FONT>>; labelloc=\"t\"; labeljust=\"l\"; "
                        + "color=\"firebrick\"; fillcolor=\"grey92\"; style=\"dashed,filled\";"), "\(variant.name)")
            #expect(dot.contains("<TD ALIGN=\"LEFT\"><FONT COLOR=\"grey45\">web</FONT></TD>"))
            #expect(
                dot.contains("label=<zone b>; labelloc=\"t\"; labeljust=\"l\"; color=\"grey40\"; style=\"dashed\";"))
            #expect(dot.contains("Red dashed</FONT>: down during the run"))
        }
        let oneZone = ServiceGraph.dot(scenario.variants.first { $0.name == "one-zone" }!, of: scenario)
        #expect(oneZone.contains("nothing at the start"), "zones b and c are empty")
    }
}
