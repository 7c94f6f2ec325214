import Testing

@testable import Scenario

/// Each class of problem in a `storage:` is reported at the right line and column.
@Suite struct StorageDiagnosticTests {
    /// A node profile with every required key, on one line.
    static let node = """
        {capacity_tb: 1, read_iops: 100, write_iops: 100, read_time: 10ms, write_time: 10ms, cpu_servers: 1, \
        cpu_time: 1ms}
        """

    @Test func ringSettings() {
        let yaml = """
            name: s
            duration: 1m
            storage:
              zones: [a, b]
              latency_targte: 10ms
              cluster:
                ring:
                  nodes: 2
                  replication_factor: 3
                  compaction_share: 1
                  write_amplification: 0.5
                  hinted_handoff: yes
                  node:
                    capacity_tb: 0
                    read_iops: 300000
                    write_iops: 300000
                    read_time: 0s
                    write_time: 50us
                    cpu_servers: 8
                    cpu_time: 50us
                    cpu_tme: 50us
              workload:
                writes: {operation: write, rate: 100/s, consistency: quorum}
            """
        #expect(located(yaml) == [
            "5:3: unknown key `latency_targte` in `storage`; did you mean `latency_target`?",
            "9:27: `replication_factor` expects one replica per zone, a whole number from 1 to 2, found `3`",
            "10:25: `compaction_share` expects a number from 0 up to, but not including, 1, found `1`",
            "11:28: `write_amplification` expects a number of at least 1, found `0.5`",
            "12:23: `hinted_handoff` expects `true` or `false`, found `yes`",
            "14:22: `capacity_tb` expects a number above 0 (TB), found `0`",
            "17:20: `read_time` expects a distribution with a mean above zero, found one that is always 0",
            "21:9: unknown key `cpu_tme` in `node`; did you mean `cpu_time`?",
            "23:58: `consistency` expects one of `ONE`, `QUORUM`, `LOCAL_QUORUM`, `ALL`, `LOCAL_ONE` or `EACH_QUORUM`, found `quorum`; "
                + "did you mean `QUORUM`?",
        ])
    }

    @Test func aRingNeedsAZonePerReplicaAndANodePerReplica() {
        func storage(zones: String, ring: String) -> String {
            """
            name: s
            duration: 1m
            storage:
              zones: \(zones)
              cluster:
                ring: {\(ring), node: \(Self.node)}
              workload: {w: {operation: write, rate: 1/s}}
            """
        }
        #expect(located(storage(zones: "[a, b, c]", ring: "nodes: 2, replication_factor: 3")) == [
            "6:19: `nodes` expects a whole number of at least `replication_factor` (3), found `2`"
        ])
        #expect(located(storage(zones: "[a, b, c]", ring: "nodes: 2")) == [
            "6:19: `nodes` expects a whole number of at least the default `replication_factor` (3), found `2`"
        ])
        #expect(located(storage(zones: "[a, b]", ring: "nodes: 6")) == [
            "6:11: `ring` keeps 3 replicas by default (`replication_factor`), more than the 2 zones "
                + "(one replica per zone); give `replication_factor:`"
        ])
    }

    @Test func workloadsAndFailures() {
        let yaml = """
            name: s
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster: {ring: {nodes: 3, node: \(Self.node)}}
              workload:
                during_failures: {operation: reed, rate: 1/s, keys: {zipf: 0}}
                hot: {operation: read, rate: 0/s, keys: unifrom}
              failures:
                - zone_outage: {zone: d, from: 10s, to: 5s}
                - nodes_down: {count: 3, from: 1s, to: 2s}
                - node_down: {count: 1, from: 1s, to: 2s}
            """
        #expect(located(yaml) == [
            "7:5: a workload may not be named `during_failures`, which starts metric names of the results "
                + "(`during_failures.…`); rename it",
            "7:34: `operation` expects one of `read` or `write`, found `reed`; did you mean `read`?",
            "7:64: `zipf` expects a number above 0, found `0`",
            "8:34: `rate` must be positive, found `0/s`",
            "8:45: `keys` expects `uniform` or a mapping like `{zipf: 1.1}`, found `unifrom`; did you mean `uniform`?",
            "10:27: unknown zone `d`; the zones are `a`, `b` and `c`",
            "10:45: `to` expects a time after `from` (10s), found `5s`",
            "11:27: `count` expects fewer than the cluster's 3 nodes, found `3`",
            "12:7: unknown key `node_down` in failure 3; did you mean `nodes_down`?",
        ])
    }

    @Test func primaryReplicaSettings() {
        let yaml = """
            name: s
            duration: 1m
            storage:
              zones: [a, b]
              cluster:
                primary_replica:
                  master_zone: a
                  replica_zone: a
                  node: \(Self.node)
                  array: {read_iops: -1, write_iops: 10, read_time: 5ms}
                  reads_from_replica: 1.5
                  failover_detection: -1s
              workload: {w: {operation: write, rate: 1/s}}
              failures:
                - nodes_down: {count: 2, from: 1s, to: 2s}
                - zone_outage: {zone: c, from: 1s, to: 2s}
            """
        #expect(located(yaml) == [
            "8:21: `replica_zone` expects a zone other than `master_zone` (a), found `a`",
            "10:14: missing required key `write_time` in `array`",
            "10:26: `read_iops` expects a number above 0 (operations per second), found `-1`",
            "11:27: `reads_from_replica` expects a number from 0 to 1, found `1.5`",
            "12:27: `failover_detection` must not be negative, found `-1s`",
            "15:27: `count` expects fewer than the cluster's 2 nodes, found `2`",
            "16:27: unknown zone `c`; the zones are `a` and `b`",
        ])
    }

    @Test func aClusterIsARingOrAPrimaryReplicaPair() {
        let yaml = """
            name: s
            duration: 1m
            storage:
              zones: [a, b]
              cluster:
                ring: {nodes: 2, replication_factor: 2, node: \(Self.node)}
                primary_replica: {master_zone: a, replica_zone: x}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(yaml) == [
            "7:5: `cluster` expects only one of `ring`, `primary_replica` or `replica_set`, found `ring` and `primary_replica`",
            "7:22: missing required key `node` in `primary_replica`",
            "7:22: missing required key `array` in `primary_replica`",
            "7:53: unknown zone `x`; the zones are `a` and `b`",
        ])
        let neither = """
            name: s
            duration: 1m
            storage:
              zones: [a]
              cluster: {}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(neither) == ["5:12: missing required key `ring`, `primary_replica` or `replica_set` in `cluster`"])
    }

    @Test("an in-memory node (`memory_gb`) rejects every disk key at its line; `primary_replica` rejects it")
    func inMemoryNodes() {
        let yaml = """
            name: s
            duration: 1m
            storage:
              zones: [a, b]
              cluster:
                ring:
                  nodes: 2
                  replication_factor: 2
                  node:
                    memory_gb: 64
                    capacity_tb: 1
                    read_iops: 1000
                    write_iops: 1000
                    read_time: 1ms
                    write_time: 1ms
                    cpu_servers: 1
                    cpu_time: 10us
              workload: {w: {operation: write, rate: 1/s}}
            """
        let noDisk = "its work is its CPU (`cpu_servers`, `cpu_time`)"
        #expect(located(yaml) == [
            "11:9: an in-memory node (`memory_gb`) has no disk: `capacity_tb` does not apply (a node has `capacity_tb` "
                + "or `memory_gb`, not both); \(noDisk)",
            "12:9: an in-memory node (`memory_gb`) has no disk: `read_iops` does not apply; \(noDisk)",
            "13:9: an in-memory node (`memory_gb`) has no disk: `write_iops` does not apply; \(noDisk)",
            "14:9: an in-memory node (`memory_gb`) has no disk: `read_time` does not apply; \(noDisk)",
            "15:9: an in-memory node (`memory_gb`) has no disk: `write_time` does not apply; \(noDisk)",
        ])
        let bad = """
            name: s
            duration: 1m
            storage:
              zones: [a]
              cluster:
                ring: {nodes: 1, replication_factor: 1, node: {memory_gb: 0, cpu_servers: 0, memory_bg: 1}}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(bad) == [
            "6:51: missing required key `cpu_time` in `node`",
            "6:63: `memory_gb` expects a number above 0 (GB), found `0`",
            "6:79: `cpu_servers` expects a whole number from 1 to 1000000, found `0`",
            "6:82: unknown key `memory_bg` in `node`; did you mean `memory_gb`?",
        ])
        let neither = """
            name: s
            duration: 1m
            storage:
              zones: [a]
              cluster:
                ring: {nodes: 1, replication_factor: 1, node: {cpu_servers: 1, cpu_time: 1ms}}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(neither) == [
            "6:51: missing required key `capacity_tb` in `node` (or `memory_gb:` for an in-memory node, which has no "
                + "disk)",
            "6:51: missing required key `read_iops` in `node`",
            "6:51: missing required key `write_iops` in `node`",
            "6:51: missing required key `read_time` in `node`",
            "6:51: missing required key `write_time` in `node`",
        ])
        let pair = """
            name: s
            duration: 1m
            storage:
              zones: [a, b]
              cluster:
                primary_replica:
                  master_zone: a
                  replica_zone: b
                  node: {memory_gb: 16, cpu_servers: 1, cpu_time: 10us}
                  array: {read_iops: 10, write_iops: 10, read_time: 5ms, write_time: 5ms}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(pair) == [
            "9:14: `primary_replica` keeps its data on a shared array: its nodes may not be in memory (`memory_gb`); "
                + "an in-memory store is a `ring` or a `replica_set`"
        ])
    }

    @Test("every key of a `replica_set` is checked at its line and column")
    func replicaSetSettings() {
        let yaml = """
            name: s
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster:
                replica_set:
                  members: [a, b, d]
                  primary_zone: c
                  write_concern: majorty
                  read_preference: secondary
                  failover_detection: -1s
                  election_time: soon
                  node: {memory_gb: 8, cpu_servers: 1, cpu_time: 10us, read_iops: 10}
                  arbiter: a
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(yaml) == [
            "7:23: unknown zone `d`; the zones are `a`, `b` and `c`",
            "9:22: `write_concern` expects `majority` or a whole number of at least 1, found `majorty`; did you mean "
                + "`majority`?",
            "10:24: `read_preference` expects one of `primary` or `nearest`, found `secondary`",
            "11:27: `failover_detection` must not be negative, found `-1s`",
            "12:22: `election_time` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `soon`",
            "13:60: an in-memory node (`memory_gb`) has no disk: `read_iops` does not apply; its work is its CPU "
                + "(`cpu_servers`, `cpu_time`)",
            "14:7: unknown key `arbiter` in `replica_set`; expected `members`, `primary_zone`, `write_concern`, "
                + "`read_preference`, `failover_detection`, `election_time` or `node`",
        ])
        let members = """
            name: s
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster:
                replica_set:
                  members: [a, b, c]
                  primary_zone: d
                  write_concern: 4
                  node: {memory_gb: 8, cpu_servers: 1, cpu_time: 10us}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(members) == [
            "8:21: unknown zone `d`; the zones are `a`, `b` and `c`",
            "9:22: `write_concern` expects `majority` or a whole number from 1 to 3 (the members), found `4`",
        ])
        let outside = """
            name: s
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster:
                replica_set: {members: [a, b, a, b, a, b, a, b], primary_zone: c, node: {memory_gb: 8, cpu_servers: 1, cpu_time: 10us}}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(outside) == [
            "6:28: `members` expects at most 7 members (as MongoDB's voting members), found 8"
        ])
        let primaryNotAMember = """
            name: s
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster:
                replica_set: {members: [a, b, a], primary_zone: c, node: {memory_gb: 8, cpu_servers: 1, cpu_time: 10us}}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(primaryNotAMember) == [
            "6:53: `primary_zone` expects the zone of one of the members (`a` or `b`), found `c`"
        ])
        let missing = """
            name: s
            duration: 1m
            storage:
              zones: [a]
              cluster: {replica_set: {members: []}}
              workload: {w: {operation: write, rate: 1/s}}
            """
        #expect(located(missing) == [
            "5:26: missing required key `primary_zone` in `replica_set`",
            "5:26: missing required key `node` in `replica_set`",
            "5:36: `members` expects a list of zones, one member in each entry, found an empty list",
        ])
    }

    @Test func requiredKeysOfStorage() {
        #expect(located("name: s\nduration: 1m\nstorage: {region: eu}\n") == [
            "3:10: missing required key `zones` in `storage`",
            "3:10: missing required key `cluster` in `storage`",
            "3:10: missing required key `workload` in `storage`",
        ])
    }
}
