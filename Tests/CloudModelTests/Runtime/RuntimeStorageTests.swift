import Foundation
@testable import CloudModel
import SimKernel
import Testing

/// A frontend in zones b and c whose every request makes one operation on the storage cluster
/// `users` of `orderStatisticCluster` (three nodes, one per zone, exponential disks of mean
/// 1 ms, no CPU time), with no network delay and no work of its own: a request's latency is
/// the storage operation's.
func frontendOverStorage(
    access: StorageAccess, client: ClientPolicy = ClientPolicy(), chaos: [ChaosSpec] = [], rate: Double = 200
) -> RuntimeSpec {
    let cluster = orderStatisticCluster(consistency: access.consistency).cluster
    return RuntimeSpec(
        zones: ["a", "b", "c"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
        services: [RuntimeServiceSpec(name: "frontend", instances: 2, zones: ["b", "c"], servers: 64)],
        endpoints: [
            EndpointSpec(
                name: "page", arrivals: .constant(rate), entryZone: "b",
                root: CallNode(
                    service: "frontend", work: .constant(0),
                    children: [CallNode(storage: "users", access: access, client: client)]))
        ],
        storage: [RuntimeStorageSpec(name: "users", cluster: cluster)], chaos: chaos)
}

@Suite("Runtime calling storage")
struct RuntimeStorageTests {
    @Test("carrying storage events keeps the runtime's event in 16 bytes (event-list entries of 32)")
    func eventSize() {
        #expect(MemoryLayout<StorageModel.Event>.size <= 14)
        #expect(MemoryLayout<RuntimeModel.Event>.size <= 16)
    }

    @Test(
        "a write waits for the k-th fastest of three exponential replicas: m/3, 5m/6, 11m/6 end to end",
        arguments: [(ConsistencyLevel.one, 1.0 / 3), (.quorum, 5.0 / 6), (.all, 11.0 / 6)])
    func orderStatistic(consistency: ConsistencyLevel, factor: Double) {
        let spec = frontendOverStorage(access: StorageAccess(operation: .write, consistency: consistency))
        let runs = (0..<10).map { replication in
            RuntimeReplication.run(
                spec, settings: RunSettings(seed: 5, replication: replication, duration: at(50), warmUp: at(1)))
        }
        let means = runs.map { run in run.metrics.first { $0.name == "response_time_mean" }!.value }
        let summary = ReplicationSummary(means)
        // The 95% interval over ten replications holds the closed form (a 5% chance of a miss,
        // fixed by the seed).
        let theory = 0.001 * factor
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
        // The cluster's own view of its operations is the same latency.
        let storageMeans = runs.map { run in run.metrics.first { $0.name == "users.response_time_mean" }!.value }
        #expect(abs(ReplicationSummary(storageMeans).mean - summary.mean) < 1e-9)
    }

    @Test("the coordinator is a node in the caller's zone, which reads its own copy: no network at all")
    func localCoordinator() {
        // Zone c is down: a client taken to be there would find no coordinator at home.
        var spec = frontendOverStorage(
            access: StorageAccess(operation: .read, consistency: .one),
            chaos: [.zoneOutage(zone: "c", from: 0, to: at(30))])
        // Any message across zones would add 10 ms to a read of about 1 ms.
        spec.network = NetworkSpec(intraZone: .constant(0), crossZone: .constant(0.01))
        let means = (0..<5).map { replication in
            let run = RuntimeReplication.run(
                spec, settings: RunSettings(seed: 5, replication: replication, duration: at(30), warmUp: 0))
            let metrics = Dictionary(uniqueKeysWithValues: run.metrics.map { ($0.name, $0.value) })
            // An exponential read of mean 1 ms exceeds 10 ms with probability e^-10.
            #expect(metrics["response_time_p999"]! < 0.01)
            return metrics["response_time_mean"]!
        }
        let summary = ReplicationSummary(means)
        #expect(summary.ci95Low! <= 0.001 && 0.001 <= summary.ci95High!, "\(summary)")
    }

    @Test("unavailable is the caller's error: at ALL with a zone down, every request fails")
    func unavailableFailsTheCaller() {
        let outage: [ChaosSpec] = [.zoneOutage(zone: "a", from: at(10), to: at(20))]
        let run = runRuntime(
            frontendOverStorage(access: StorageAccess(operation: .write, consistency: .all), chaos: outage),
            seconds: 30)
        let metrics = run.metrics
        let failed = metrics["failed_error"]!
        // Requests in the outage's 10 s fail; the rest succeed.
        let expected = 200.0 * 10
        #expect(abs(failed - expected) < 4 * expected.squareRoot(), "\(failed) vs \(expected)")
        #expect(metrics["failed"]! == failed)
        #expect(metrics["users.failed_unavailable"]! == failed)
        #expect(metrics["success"]! + failed + metrics["in_flight"]! == metrics["requests"]!)
        // Zone a's node was down for a third of the run.
        #expect(abs(metrics["users.nodes_up_mean"]! - (3 - 10.0 / 30)) < 1e-9)
        // The cluster's time series: every operation fails while the zone is down, none after.
        let series = run.model.timeseries.points.filter { $0.entity == "users" }
        func values(_ metric: String, _ seconds: Range<Double>) -> [Double] {
            series.filter { $0.metric == metric && seconds.contains($0.time) }.map(\.value)
        }
        #expect(values("error_ratio", 11..<19) == Array(repeating: 1, count: 8))
        #expect(values("nodes_up", 11..<19) == Array(repeating: 2, count: 8))
        #expect(values("error_ratio", 21..<29) == Array(repeating: 0, count: 8))
        #expect(values("request_rate", 21..<29).allSatisfy { $0 > 100 })
    }

    @Test("an unavailable storage call is retried, then the fallback answers")
    func unavailableRetriesThenFallsBack() {
        let outage: [ChaosSpec] = [.zoneOutage(zone: "a", from: at(10), to: at(20))]
        let client = ClientPolicy(
            retry: RetryPolicy(maxAttempts: 3, baseBackoff: at(0.001)), fallback: FallbackPolicy())
        let metrics = runRuntime(
            frontendOverStorage(
                access: StorageAccess(operation: .write, consistency: .all), client: client, chaos: outage),
            seconds: 30
        ).metrics
        let degraded = metrics["degraded"]!
        let expected = 200.0 * 10
        #expect(abs(degraded - expected) < 4 * expected.squareRoot(), "\(degraded) vs \(expected)")
        #expect(metrics["failed"]! == 0)
        #expect(metrics["users.fallbacks"]! == degraded)
        // Each degraded request tried three times, twice more than its first attempt; a few at
        // the outage's end succeed on a retry.
        let extraRetries = metrics["users.retries"]! - 2 * degraded
        #expect((0...10).contains(extraRetries))
        #expect(metrics["users.failed_unavailable"]! == 3 * degraded + extraRetries)
        #expect(metrics["users.attempts"]! == metrics["users.operations"]!)
    }

    @Test("a timeout stops the caller waiting for a slow replica set")
    func timeoutOnStorage() {
        let client = ClientPolicy(timeout: at(0.001))
        let metrics = runRuntime(
            frontendOverStorage(access: StorageAccess(operation: .write, consistency: .all), client: client),
            seconds: 20
        ).metrics
        // The slowest of three exponential replicas (mean 1 ms) exceeds 1 ms with probability
        // 1 - (1 - e^-1)^3.
        let share = 1 - pow(1 - exp(-1.0), 3)
        let requests = metrics["requests"]!
        #expect(abs(metrics["failed_timeout"]! / requests - share) < 4 * (share * (1 - share) / requests).squareRoot())
        #expect(metrics["users.timeouts"]! == metrics["failed_timeout"]!)
    }
}
