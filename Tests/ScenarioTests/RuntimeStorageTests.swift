import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// Storage clusters in a `runtime:` and calls that target them: what loads, what is reported
/// where, and how variants override a cluster.
@Suite struct RuntimeStorageTests {
    /// A runtime up to its `storage:` key (7 lines).
    static let header = """
        name: r
        duration: 1h
        runtime:
          zones: [a, b]
          services:
            api: {}
          storage:

        """

    static let base = header + """
            users:
              ring:
                nodes: 2
                replication_factor: 2
                node: {capacity_tb: 1, read_iops: 100, write_iops: 100, read_time: 1ms, write_time: 1ms, cpu_servers: 1, cpu_time: 1ms}
          endpoints:
            home:
              arrival_rate: 1/s
              call:
                service: api
                work: 1ms
                calls:

        """

    static let node = StorageNodeProfile(
        capacityTB: 1, readIOPS: 100, writeIOPS: 100, readTime: .constant(0.001), writeTime: .constant(0.001),
        cpuServers: 1, cpuTime: .constant(0.001))

    @Test func aCallTargetsAStorageClusterWithAnOperationKeysAndConsistency() throws {
        let yaml = Self.base + """
                      - storage: users
                        operation: read
                        keys: {zipf: 1.1}
                        consistency: LOCAL_QUORUM
                        probability: 0.5
                        client: {timeout: 50ms}
                      - {storage: users, operation: write}
            """
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants[0].runtime)
        let ring = RingClusterSpec(nodes: 2, replicationFactor: 2, profile: Self.node)
        #expect(runtime.storage == [RuntimeStorageSpec(name: "users", cluster: .ring(ring))])
        #expect(runtime.endpoints[0].root.children == [
            CallNode(
                storage: "users",
                access: StorageAccess(operation: .read, keys: .zipf(exponent: 1.1), consistency: .localQuorum),
                probability: 0.5, client: ClientPolicy(timeout: 50_000_000)),
            CallNode(storage: "users", access: StorageAccess(operation: .write, keys: .uniform, consistency: .quorum)),
        ])
    }

    @Test func storageCallProblemsAreReportedAtTheCall() {
        let yaml = Self.base + """
                      - storage: userz
                        operation: read
                      - storage: users
                        operation: delete
                        consistency: TWO
                        keys: zipf
                      - storage: users
                        operation: write
                        work: 1ms
                      - service: api
                        work: 1ms
                        consistency: ONE
                      - {storage: users, service: api, operation: read}
            """
        let place = "under `api` in endpoint `home`"
        #expect(located(yaml) == [
            "20:22: unknown storage cluster `userz`; did you mean `users`?",
            "23:24: `operation` expects one of `read` or `write`, found `delete`",
            "24:26: `consistency` expects one of `ONE`, `QUORUM`, `LOCAL_QUORUM`, `ALL`, `LOCAL_ONE` or `EACH_QUORUM`, found `TWO`",
            "25:19: `keys` expects `uniform` or a mapping like `{zipf: 1.1}`, found `zipf`",
            "28:13: `work` does not apply to call 3 \(place), a call to storage cluster `users`; it takes "
                + "`storage`, `operation`, `keys`, `key`, `consistency`, `probability`, `repeat`, `client` and `cache`",
            "31:13: `consistency` applies only to a call to a storage cluster (`storage:`), not to call 4 \(place), "
                + "a call to a service",
            "32:14: call 5 \(place) targets one of `service` or `storage`, found both",
        ])
    }

    @Test func aCallUsesItsOwnKeyOrTheRequests() throws {
        let yaml = Self.base + """
                      - {storage: users, operation: read, key: request}
                      - {storage: users, operation: write}
            """
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants[0].runtime)
        #expect(runtime.endpoints[0].root.children.map { $0.storage?.key } == [.request, .call])
        let typo = Self.base + """
                      - {storage: users, operation: read, key: requets}
            """
        #expect(located(typo) == ["20:52: `key` expects one of `call` or `request`, found `requets`; did you mean `request`?"])
    }

    @Test func clusterNamesAndSettingsAreChecked() {
        let yaml = Self.header + """
                api:
                  primary_replica: {master_zone: a, replica_zone: c}
                home:
                  ring: {nodes: 1, replication_factor: 3}
              endpoints:
                home:
                  arrival_rate: 1/s
                  call: {storage: home, operation: read}
            """
        #expect(located(yaml) == [
            "8:5: storage cluster `api` has the same name as service `api` (given at 6:5); "
                + "storage cluster and service names must differ",
            "9:24: missing required key `node` in `primary_replica`",
            "9:24: missing required key `array` in `primary_replica`",
            "9:55: unknown zone `c`; the zones are `a` and `b`",
            "10:5: storage cluster `home` has the same name as endpoint `home` (given at 13:5); "
                + "storage cluster and endpoint names must differ",
            "11:13: missing required key `node` in `ring`",
            "11:44: `replication_factor` expects one replica per zone, a whole number from 1 to 2, found `3`",
            "15:23: the root call of endpoint `home` may not target a storage cluster: a request enters through "
                + "a service, which then calls storage",
        ])
    }

    @Test func aVariantOverridesAClusterKeyOrSwapsTheClusterKind() throws {
        let yaml = Self.base + """
                      - {storage: users, operation: read}
            variants:
              base: {}
              more-nodes:
                runtime: {storage: {users: {ring: {nodes: 4}}}}
              pair:
                runtime:
                  storage:
                    users:
                      ring: null
                      primary_replica:
                        master_zone: b
                        replica_zone: a
                        node: {capacity_tb: 1, read_iops: 100, write_iops: 100, read_time: 1ms, write_time: 1ms, cpu_servers: 1, cpu_time: 1ms}
                        array: {read_iops: 10, write_iops: 10, read_time: 1ms, write_time: 1ms}
            """
        let variants = try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants
        #expect(
            variants[1].runtime?.storage[0].cluster
                == .ring(RingClusterSpec(nodes: 4, replicationFactor: 2, profile: Self.node)))
        let pair = PrimaryReplicaSpec(
            masterZone: "b", replicaZone: "a", profile: Self.node, arrayReadIOPS: 10, arrayWriteIOPS: 10,
            arrayReadTime: .constant(0.001), arrayWriteTime: .constant(0.001))
        #expect(variants[2].runtime?.storage[0].cluster == .primaryReplica(pair))
        #expect(variants[2].runtime?.endpoints == variants[0].runtime?.endpoints)
    }
}
