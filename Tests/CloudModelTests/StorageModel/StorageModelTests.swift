@testable import CloudModel
import SimKernel
import Testing

/// One replica per zone, no network or CPU time, exponential disk writes with so many channels
/// that nothing queues: a write's latency is the k-th fastest of three exponential draws.
func orderStatisticCluster(consistency: ConsistencyLevel, failures: [StorageFailureSpec] = []) -> StorageSpec {
    let profile = StorageNodeProfile(
        capacityTB: 1, readIOPS: 1_000_000, writeIOPS: 1_000_000, readTime: .exponential(mean: 0.001),
        writeTime: .exponential(mean: 0.001), cpuServers: 64, cpuTime: .constant(0))
    return StorageSpec(
        zones: ["a", "b", "c"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
        cluster: .ring(RingClusterSpec(nodes: 3, virtualNodes: 16, replicationFactor: 3, profile: profile, keys: 1000)),
        workload: [StorageWorkloadSpec(name: "writes", operation: .write, rate: 200, consistency: consistency)],
        failures: failures)
}

func runStorage(_ spec: StorageSpec, seconds: Double, replication: Int = 0) -> [String: Double] {
    let result = StorageReplication.run(
        spec, settings: RunSettings(seed: 3, replication: replication, duration: SimTime(seconds: seconds), warmUp: 0))
    return Dictionary(uniqueKeysWithValues: result.metrics.map { ($0.name, $0.value) })
}

@Suite("Storage model")
struct StorageModelTests {
    @Test(
        "the coordinator waits for the k-th fastest replica: m/3, 5m/6, 11m/6 for exponential replicas",
        arguments: [(ConsistencyLevel.one, 1.0 / 3), (.quorum, 5.0 / 6), (.all, 11.0 / 6)])
    func orderStatistic(consistency: ConsistencyLevel, factor: Double) {
        let means = (0..<10).map { runStorage(orderStatisticCluster(consistency: consistency), seconds: 100, replication: $0)["response_time_mean"]! }
        let summary = ReplicationSummary(means)
        let theory = 0.001 * factor
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }

    @Test("consistency levels under 0, 1 and 2 replicas down")
    func availabilityByConsistency() {
        let oneZoneDown: [StorageFailureSpec] = [.zoneOutage(zone: "a", from: at(10), to: at(20))]
        let twoZonesDown: [StorageFailureSpec] = oneZoneDown + [.zoneOutage(zone: "b", from: at(10), to: at(20))]
        func failedDuringOutage(_ level: ConsistencyLevel, _ failures: [StorageFailureSpec]) -> (Double, Double) {
            let metrics = runStorage(orderStatisticCluster(consistency: level, failures: failures), seconds: 30)
            return (metrics["during_failures.failed_unavailable"]!, metrics["during_failures.operations"]!)
        }
        for level in ConsistencyLevel.allCases {
            let healthy = runStorage(orderStatisticCluster(consistency: level), seconds: 30)
            #expect(healthy["failed"]! == 0)
        }
        // One replica down: ONE and QUORUM answer; ALL cannot.
        #expect(failedDuringOutage(.one, oneZoneDown).0 == 0)
        #expect(failedDuringOutage(.quorum, oneZoneDown).0 == 0)
        let (allFailed, allOperations) = failedDuringOutage(.all, oneZoneDown)
        // Clients in the dead zone fall back to other coordinators, so every write is tried.
        #expect(allFailed == allOperations)
        // Two down: only ONE answers.
        #expect(failedDuringOutage(.one, twoZonesDown).0 == 0)
        let (quorumFailed, quorumOperations) = failedDuringOutage(.quorum, twoZonesDown)
        #expect(quorumFailed == quorumOperations && quorumOperations > 1000)
    }

    @Test("hinted handoff keeps writes for a dead replica and replays them on its return")
    func hintedHandoff() {
        let metrics = runStorage(
            orderStatisticCluster(consistency: .quorum, failures: [.zoneOutage(zone: "c", from: at(10), to: at(20))]),
            seconds: 30)
        // One of three replicas of every key lives in zone c: one hint per write made in the outage.
        let expected = 200.0 * 10
        #expect(abs(metrics["cluster.hints_stored"]! - expected) < 4 * expected.squareRoot())
        #expect(metrics["cluster.hints_replayed"]! == metrics["cluster.hints_stored"]!)
    }

    @Test("master/slave: writes fail from the master's death until detection plus promotion")
    func failoverTiming() {
        let node = StorageNodeProfile(
            capacityTB: 1, readIOPS: 1, writeIOPS: 1, readTime: .constant(0.001), writeTime: .constant(0.001),
            cpuServers: 64, cpuTime: .constant(0.0001))
        let pair = PrimaryReplicaSpec(
            masterZone: "a", replicaZone: "b", profile: node, arrayReadIOPS: 100_000, arrayWriteIOPS: 100_000,
            arrayReadTime: .constant(0.001), arrayWriteTime: .constant(0.001), failoverDetection: at(5),
            promotionTime: at(10))
        let spec = StorageSpec(
            zones: ["a", "b"], cluster: .primaryReplica(pair),
            workload: [
                StorageWorkloadSpec(name: "writes", operation: .write, rate: 100),
                StorageWorkloadSpec(name: "reads", operation: .read, rate: 100),
            ],
            failures: [.zoneOutage(zone: "a", from: at(20), to: at(100))])
        let metrics = runStorage(spec, seconds: 120)
        let lost = metrics["writes.failed_unavailable"]!
        let expected = 100.0 * 15
        #expect(abs(lost - expected) < 4 * expected.squareRoot(), "\(lost) writes lost vs \(expected)")
        #expect(metrics["cluster.failovers"]! == 1)
        // Reads fall back to the slave: only those caught in flight on the master fail.
        #expect(metrics["reads.failed"]! < 10)
        #expect(metrics["writes.failed"]! == metrics["writes.failed_unavailable"]! + metrics["writes.failed_error"]!)
    }
}
