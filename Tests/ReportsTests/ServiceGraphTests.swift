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

    @Test("runtime: zones as clusters, call rates multiplied down the tree and summed per pair")
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
        #expect(dot.contains("subgraph \"cluster_0_zone_a\" {\n    label=\"zone a\";"))
        #expect(dot.contains("\"group:api@a\" [fillcolor=\"lightgrey\", label=\"api\\n2 instances\""))
        #expect(dot.contains("\"group:api@b\" [fillcolor=\"lightgrey\", label=\"api\\n1 instance\""))
        #expect(!dot.contains("group:db@b") && !dot.contains("group:cache@a"))
        #expect(dot.contains("\"endpoint:home\" -> \"service:api\" [label=\"100/s\"];"))
        #expect(dot.contains("\"service:api\" -> \"service:db\" [label=\"50/s\"];"))
        #expect(dot.contains("\"service:api\" -> \"service:cache\" [label=\"100/s\"];"))
        #expect(dot.contains("\"service:cache\" -> \"service:db\" [label=\"20/s\"];"))
        // 10/s rising to 30/s over the first 100 s, then 30/s: 25/s over 200 s.
        #expect(dot.contains("\"endpoint:ramp\" -> \"service:db\" [label=\"25/s\"];"))
        #expect(dot.hasSuffix("}\n"))
    }

    @Test("runtime: a deployable's services in a box of their own, in-process calls dashed")
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
        #expect(dot.contains("\"group:shop@a\" [fillcolor=\"lightgrey\", label=\"shop\\n3 instances\""))
        #expect(dot.contains("subgraph \"cluster_1_deployable_shop\" {\n    label=\"deployable shop, 3 × 8 servers\";"))
        #expect(dot.contains("    \"service:web\" [label=\"web\"];\n    \"service:catalog\" [label=\"catalog\"];"))
        #expect(dot.contains("\"group:shop@a\" -> \"service:catalog\" [arrowhead=\"none\", style=\"dotted\"];"))
        #expect(dot.contains("\"service:web\" -> \"service:catalog\" [label=\"10/s in-process\", style=\"dashed\"];"))
        #expect(dot.contains("\"service:catalog\" -> \"service:db\" [label=\"10/s\"];"))
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
        #expect(dot.contains("\"request:get\" -> \"a\" [label=\"10/s\\np = 1\"];"))
        #expect(dot.contains("\"a\" -> \"b\" [label=\"4/s\\np = 0.4\"];"))
        #expect(dot.contains("\"a\" -> \"c\" [label=\"6/s\\np = 0.6\"];"))
        #expect(dot.contains("\"b\" -> \"c\" [label=\"4/s\\np = 1\"];"))
    }

    @Test("storage: ring nodes per zone as cylinders, each zone's clients with their share")
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
                writes: {operation: write, rate: 300/s}
                reads: {operation: read, rate: 600/s}
            """)
        #expect(dot.contains("\"ring@a\" [label=\"ring nodes\\n× 3\", shape=\"cylinder\"];"))
        #expect(dot.contains("\"ring@c\" [label=\"ring nodes\\n× 2\", shape=\"cylinder\"];"))
        #expect(dot.contains("\"clients@b\" -> \"ring@b\" [label=\"300/s\"];"))
    }

    @Test("labels with quotes and backslashes are escaped")
    func escaping() {
        var graph = DOTGraph(name: "a \"quoted\" name")
        graph.node("x\\y", label: "two\nlines")
        #expect(graph.render().contains("digraph \"a \\\"quoted\\\" name\" {"))
        #expect(graph.render().contains("\"x\\\\y\" [label=\"two\\nlines\"];"))
    }
}
