@testable import CloudModel
import SimKernel
import Testing

/// An in-memory ring (Redis, Memcached): no disk, no coordinator; the client sends straight to
/// the replicas, so an operation costs a round trip and the replicas' CPU time.
@Suite("In-memory storage")
struct InMemoryStoreTests {
    /// `nodes` in-memory nodes over `zones`, one copy per zone, constant network delays.
    static func store(
        zones: [String], nodes: Int, replicationFactor: Int, cpuServers: Int, cpuTime: Distribution,
        workload: [StorageWorkloadSpec], failures: [StorageFailureSpec] = []
    ) -> StorageSpec {
        let profile = StorageNodeProfile(memoryGB: 64, cpuServers: cpuServers, cpuTime: cpuTime, pricePerHour: 1.5)
        return StorageSpec(
            zones: zones, network: NetworkSpec(intraZone: .constant(0.0005), crossZone: .constant(0.002)),
            cluster: .ring(
                RingClusterSpec(
                    nodes: nodes, virtualNodes: 16, replicationFactor: replicationFactor, profile: profile, keys: 1000)),
            workload: workload, failures: failures)
    }

    @Test(
        "constant times, nothing queues: a read at ONE is a round trip in the client's zone plus the CPU time; a write at QUORUM or ALL waits for a replica in another zone",
        arguments: [
            (StorageOperation.read, ConsistencyLevel.one, 0.0005 + 0.001 + 0.0005),
            (.write, .one, 0.0005 + 0.001 + 0.0005),
            (.write, .quorum, 0.002 + 0.001 + 0.002),
            (.write, .all, 0.002 + 0.001 + 0.002),
        ])
    func handComputedLatency(operation: StorageOperation, consistency: ConsistencyLevel, expected: Double) {
        // 64 threads a node at 200 operations/s of 1 ms each: no operation ever waits.
        let spec = Self.store(
            zones: ["a", "b", "c"], nodes: 3, replicationFactor: 3, cpuServers: 64, cpuTime: .constant(0.001),
            workload: [StorageWorkloadSpec(name: "w", operation: operation, rate: 200, consistency: consistency)])
        let metrics = runStorage(spec, seconds: 20)
        #expect(metrics["operations"]! > 3000)
        #expect(metrics["failed"]! == 0)
        #expect(abs(metrics["response_time_mean"]! - expected) < 1e-9, "\(metrics["response_time_mean"]!)")
    }

    @Test("one single-threaded node with exponential CPU time and no network is an M/M/1 queue: W = s / (1 - ρ)")
    func singleThreadedIsMM1() {
        let service = 0.001
        let rate = 600.0
        let spec = Self.store(
            zones: ["a"], nodes: 1, replicationFactor: 1, cpuServers: 1, cpuTime: .exponential(mean: service),
            workload: [StorageWorkloadSpec(name: "w", operation: .read, rate: rate, consistency: .one)])
        var noNetwork = spec
        noNetwork.network = NetworkSpec(intraZone: .constant(0), crossZone: .constant(0))
        let means = (0..<8).map { runStorage(noNetwork, seconds: 100, replication: $0)["response_time_mean"]! }
        let summary = ReplicationSummary(means)
        let theory = service / (1 - rate * service)
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }

    @Test("capacity in GB, CPU-bound limits without a coordinator's handling, and no disk measures")
    func planAndMetrics() {
        let spec = Self.store(
            zones: ["a", "b", "c"], nodes: 6, replicationFactor: 3, cpuServers: 1, cpuTime: .constant(0.0001),
            workload: [StorageWorkloadSpec(name: "w", operation: .read, rate: 100, consistency: .quorum)])
        let metrics = runStorage(spec, seconds: 5)
        #expect(metrics["cluster.raw_capacity"] == 6 * 64.0)
        #expect(metrics["cluster.usable_capacity"] == 6 * 64.0 / 3)
        // 6 nodes × 1 thread / 0.1 ms = 60,000 handlings/s; a write takes 3, a QUORUM read 2.
        #expect(abs(metrics["cluster.max_client_writes"]! - 20_000) < 1e-6)
        #expect(abs(metrics["cluster.max_client_reads"]! - 30_000) < 1e-6)
        #expect(metrics["cluster.cost_per_hour"] == 9.0)
        for disk in ["read_iops", "write_iops", "disk_read_utilisation", "disk_write_utilisation", "device_writes"] {
            #expect(metrics["cluster." + disk] == nil, "\(disk)")
        }
        let units = StorageReplication.run(
            spec, settings: RunSettings(seed: 1, replication: 0, duration: SimTime(seconds: 1), warmUp: 0)
        ).metrics.filter { $0.name.hasSuffix("_capacity") }.map(\.unit)
        #expect(units == [.gigabytes, .gigabytes])
    }

    @Test("a zone's nodes down: QUORUM reads still answer, ALL is unavailable, and the invariants hold")
    func zoneDown() {
        for (level, failing) in [(ConsistencyLevel.quorum, false), (.all, true)] {
            let spec = Self.store(
                zones: ["a", "b", "c"], nodes: 3, replicationFactor: 3, cpuServers: 2,
                cpuTime: .exponential(mean: 0.0002),
                workload: [StorageWorkloadSpec(name: "w", operation: .read, rate: 500, consistency: level)],
                failures: [.zoneOutage(zone: "a", from: at(2), to: at(4))])
            let metrics = runStorage(spec, seconds: 6)
            var model = StorageModel(spec: spec, streams: RandomStreams(seed: 5, replication: 0))
            var simulator = Simulator<StorageModel.Event>()
            model.start(in: &simulator, warmUp: 0)
            for stop in stride(from: 0.5, through: 6, by: 0.5) {
                simulator.run(&model, until: at(stop))
                #expect(model.invariantViolations() == [], "at \(stop) s")
            }
            let outage = metrics["during_failures.operations"]!
            #expect(outage > 500)
            if failing {
                #expect(metrics["during_failures.failed_unavailable"]! + metrics["during_failures.failed_error"]! == outage)
            } else {
                #expect(metrics["during_failures.failed_unavailable"]! == 0)
            }
        }
    }
}
