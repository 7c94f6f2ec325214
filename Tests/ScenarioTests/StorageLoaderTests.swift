import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// `storage:` files load into the `StorageSpec` they describe, with the spec's own defaults.
@Suite struct StorageLoaderTests {
    static let fullRing = """
        name: store
        duration: 1m
        storage:
          region: eu-west-1
          zones: [a, b, c]
          network:
            intra_zone: 100us
            cross_zone: {distribution: exponential, mean: 1ms}
          latency_target: 20ms
          cluster:
            ring:
              nodes: 48
              virtual_nodes: 16
              replication_factor: 2
              write_amplification: 1.2
              compaction_share: 0.1
              hinted_handoff: false
              keys: 5000
              node:
                capacity_tb: 6.4
                read_iops: 300000
                write_iops: 2.5e5
                read_time: 100us
                write_time: {distribution: uniform, min: 40us, max: 60us}
                cpu_servers: 8
                cpu_time: 50us
                queue_capacity: 1000
                price_per_hour: 6.82
          workload:
            writes:
              operation: write
              rate: 100000/s
              keys: {zipf: 1.1}
              consistency: LOCAL_QUORUM
            reads:
              operation: read
              rate: 6000/min
              keys: uniform
              consistency: ALL
          failures:
            - zone_outage: {zone: a, from: 10s, to: 40s}
            - nodes_down: {count: 3, from: 1m, to: 1m30s}
        """

    static func seconds(_ value: Double) -> SimTime { SimTime(seconds: value) }

