import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// `runtime.regions`: read as written, defaults stated, and each mistake reported where it is.
@Suite struct RegionParserTests {
    static func scenario(_ place: String, chaos: String = "") -> String {
        """
        name: r
        duration: 1h
        runtime:
        \(place)
          services:
            api: {instances: 6}
          endpoints:
            home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
        \(chaos)
        """
    }

    @Test func regionsWithTrafficAndNetwork() throws {
        let yaml = Self.scenario(
            """
              regions:
                us-east-1:
                  zones: [us-east-1a, us-east-1b, us-east-1c]
                  traffic: 60%
                eu-west-1:
                  zones: [eu-west-1a, eu-west-1b]
              network:
                cross_region: {distribution: exponential, mean: 80ms}
              dns_failover: 90s
            """,
            chaos: "  chaos:\n    - region_outage: {region: eu-west-1, from: 10m, to: 20m}")
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants[0].runtime)
        #expect(runtime.region == "us-east-1")
        #expect(runtime.zones == ["us-east-1a", "us-east-1b", "us-east-1c", "eu-west-1a", "eu-west-1b"])
        #expect(runtime.regions.map(\.name) == ["us-east-1", "eu-west-1"])
        #expect(abs(runtime.regions[0].traffic - 0.6) < 1e-12 && abs(runtime.regions[1].traffic - 0.4) < 1e-12)
        #expect(runtime.zoneRegions == [0, 0, 0, 1, 1])
        #expect(runtime.network.crossRegion == .exponential(mean: 0.08))
        #expect(runtime.dnsFailover == 90 * SimTime.nanosecondsPerSecond)
        #expect(runtime.chaos == [.regionOutage(region: "eu-west-1", from: 600_000_000_000, to: 1_200_000_000_000)])
    }

    @Test func equalSharesByDefaultAndOneRegionTheOldWay() throws {
        let yaml = Self.scenario("  regions:\n    a: {zones: [a1]}\n    b: {zones: [b1]}\n    c: {zones: [c1]}")
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants[0].runtime)
        let third: Double = 1.0 / 3
        #expect(runtime.regions.map(\.traffic) == [third, third, third])
        #expect(runtime.dnsFailover == 60 * SimTime.nanosecondsPerSecond)
        let old = try #require(
            try ScenarioLoader.parse(yaml: Self.scenario("  region: eu-west-1\n  zones: [a, b]"), file: "r.yaml")
                .variants[0].runtime)
        #expect(old.regions.isEmpty)
        #expect(old.regionList == [RegionSpec(name: "eu-west-1", zones: ["a", "b"], traffic: 1)])
    }

    @Test func mistakes() {
        let yaml = Self.scenario(
            """
              region: us-east-1
              zones: [a]
              regions:
                us-east-1:
                  zones: [a, b]
                  traffic: 70%
                "eu west":
                  zones: [c]
                eu-west-1:
                  zones: [b, d]
                  trafic: 10%
                ap-south-1:
                  zones: [e]
                  traffic: 120%
            """)
        #expect(located(yaml) == [
            "4:11: `region` cannot be given with `regions`: each region lists its own zones; give `regions` or "
                + "`region` with `zones`",
            "5:10: `zones` cannot be given with `regions`: each region lists its own zones; give `regions` or "
                + "`region` with `zones`",
            "10:5: a region name expects letters, digits, `-`, `_` or `.` (but not `.` or `..`), found `eu west`",
            "13:15: zone `b` is already in region `us-east-1` (given at 8:18); zone names are unique across regions",
            "14:7: unknown key `trafic` in region `eu-west-1`; did you mean `traffic`?",
            "17:16: `traffic` expects a percentage from 0% to 100%, like `60%`, or a ratio from 0 to 1, found `120%`",
        ])
    }

    @Test func sharesMustSumToAHundredPercent() {
        let yaml = Self.scenario(
            "  regions:\n    a: {zones: [a1], traffic: 60%}\n    b: {zones: [b1], traffic: 0.3}")
        #expect(located(yaml) == [
            "5:5: `traffic` of the regions expects shares summing to 100%, found 90% (`a` 60%, `b` 30%)"
        ])
    }

    @Test func unknownRegionInChaosAndCrossRegionOnlyInARuntime() {
        let yaml = Self.scenario(
            "  regions:\n    us-east-1: {zones: [a]}\n    eu-west-1: {zones: [b]}",
            chaos: "  chaos:\n    - region_outage: {region: eu-west1, from: 1m, to: 2m}")
        #expect(located(yaml) == ["12:31: unknown region `eu-west1`; did you mean `eu-west-1`?"])
        let storage = """
            name: s
            duration: 1m
            storage:
              zones: [a]
              network: {cross_region: 80ms}
              cluster: {ring: {nodes: 3, replication_factor: 1}}
              workload: [{operation: read, rate: 1/s}]
            """
        #expect(located(storage).contains(
            "5:13: unknown key `cross_region` in `network`; expected `intra_zone` or `cross_zone`"))
    }

    static func ringScenario(_ ring: String, consistency: String = "LOCAL_QUORUM", operation: String = "write") -> String {
        """
        name: r
        duration: 1h
        runtime:
          regions:
            east: {zones: [e1, e2, e3]}
            west: {zones: [w1, w2]}
          services:
            api: {}
          storage:
            users:
              ring:
        \(ring)
                node: {capacity_tb: 1, read_iops: 1000, write_iops: 1000, read_time: 1ms, write_time: 1ms, cpu_servers: 2, cpu_time: 1ms}
          endpoints:
            home:
              arrival_rate: 1/s
              call: {service: api, work: 1ms, calls: [{storage: users, operation: \(operation), consistency: \(consistency)}]}
        """
    }

    @Test func replicasPerRegion() throws {
        let same = try #require(
            try ScenarioLoader.parse(yaml: Self.ringScenario("        nodes: 5\n        replication_factor: 2"), file: "r.yaml")
                .variants[0].runtime)
        guard case .ring(let ring) = same.storage[0].cluster else { return #expect(Bool(false)) }
        #expect(ring.replicasPerRegion == [2, 2] && ring.replicationFactor == 4)
        let mapped = try #require(
            try ScenarioLoader.parse(
                yaml: Self.ringScenario("        nodes: 5\n        replication_factor: {east: 3, west: 1}"), file: "r.yaml"
            ).variants[0].runtime)
        guard case .ring(let perRegion) = mapped.storage[0].cluster else { return #expect(Bool(false)) }
        #expect(perRegion.replicasPerRegion == [3, 1] && perRegion.replicationFactor == 4)
    }

    @Test func replicasPerRegionMistakes() {
        // Round-robin over e1 e2 e3 w1 w2: 3 nodes are all in `east`.
        #expect(located(Self.ringScenario("        nodes: 3\n        replication_factor: 2")) == [
            "12:16: `nodes` expects enough nodes for 2 replicas in region `west`: nodes go to every zone of every region "
                + "in turn, and 3 put 0 there; give at least 5"
        ])
        #expect(located(Self.ringScenario("        nodes: 5\n        replication_factor: 3")) == [
            "13:29: `replication_factor` expects one replica per zone of region `west`, a whole number from 1 to 2, found 3"
        ])
        #expect(located(Self.ringScenario("        nodes: 5\n        replication_factor: {east: 2, wset: 1}")) == [
            "13:29: missing required key `west` in `replication_factor` (every region keeps replicas)",
            "13:39: unknown key `wset` in `replication_factor`; did you mean `west`?",
        ])
        #expect(located(Self.ringScenario("        nodes: 5\n        replication_factor: 1", consistency: "EACH_QUORUM", operation: "read")) == [
            "18:94: `consistency` EACH_QUORUM applies to writes only (as in Cassandra); a read takes another level"
        ])
    }
}
