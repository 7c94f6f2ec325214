import Testing

@testable import CloudModel
@testable import Scenario

/// Which services a storage outage is charged to (`MonitoredFault`): every service that calls
/// the cluster, wherever the call sits in a call tree.
@Suite("Monitored faults")
struct MonitoredFaultTests {
    @Test("a cluster's callers include a cache's miss, refill and error calls and a queue consumer's calls")
    func callersThroughCachesAndQueues() throws {
        let yaml = """
            name: f
            duration: 10s
            runtime:
              zones: [a]
              services: {api: {}, profile: {}, feed: {}, worker: {}}
              storage:
                redis: {ring: {nodes: 1, replication_factor: 1, node: {capacity_tb: 1, read_iops: 1000, write_iops: 1000, read_time: 1ms, write_time: 1ms, cpu_servers: 1, cpu_time: 10us}}}
                db: {ring: {nodes: 1, replication_factor: 1, node: {capacity_tb: 1, read_iops: 1000, write_iops: 1000, read_time: 1ms, write_time: 1ms, cpu_servers: 1, cpu_time: 10us}}}
                log: {ring: {nodes: 1, replication_factor: 1, node: {capacity_tb: 1, read_iops: 1000, write_iops: 1000, read_time: 1ms, write_time: 1ms, cpu_servers: 1, cpu_time: 10us}}}
              queues:
                jobs: {capacity: 10, consume: {service: worker, work: 1ms, calls: [{storage: log, operation: write}]}}
              endpoints:
                home:
                  arrival_rate: 10/s
                  call:
                    service: api
                    work: 1ms
                    calls:
                      - service: profile
                        work: 1ms
                        calls:
                          - storage: redis
                            operation: read
                            cache: {hit_ratio: 0.9, on_miss: {storage: db, operation: read}, refill: {storage: redis, operation: write}}
                      - {service: feed, work: 1ms, calls: [{storage: redis, operation: read, cache: {hit_ratio: 0.5, on_miss: {service: worker, work: 1ms}, on_error: {storage: db, operation: read}}}]}
                      - publish: jobs
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "f.yaml")
        let spec = try #require(scenario.variants[0].runtime)
        #expect(MonitoredFault.callers(of: "redis", in: spec) == ["profile", "feed"])
        // `db` is read only by caches' follow-up calls: on_miss from profile, on_error from feed.
        #expect(MonitoredFault.callers(of: "db", in: spec) == ["profile", "feed"])
        // `log` is written only by the queue's consumer.
        #expect(MonitoredFault.callers(of: "log", in: spec) == ["worker"])
    }
}