    @Test func aFullRingLoadsIntoTheExpectedSpec() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.fullRing, file: "store.yaml")
        #expect(scenario.variants.map(\.name) == ["base"])
        let profile = StorageNodeProfile(
            capacityTB: 6.4, readIOPS: 300_000, writeIOPS: 250_000, readTime: .constant(0.0001),
            writeTime: .uniform(min: 0.00004, max: 0.00006), cpuServers: 8, cpuTime: .constant(0.00005),
            queueCapacity: 1000, pricePerHour: 6.82)
        let expected = StorageSpec(
            region: "eu-west-1", zones: ["a", "b", "c"],
            network: NetworkSpec(intraZone: .constant(0.0001), crossZone: .exponential(mean: 0.001)),
            cluster: .ring(
                RingClusterSpec(
                    nodes: 48, virtualNodes: 16, replicationFactor: 2, profile: profile, writeAmplification: 1.2,
                    compactionShare: 0.1, hintedHandoff: false, keys: 5000)),
            workload: [
                StorageWorkloadSpec(
                    name: "writes", operation: .write, rate: 100_000, keys: .zipf(exponent: 1.1),
                    consistency: .localQuorum),
                StorageWorkloadSpec(name: "reads", operation: .read, rate: 100, keys: .uniform, consistency: .all),
            ],
            failures: [
                .zoneOutage(zone: "a", from: Self.seconds(10), to: Self.seconds(40)),
                .nodesDown(count: 3, from: Self.seconds(60), to: Self.seconds(90)),
            ],
            latencyTarget: Self.seconds(0.02))
        #expect(scenario.variants[0].storage == expected)
    }

    @Test func aPrimaryReplicaPairLoads() throws {
        let yaml = """
            name: pair
            duration: 1m
            storage:
              zones: [a, b]
              cluster:
                primary_replica:
                  master_zone: b
                  replica_zone: a
                  node: {capacity_tb: 2, read_iops: 1000, write_iops: 500, read_time: 1ms, write_time: 2ms,
                         cpu_servers: 4, cpu_time: 200us, queue_capacity: unlimited, price_per_hour: 1.5}
                  array: {read_iops: 20000, write_iops: 10000, read_time: 5ms, write_time: 2ms}
                  reads_from_replica: 0.25
                  failover_detection: 10s
                  promotion_time: 0s
              workload:
                reads: {operation: read, rate: 500/s, consistency: ONE}
              failures:
                - nodes_down: {count: 1, from: 1s, to: 2s}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "pair.yaml")
        let profile = StorageNodeProfile(
            capacityTB: 2, readIOPS: 1000, writeIOPS: 500, readTime: .constant(0.001), writeTime: .constant(0.002),
            cpuServers: 4, cpuTime: .constant(0.0002), queueCapacity: nil, pricePerHour: 1.5)
        let pair = PrimaryReplicaSpec(
            masterZone: "b", replicaZone: "a", profile: profile, arrayReadIOPS: 20_000, arrayWriteIOPS: 10_000,
            arrayReadTime: .constant(0.005), arrayWriteTime: .constant(0.002), readsFromReplica: 0.25,
            failoverDetection: Self.seconds(10), promotionTime: 0)
        let expected = StorageSpec(
            zones: ["a", "b"], cluster: .primaryReplica(pair),
            workload: [StorageWorkloadSpec(name: "reads", operation: .read, rate: 500, consistency: .one)],
            failures: [.nodesDown(count: 1, from: Self.seconds(1), to: Self.seconds(2))])
        #expect(scenario.variants[0].storage == expected)
    }

    /// The node profile of the defaults tests: only its required keys.
    static let node = """
        {capacity_tb: 1, read_iops: 100, write_iops: 100, read_time: 10ms, write_time: 10ms, cpu_servers: 1, \
        cpu_time: 1ms}
        """
    static let profile = StorageNodeProfile(
        capacityTB: 1, readIOPS: 100, writeIOPS: 100, readTime: .constant(0.01), writeTime: .constant(0.01),
        cpuServers: 1, cpuTime: .constant(0.001))

    @Test func leftOutKeysTakeTheSpecsDefaults() throws {
        let ring = """
            name: d
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster: {ring: {nodes: 3, node: \(Self.node)}}
              workload: {w: {operation: write, rate: 1/s}}
            """
        let ringScenario = try ScenarioLoader.parse(yaml: ring, file: "d.yaml")
        #expect(ringScenario.variants[0].storage == StorageSpec(
            zones: ["a", "b", "c"], cluster: .ring(RingClusterSpec(nodes: 3, profile: Self.profile)),
            workload: [StorageWorkloadSpec(name: "w", operation: .write, rate: 1)]))
        let pair = """
            name: d
            duration: 1m
            storage:
              zones: [a, b]
              cluster:
                primary_replica:
                  master_zone: a
                  replica_zone: b
                  node: \(Self.node)
                  array: {read_iops: 10, write_iops: 10, read_time: 1ms, write_time: 1ms}
              workload: {r: {operation: read, rate: 1/s}}
            """
        let pairScenario = try ScenarioLoader.parse(yaml: pair, file: "d.yaml")
        let expectedPair = PrimaryReplicaSpec(
            masterZone: "a", replicaZone: "b", profile: Self.profile, arrayReadIOPS: 10, arrayWriteIOPS: 10,
            arrayReadTime: .constant(0.001), arrayWriteTime: .constant(0.001))
        #expect(pairScenario.variants[0].storage == StorageSpec(
            zones: ["a", "b"], cluster: .primaryReplica(expectedPair),
            workload: [StorageWorkloadSpec(name: "r", operation: .read, rate: 1)]))
    }

    @Test func booleansTakeYAMLCoreSpellingsOnly() throws {
        func handoff(_ text: String) throws -> Bool? {
            let yaml = """
                name: d
                duration: 1m
                storage:
                  zones: [a]
                  cluster: {ring: {nodes: 1, replication_factor: 1, hinted_handoff: \(text), node: \(Self.node)}}
                  workload: {w: {operation: write, rate: 1/s}}
                """
            let storage = try ScenarioLoader.parse(yaml: yaml, file: "d.yaml").variants[0].storage
            guard case .ring(let ring) = storage?.cluster else { return nil }
            return ring.hintedHandoff
        }
        #expect(try handoff("true") == true)
        #expect(try handoff("FALSE") == false)
        #expect(try handoff("\"True\"") == true)
        #expect(throws: ScenarioError.self) { try handoff("on") }
    }
}
