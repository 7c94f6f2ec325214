import SimKernel
import Testing

@testable import CloudModel

/// A storage call's key belongs to the call (or its request), not to an attempt: a retry
/// reads the key its first attempt read.
@Suite("Retry keys")
struct RetryKeyTests {
    /// A frontend in zones b and c reading 1 000 uniform keys at ONE from a ring of three
    /// nodes, one per zone, with one replica per key, while zone a (and its node) is down for
    /// the whole run; three attempts per call and no network delay.
    static func deadShard(key: KeyScope = .call, secondRead: Bool = false) -> RuntimeSpec {
        let profile = StorageNodeProfile(
            capacityTB: 1, readIOPS: 1_000_000, writeIOPS: 1_000_000, readTime: .exponential(mean: 0.001),
            writeTime: .exponential(mean: 0.001), cpuServers: 64, cpuTime: .constant(0))
        let ring = RingClusterSpec(nodes: 3, virtualNodes: 16, replicationFactor: 1, profile: profile, keys: 1000)
        let read = CallNode(
            storage: "users", access: StorageAccess(operation: .read, consistency: .one, key: key),
            client: ClientPolicy(retry: RetryPolicy(maxAttempts: 3)))
        return RuntimeSpec(
            zones: ["a", "b", "c"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [RuntimeServiceSpec(name: "frontend", instances: 2, zones: ["b", "c"], servers: 64)],
            endpoints: [
                EndpointSpec(
                    name: "page", arrivals: .constant(500), entryZone: "b",
                    root: CallNode(
                        service: "frontend", work: .constant(0), children: secondRead ? [read, read] : [read]))
            ],
            storage: [RuntimeStorageSpec(name: "users", cluster: .ring(ring))],
            chaos: [.zoneOutage(zone: "a", from: 0, to: at(1000))])
    }

    /// Share of the keys whose only replica is the node in zone a.
    static func deadShare(of model: RuntimeModel) -> Double {
        let cluster = model.storageClusters[0]
        let dead = (0..<1000).filter { key in cluster.nodes[Int(cluster.ring!.replicas(ofKey: key)[0])].zone == 0 }
        return Double(dead.count) / 1000
    }

    @Test("every retry of a key on a dead single-replica shard fails too: failures are the dead shard's share")
    func retriesRepeatTheKey() {
        let (model, metrics) = runRuntime(Self.deadShard(), seconds: 20)
        let share = Self.deadShare(of: model)
        let requests = metrics["requests"]!
        let failed = (requests * (1 - metrics["availability"]!)).rounded()
        // Binomial: 4 standard deviations around the share (fresh keys on retry would give share³).
        let sigma = (share * (1 - share) / requests).squareRoot()
        #expect(abs(failed / requests - share) < 4 * sigma, "failed \(failed / requests), dead share \(share)")
        #expect(share > 0.1 && share < 0.9)
        // No retry ever succeeds: every failed first attempt is retried twice, and nothing else is.
        let calls = model.statistics.services[1]
        #expect(Double(calls.retries) == 2 * failed, "\(calls.retries) retries for \(failed) failed requests")
        #expect(model.storageClusters[0].statistics.workloads[0].operations == calls.firstAttempts + calls.retries)
    }

    @Test("with `key: request` the calls of one request read the same key; by default each draws its own")
    func requestKeys() {
        // Two reads per request: with the request's key both fail or both succeed, so failed
        // requests are the dead share; with keys of their own, 1 - (1 - share)².
        for (scope, sharedKey) in [(KeyScope.request, true), (.call, false)] {
            let (model, metrics) = runRuntime(Self.deadShard(key: scope, secondRead: true), seconds: 20)
            let share = Self.deadShare(of: model)
            let expected = sharedKey ? share : 1 - (1 - share) * (1 - share)
            let requests = metrics["requests"]!
            let failedShare = 1 - metrics["availability"]!
            let sigma = (expected * (1 - expected) / requests).squareRoot()
            #expect(abs(failedShare - expected) < 4 * sigma, "\(scope): failed \(failedShare), expected \(expected)")
        }
    }
}
