import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// The richer forms of a call tree: `stages`, `repeat`, `publish` to `queues`.
@Suite struct CallTreeParserTests {
    /// A runtime whose endpoint `home` calls `call` (indented under `call:`).
    static func scenario(_ call: String) -> String {
        """
        name: r
        duration: 1h
        runtime:
          zones: [a]
          services: {api: {}, db: {}, cache: {}, rank: {}}
          storage:
            users: {ring: {nodes: 1, replication_factor: 1, node: {capacity_tb: 1, read_iops: 100, write_iops: 100, read_time: 1ms, write_time: 1ms, cpu_servers: 1, cpu_time: 1ms}}}
          endpoints:
            home:
              arrival_rate: 1/s
              call:
        \(call.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
        """
    }

    @Test func stagesReadAsChildrenInOrderPartitionedIntoStages() throws {
        let yaml = Self.scenario(
            """
            service: api
            work: 1ms
            stages:
              - fan_out: parallel
                wait_for: 1
                calls:
                  - {service: db, work: 2ms}
                  - {storage: users, operation: read}
              - calls:
                  - {service: rank, work: 1ms}
            """)
        let root = try #require(try ScenarioLoader.parse(yaml: yaml, file: "t.yaml").variants[0].runtime).endpoints[0]
            .root
        #expect(root.children.map(\.service) == ["db", "users", "rank"])
        #expect(root.stages == [
            CallStage(fanOut: .parallel(waitFor: 1), calls: 2), CallStage(fanOut: .sequential, calls: 1),
        ])
        #expect(root.fanOut == .sequential)
    }

    @Test func stageDiagnostics() {
        let yaml = Self.scenario(
            """
            service: api
            work: 1ms
            fan_out: parallel
            stages:
              - fan_out: paralel
                calls: [{service: dbb, work: 1ms}]
              - calls: []
              - {wait_for: 2, calls: [{service: db, work: 1ms}]}
              - {calls: [{service: db, work: 1ms}], fan_out: parallel, wait_for: 2}
              - {call: [{service: db, work: 1ms}]}
              - [{service: db, work: 1ms}]
            """)
        #expect(located(yaml) == [
            "14:11: `fan_out` does not apply to the root call of endpoint `home` with `stages`: each stage takes "
                + "its own `fan_out`, `wait_for` and `calls`",
            "16:24: `fan_out` expects one of `sequential` or `parallel`, found `paralel`; did you mean `parallel`?",
            "17:33: unknown service `dbb`; did you mean `db`?",
            "18:22: `calls` expects a list of calls, like `- {service: db, work: 2ms}`, found an empty list",
            "19:26: `wait_for` applies only with `fan_out: parallel`; these calls are sequential",
            "20:80: `wait_for` expects at most the number of `calls` (1), found `2`",
            "21:15: missing required key `calls` in stage 5 under `api` in endpoint `home`",
            "21:16: unknown key `call` in stage 5 under `api` in endpoint `home`; did you mean `calls`?",
            "22:15: stage 6 under `api` in endpoint `home` expects a mapping with `calls:` (and `fan_out:`, "
                + "`wait_for:`), found a list",
        ])
    }

    @Test func stagesMustBeAList() {
        let yaml = Self.scenario("{service: api, work: 1ms, stages: {calls: []}}")
        #expect(located(yaml) == [
            "12:45: `stages` expects a list of stages, like `- {fan_out: parallel, calls: [{service: db, work: 2ms}]}`, "
                + "found a mapping"
        ])
    }

    @Test func repeatReadsACountOrACountDistribution() throws {
        let yaml = Self.scenario(
            """
            service: api
            work: 1ms
            fan_out: parallel
            calls:
              - {service: db, work: 2ms, repeat: 3}
              - {storage: users, operation: write, repeat: {distribution: poisson, mean: 8}}
              - {service: rank, work: 1ms, repeat: {distribution: uniform, min: 0, max: 4}}
              - {service: cache, work: 1ms, repeat: {distribution: empirical, values: [1, 1, 20]}}
            """)
        let root = try #require(try ScenarioLoader.parse(yaml: yaml, file: "t.yaml").variants[0].runtime).endpoints[0]
            .root
        #expect(root.children.map(\.repetitions) == [
            .fixed(3), .poisson(mean: 8), .uniform(min: 0, max: 4), .empirical([1, 1, 20]),
        ])
        #expect(root.repetitions == nil)
    }

    @Test func repeatDiagnostics() {
        let yaml = Self.scenario(
            """
            service: api
            work: 1ms
            repeat: 2
            calls:
              - {service: db, work: 2ms, repeat: 0}
              - {service: db, work: 2ms, repeat: 20000}
              - {service: db, work: 2ms, repeat: {distribution: poison, mean: 8}}
              - {service: db, work: 2ms, repeat: {distribution: poisson, men: 8}}
              - {service: db, work: 2ms, repeat: {distribution: uniform, min: 3, max: 2}}
              - {storage: users, operation: read, repeat: {distribution: empirical, values: [1, -1]}}
              - {service: db, work: 2ms, repeat: {mean: 2}}
              - {service: db, work: 2ms, repeat: [2]}
            """)
        #expect(located(yaml) == [
            "14:11: `repeat` does not apply to the root call of endpoint `home`: every request that arrives makes "
                + "its root call, once",
            "16:48: `repeat` expects a whole number from 1 to 10000, found `0`",
            "17:48: `repeat` expects a whole number from 1 to 10000, found `20000`",
            "18:63: `distribution` expects one of `poisson`, `uniform` or `empirical`, found `poison`; did you mean "
                + "`poisson`?",
            "19:48: missing required key `mean` in the `poisson` distribution of `repeat`",
            "19:72: unknown key `men` in the `poisson` distribution of `repeat`; did you mean `mean`?",
            "20:85: `max` expects a whole number of at least `min` (3), found `2`",
            "21:95: `values` expects a whole number from 0 to 10000, found `-1`",
            "22:48: missing required key `distribution` in `repeat`; expected `poisson`, `uniform` or `empirical`",
            "23:48: `repeat` expects a whole number of calls, or a mapping like `{distribution: poisson, mean: 8}`, "
                + "found a list",
        ])
    }

    /// A runtime with queue `jobs` (`queue`, indented under `jobs:`), endpoint `home` calling `call`.
    static func queued(_ queue: String, call: String = "{service: api, work: 1ms, calls: [{publish: jobs}]}") -> String {
        """
        name: r
        duration: 1h
        runtime:
          zones: [a]
          services: {api: {}, db: {}}
          endpoints:
            home: {arrival_rate: 1/s, call: \(call)}
          queues:
            jobs:
        \(queue.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        """
    }

    @Test func queuesAndPublishing() throws {
        let yaml = Self.queued(
            """
            capacity: 1000
            max_age: 1m
            concurrency: 4
            consume: {service: db, work: 2ms, calls: [{publish: jobs, probability: 0.1}]}
            """)
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "t.yaml").variants[0].runtime)
        #expect(runtime.endpoints[0].root.children == [CallNode(publishTo: "jobs")])
        #expect(runtime.queues == [
            QueueSpec(
                name: "jobs", capacity: 1000, maxAge: 60_000_000_000, concurrency: 4,
                consume: CallNode(
                    service: "db", work: .constant(0.002), children: [CallNode(publishTo: "jobs", probability: 0.1)]))
        ])
    }

    @Test func queueDiagnostics() {
        let yaml = Self.queued(
            """
            capacty: 10
            max_age: 0s
            concurrency: 0
            consume: {service: db, work: 1ms, probability: 0.5, client: {}, calls: [{publish: jbs, work: 1ms}]}
            """, call: "{service: api, work: 1ms, calls: [{publish: jobs, repeat: 2}, {publish: jobs, client: {}}]}")
        #expect(located(yaml) == [
            "7:115: `client` does not apply to call 2 under `api` in endpoint `home`, a message published to queue "
                + "`jobs`; it takes `publish`, `probability` and `repeat`",
            "10:7: unknown key `capacty` in queue `jobs`; did you mean `capacity`?",
            "10:7: missing required key `capacity` in queue `jobs`",
            "11:16: `max_age` must be longer than zero, found `0s`",
            "12:20: `concurrency` expects a whole number from 1 to 1000000, found `0`",
            "13:41: `probability` does not apply to the consume call of queue `jobs`: every message taken from the "
                + "queue is handled by its root call",
            "13:59: `client` does not apply to the consume call of queue `jobs`: the root call is made by the queue, "
                + "which has no client policy",
            "13:89: unknown queue `jbs`; did you mean `jobs`?",
            "13:94: `work` does not apply to call 1 under `db` in queue `jobs`, a message published to queue `jbs`; "
                + "it takes `publish`, `probability` and `repeat`",
        ])
    }

    @Test func queueNamesAreEntities() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services: {api: {}}
              endpoints:
                home: {arrival_rate: 1/s, call: {publish: api}}
              queues:
                api: {capacity: 1, consume: {service: api, work: 1ms}}
              fast_forward: {}
            """
        #expect(located(yaml) == [
            "7:47: the root call of endpoint `home` may not publish to a queue: a root call calls a service",
            "9:5: queue `api` has the same name as service `api` (given at 5:14); queue and service names must differ",
            "10:3: `fast_forward` does not apply with `queues`: a queue's backlog carries from one moment to the next, "
                + "so no stretch can be accounted from rates",
        ])
    }
}
