import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// Variants of a `storage:` scenario override under `storage:`, deep-merged into the base.
@Suite struct StorageVariantTests {
    static let base = """
        name: s
        duration: 1m
        storage:
          zones: [a, b, c]
          cluster:
            ring:
              nodes: 48
              node:
                capacity_tb: 1.68
                read_iops: 400
                write_iops: 20000
                read_time: 10ms
                write_time: 100us
                cpu_servers: 4
                cpu_time: 200us
          workload:
            writes: {operation: write, rate: 300000/s, consistency: ONE}
            reads: {operation: read, rate: 1000/s}

        """

    @Test func aVariantOverridesTheNodeCountAndARate() throws {
        let yaml = Self.base + """
            variants:
              n48: {}
              n96:
                description: twice the cluster, twice the writes
                storage:
                  cluster: {ring: {nodes: 96}}
                  workload: {writes: {rate: 600000/s}}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "s.yaml")
        #expect(scenario.variants.map(\.name) == ["n48", "n96"])
        let base = try #require(scenario.variants[0].storage)
        guard case .ring(var ring) = base.cluster else {
            Issue.record("expected a ring, found \(base.cluster)")
            return
        }
        #expect(ring.nodes == 48)
        #expect(base.workload.map(\.rate) == [300_000, 1000])
        var bigger = base
        ring.nodes = 96
        bigger.cluster = .ring(ring)
        bigger.workload[0].rate = 600_000
        #expect(scenario.variants[1].storage == bigger)
    }

    @Test func nothingInAnOverrideRemovesTheBaseKey() throws {
        let yaml = Self.base + """
            variants:
              ring: {}
              pair:
                storage:
                  cluster:
                    ring: ~
                    primary_replica:
                      master_zone: a
                      replica_zone: b
                      node: {capacity_tb: 1, read_iops: 1, write_iops: 1, read_time: 1ms, write_time: 1ms,
                             cpu_servers: 8, cpu_time: 100us}
                      array: {read_iops: 20000, write_iops: 10000, read_time: 5ms, write_time: 1ms}
                  workload: {reads: null}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "s.yaml")
        let pair = try #require(scenario.variants[1].storage)
        guard case .primaryReplica(let primary) = pair.cluster else {
            Issue.record("expected a primary/replica pair, found \(pair.cluster)")
            return
        }
        #expect(primary.masterZone == "a")
        #expect(pair.workload.map(\.name) == ["writes"])
    }

    @Test func nothingForAKeyTheBaseLacksIsStillChecked() {
        let yaml = Self.base + """
            variants:
              typo:
                storage: {failurs: ~}
            """
        #expect(located(yaml) == [
            "21:15: in variant `typo`: unknown key `failurs` in `storage`; did you mean `failures`?"
        ])
    }

    @Test func anErrorInAStorageOverridePointsIntoTheVariant() {
        let yaml = Self.base + """
            variants:
              broken:
                storage:
                  cluster: {ring: {replication_factor: 4}}
                  workload: {writes: {consistency: QUOROM}}
              misplaced:
                runtime: {zones: [a]}
            """
        #expect(located(yaml) == [
            "22:44: in variant `broken`: `replication_factor` expects one replica per zone, a whole number from 1 to 3, found `4`",
            "23:40: in variant `broken`: `consistency` expects one of `ONE`, `QUORUM`, `LOCAL_QUORUM`, `ALL`, `LOCAL_ONE` or `EACH_QUORUM`, found `QUOROM`; "
                + "did you mean `QUORUM`?",
            "25:5: variant `misplaced` expects its overrides under `storage:`, the key of this scenario's model; "
                + "found `runtime:`",
        ])
    }

    @Test func aScenarioHasExactlyOneOfTheThreeModels() {
        let rule = "a scenario needs exactly one of `model:` (a queueing network), `runtime:` "
            + "(zones, instances and call graphs), `storage:` (a storage cluster under load) "
            + "or `product_development:` (ideas through team stages)"
        let storageAndModel = Self.base + minimalModel
        #expect(located(storageAndModel) == ["19:1: \(rule), found `storage` and `model`"])
        let all = storageAndModel + "\nruntime: {zones: [a], services: {api: {}}, endpoints: {}}\n"
        #expect(located(all).first == "19:1: \(rule), found `storage`, `model` and `runtime`")
    }
}
