@testable import CloudModel
import SimKernel
import Testing

/// A MongoDB-style replica set against hand computation: constant times, so that every
/// operation's latency is a sum of known delays.
@Suite("Replica set")
struct ReplicaSetTests {
    /// Members in zones a, b and c, the primary in a; 0.5 ms within a zone and 2 ms across;
    /// 0.1 ms of CPU and 1 ms disk reads and writes, with so many threads and channels that
    /// nothing queues.
    static func replicaSet(
        writeConcern: WriteConcern = .majority, readPreference: ReadPreference = .primary,
        workload: [StorageWorkloadSpec], failures: [StorageFailureSpec] = [], inMemory: Bool = false
    ) -> StorageSpec {
        let profile =
            inMemory
            ? StorageNodeProfile(memoryGB: 32, cpuServers: 64, cpuTime: .constant(0.0001))
            : StorageNodeProfile(
                capacityTB: 2, readIOPS: 1_000_000, writeIOPS: 1_000_000, readTime: .constant(0.001),
                writeTime: .constant(0.001), cpuServers: 64, cpuTime: .constant(0.0001), pricePerHour: 2)
        let set = ReplicaSetSpec(
            members: ["a", "b", "c"], primaryZone: "a", writeConcern: writeConcern, readPreference: readPreference,
            failoverDetection: at(10), electionTime: at(2), profile: profile)
        return StorageSpec(
            zones: ["a", "b", "c"], network: NetworkSpec(intraZone: .constant(0.0005), crossZone: .constant(0.002)),
            cluster: .replicaSet(set), workload: workload, failures: failures)
    }

    static func writes(_ rate: Double = 200) -> [StorageWorkloadSpec] {
        [StorageWorkloadSpec(name: "w", operation: .write, rate: rate)]
    }

    @Test("write concern 1 vs majority: a majority write waits one secondary's round trip more (2 + 0.1 + 1 + 2 ms)")
    func writeConcernLatency() {
        let one = runStorage(Self.replicaSet(writeConcern: .members(1), workload: Self.writes()), seconds: 20)
        let majority = runStorage(Self.replicaSet(workload: Self.writes()), seconds: 20)
        let all = runStorage(Self.replicaSet(writeConcern: .members(3), workload: Self.writes()), seconds: 20)
        let operations = one["operations"]!
        #expect(operations > 3000 && one["failed"]! == 0 && majority["failed"]! == 0)
        // Clients take turns in a, b and c: 0.5 + 0.1 + 1 + 0.5 ms from a, 2 + 0.1 + 1 + 2 ms from
        // b and c. The turns split the operations into thirds to within an operation, and the
        // last ones still in flight at the end are not counted: a few operations' worth.
        let primaryOnly = (0.0021 + 2 * 0.0051) / 3
        #expect(abs(one["response_time_mean"]! - primaryOnly) <= 3 * 0.003 / operations)
        // The same arrivals: every write waits 5.1 ms more for the nearer secondary (both are 2 ms
        // away), to within the few still in flight at the end.
        #expect(abs(majority["response_time_mean"]! - one["response_time_mean"]! - 0.0051) <= 3 * 0.0102 / operations)
        #expect(abs(all["response_time_mean"]! - majority["response_time_mean"]!) < 1e-9)
        // Every write goes to both secondaries whatever the concern (those acknowledged by the end
        // have been sent; the last few arrivals may not yet).
        #expect(one["cluster.replica_writes"]! >= 2 * one["succeeded"]! && one["cluster.replica_writes"]! <= 2 * operations)
        #expect(one["succeeded"]! >= operations - 5)
    }

    @Test("reads at `nearest` stay in the caller's zone (0.5 + 0.1 + 1 + 0.5 ms); at `primary` they go to zone a")
    func readPreference() {
        let reads = [StorageWorkloadSpec(name: "r", operation: .read, rate: 200)]
        let nearest = runStorage(Self.replicaSet(readPreference: .nearest, workload: reads), seconds: 20)
        let primary = runStorage(Self.replicaSet(workload: reads), seconds: 20)
        #expect(abs(nearest["response_time_mean"]! - 0.0021) < 1e-9)
        #expect(abs(primary["response_time_mean"]! - (0.0021 + 2 * 0.0051) / 3) <= 3 * 0.003 / primary["operations"]!)
        // One member serves primary reads, all three nearest ones: its CPU (64 threads of 0.1 ms,
        // 640,000/s) bounds it before its disks (1,000,000/s).
        #expect(abs(primary["cluster.max_client_reads"]! - 640_000) < 1e-6)
        #expect(abs(nearest["cluster.max_client_reads"]! - 1_920_000) < 1e-6)
    }

    /// Runs `spec` step by step, checking the invariants at each of `times` and recording the
    /// primary member then (after the events before that time, not those at it).
    static func primaries(_ spec: StorageSpec, until end: Double, at times: [Double]) -> [Int32] {
        var model = StorageModel(spec: spec, streams: RandomStreams(seed: 9, replication: 0))
        var simulator = Simulator<StorageModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        var seen: [Int32] = []
        for time in times + [end] {
            simulator.run(&model, until: at(time))
            #expect(model.invariantViolations() == [], "at \(time) s")
            seen.append(model.primaryMember)
        }
        return Array(seen.dropLast())
    }

