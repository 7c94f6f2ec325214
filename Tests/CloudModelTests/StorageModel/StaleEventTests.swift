import SimKernel
import Testing

@testable import CloudModel

/// Events that outlive the record they were about: a freed and reused slot never receives an
/// event meant for its previous occupant.
@Suite("Stale events")
struct StaleEventTests {
    /// A master in zone a, its slave in zone b, 1 ms between zones and none within one; writes
    /// only, too rare to arrive by themselves in these tests.
    static func masterSlave() -> StorageModel {
        let node = StorageNodeProfile(
            capacityTB: 1, readIOPS: 1000, writeIOPS: 1000, readTime: .constant(0.001), writeTime: .constant(0.001),
            cpuServers: 4, cpuTime: .constant(0.0001))
        let pair = PrimaryReplicaSpec(
            masterZone: "a", replicaZone: "b", profile: node, arrayReadIOPS: 1000, arrayWriteIOPS: 1000,
            arrayReadTime: .constant(0.001), arrayWriteTime: .constant(0.001), failoverDetection: at(5),
            promotionTime: at(5))
        let spec = StorageSpec(
            zones: ["a", "b"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0.001)),
            cluster: .primaryReplica(pair),
            workload: [StorageWorkloadSpec(name: "writes", operation: .write, rate: 1e-9)])
        return StorageModel(spec: spec, streams: RandomStreams(seed: 1, replication: 0))
    }

    @Test("a write answered on its way to a master that died does not reach the write that reused its slot")
    func staleArrivalAtCoordinator() {
        var model = Self.masterSlave()
        var simulator = Simulator<StorageModel.Event>()
        // A client in zone b sends a write to the master in zone a: 1 ms on the way.
        model.startOperation(0, key: 0, from: 1, caller: nil, in: &simulator)
        let first = SlotHandle(slot: 0, generation: 0)
        #expect(model.operations.isValid(first) && model.operations[0].coordinator == 0)
        // Zone a goes down at once: the write is answered with an error while still travelling.
        model.zoneGoesDown(0, in: &simulator)
        #expect(model.operations[0].answered && model.operations[0].failure == .error)
        // Its answer reaches the client, which frees the slot.
        _ = model.clientAnswered(first, at: 0)
        #expect(!model.operations.isValid(first))
        // A write during the failover takes the same slot, with no master to go to.
        model.startOperation(0, key: 1, from: 1, caller: nil, in: &simulator)
        #expect(model.operations[0].coordinator == -1)
        // The first write's arrival and answer events are still in the list: they must be
        // ignored (the arrival used to index node -1 and crash).
        _ = model.step(.atCoordinator(first), in: &simulator)
        simulator.run(&model, until: at(1))
        #expect(model.operationsStarted == 2 && model.operationsDelivered == 2)
        #expect(model.statistics.workloads[0].operations == 2)
        #expect(model.operations.liveCount == 0)
        #expect(model.invariantViolations() == [])
    }
}