    @Test("the primary's zone down at 10 s: no primary from 10 s to 10 + 10 + 2 s exactly, then the member in b")
    func electionTiming() {
        let spec = Self.replicaSet(
            workload: Self.writes(), failures: [.zoneOutage(zone: "a", from: at(10), to: at(30))])
        #expect(Self.primaries(spec, until: 40, at: [10, 10.000_001, 22, 22.000_001, 31]) == [0, -1, -1, 1, 1])
        let metrics = runStorage(spec, seconds: 40)
        #expect(metrics["cluster.elections"]! == 1)
        #expect(abs(metrics["cluster.no_primary_time"]! - 12) < 1e-9)
        // Writes arriving without a primary fail as unavailable: 200/s for 12 s of the outage.
        let unavailable = metrics["during_failures.failed_unavailable"]!
        #expect(abs(unavailable - 2400) < 4 * 2400.0.squareRoot())
        #expect(metrics["failed_unavailable"]! == unavailable)
    }

    @Test("two of three members down: no majority elects a primary until one returns, then after the election time")
    func noMajority() {
        let spec = Self.replicaSet(
            workload: Self.writes(),
            failures: [.zoneOutage(zone: "a", from: at(10), to: at(40)), .zoneOutage(zone: "b", from: at(15), to: at(25))])
        // Detection and election end at 22 s with only c up: no primary until b is back at 25 s
        // and an election of 2 s elects it.
        #expect(Self.primaries(spec, until: 45, at: [22.5, 27, 27.000_001, 41]) == [-1, -1, 1, 1])
        let metrics = runStorage(spec, seconds: 45)
        #expect(metrics["cluster.elections"]! == 1)
        #expect(abs(metrics["cluster.no_primary_time"]! - 17) < 1e-9)
    }

    @Test("a primary that loses both secondaries steps down; writes at `write_concern: 3` need every member")
    func stepDownAndStrictConcern() {
        let spec = Self.replicaSet(
            workload: Self.writes(),
            failures: [.zoneOutage(zone: "b", from: at(10), to: at(20)), .zoneOutage(zone: "c", from: at(12), to: at(20))])
        #expect(Self.primaries(spec, until: 30, at: [11, 12.5, 22, 22.000_001]) == [0, -1, -1, 0])
        let strict = runStorage(
            Self.replicaSet(
                writeConcern: .members(3), workload: Self.writes(),
                failures: [.zoneOutage(zone: "c", from: at(10), to: at(20))]), seconds: 30)
        let majority = runStorage(
            Self.replicaSet(workload: Self.writes(), failures: [.zoneOutage(zone: "c", from: at(10), to: at(20))]),
            seconds: 30)
        #expect(majority["failed"]! == 0)
        // Every write arriving while c is down is unavailable, but for those reaching the primary's
        // replication after c is back (arrivals in the outage's last 3.1 ms, about 0.6 expected).
        let outage = strict["during_failures.operations"]!
        #expect(outage > 1800)
        #expect(strict["during_failures.failed_unavailable"]! + strict["during_failures.succeeded"]! == outage)
        #expect(strict["during_failures.succeeded"]! <= 5)
        #expect(strict["cluster.elections"]! == 0 && strict["cluster.no_primary_time"]! == 0)
    }

    @Test("an in-memory replica set: the same paths without the disk, capacity in GB")
    func inMemory() {
        let metrics = runStorage(
            Self.replicaSet(writeConcern: .members(1), workload: Self.writes(), inMemory: true), seconds: 20)
        #expect(abs(metrics["response_time_mean"]! - (0.0011 + 2 * 0.0041) / 3) <= 3 * 0.003 / metrics["operations"]!)
        #expect(metrics["cluster.raw_capacity"] == 96.0 && metrics["cluster.usable_capacity"] == 32.0)
        #expect(metrics["cluster.disk_write_utilisation"] == nil)
        let failover = Self.replicaSet(
            workload: Self.writes(), failures: [.zoneOutage(zone: "a", from: at(5), to: at(8))], inMemory: true)
        // Back before the election ends: the old primary, first in `members`, is elected again.
        #expect(Self.primaries(failover, until: 20, at: [6, 17, 17.000_001]) == [-1, -1, 0])
    }
}

@Suite("Replica set under fast_forward")
struct ReplicaSetRegimeTests {
    @Test("the regime tells which member is primary: the same members up with another primary is another regime")
    func regimeIncludesThePrimary() {
        let set = ReplicaSetSpec(
            members: ["a", "b", "c"], primaryZone: "a", profile: StorageNodeProfile(memoryGB: 8, cpuServers: 1, cpuTime: .constant(0.00001)))
        let root = CallNode(
            service: "api", work: .constant(0.001),
            children: [CallNode(storage: "db", access: StorageAccess(operation: .write))])
        let runtime = RuntimeSpec(
            zones: ["a", "b", "c"], services: [RuntimeServiceSpec(name: "api", instances: 3, servers: 8)],
            endpoints: [EndpointSpec(name: "page", arrivals: .constant(10), root: root)],
            storage: [RuntimeStorageSpec(name: "db", cluster: .replicaSet(set))])
        let model = RuntimeModel(spec: runtime, streams: RandomStreams(seed: 1, replication: 0), recordTimeseries: false)
        var elected = model
        elected.storageClusters[0].replicaSet!.primary = 1
        var none = model
        none.storageClusters[0].replicaSet!.primary = -1
        let regimes = [model, elected, none].map { $0.currentRegime() }
        #expect(Set(regimes).count == 3)
        #expect(model.currentRegime() == model.currentRegime())
    }
}
