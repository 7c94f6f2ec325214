import SimKernel
import Testing

@testable import CloudModel

/// The talk's storage node: 300,000 read and write IOPS and 6.4 TB of SSD.
private func talkNode(cpuServers: Int = 16, cpuTime: Double = 0.000_1, price: Double = 2.5) -> StorageNodeProfile {
    StorageNodeProfile(
        capacityTB: 6.4, readIOPS: 300_000, writeIOPS: 300_000, readTime: .constant(0.000_1),
        writeTime: .constant(0.000_1), cpuServers: cpuServers, cpuTime: .constant(cpuTime), pricePerHour: price)
}

@Suite("Storage: capacity plan")
struct StorageCapacityPlanTests {
    @Test("100 nodes = 30 million IOPS and 640 TB; 1000 nodes = 300 million IOPS and 6.4 PB")
    func talkFigures() {
        let hundred = CapacityPlan(cluster: RingClusterSpec(nodes: 100, profile: talkNode()))
        #expect(hundred.readIOPS == 30_000_000)
        #expect(hundred.writeIOPS == 30_000_000)
        #expect(abs(hundred.rawCapacityTB - 640) < 1e-9)
        #expect(abs(hundred.usableCapacityTB - 640.0 / 3) < 1e-9)
        #expect(hundred.costPerHour == 250)
        let thousand = CapacityPlan(cluster: RingClusterSpec(nodes: 1000, profile: talkNode()))
        #expect(thousand.readIOPS == 300_000_000)
        #expect(thousand.writeIOPS == 300_000_000)
        #expect(abs(thousand.rawCapacityTB - 6400) < 1e-9)
        #expect(abs(thousand.usableCapacityTB - 6400.0 / 3) < 1e-9)
    }

    @Test("max client writes: the disks bind, then the CPUs")
    func maxClientWrites() {
        // Disks: 100 × 300,000 × (1 − 0.25) / (3 × 2) = 3.75 M/s.
        // CPUs at 100 µs: 100 × 16 / (0.0001 × (1 + 3)) = 4 M/s; at 200 µs 2 M/s.
        let diskBound = CapacityPlan(
            cluster: RingClusterSpec(nodes: 100, profile: talkNode(), writeAmplification: 2, compactionShare: 0.25))
        #expect(abs(diskBound.maxClientWritesPerSecond - 3_750_000) < 1e-6)
        #expect(diskBound.writeBound == .disk)
        let cpuBound = CapacityPlan(
            cluster: RingClusterSpec(
                nodes: 100, profile: talkNode(cpuTime: 0.000_2), writeAmplification: 2, compactionShare: 0.25))
        #expect(abs(cpuBound.maxClientWritesPerSecond - 2_000_000) < 1e-6)
        #expect(cpuBound.writeBound == .cpu)
    }

    @Test("max client reads depend on the replicas the consistency level reads")
    func maxClientReads() {
        // Disks: 100 × 300,000 × 0.75 / required; CPUs: 1600 / (0.0001 × (1 + required)).
        let plan = CapacityPlan(cluster: RingClusterSpec(nodes: 100, profile: talkNode(), compactionShare: 0.25))
        let expected: [(ConsistencyLevel, Double, CapacityPlan.Bound)] = [
            (.one, 8_000_000, .cpu),  // disks 22.5 M/s
            (.quorum, 1600 / 0.000_3, .cpu),  // disks 11.25 M/s
            (.all, 4_000_000, .cpu),  // disks 7.5 M/s
        ]
        for (level, reads, bound) in expected {
            #expect(abs(plan.maxClientReadsPerSecond(consistency: level) - reads) < 1e-6, "\(level)")
            #expect(plan.readBound(consistency: level) == bound)
        }
        // With ten times the CPU the disks bind: 22.5 M/s at ONE.
        let manyCores = CapacityPlan(
            cluster: RingClusterSpec(nodes: 100, profile: talkNode(cpuServers: 160), compactionShare: 0.25))
        #expect(abs(manyCores.maxClientReadsPerSecond(consistency: .one) - 22_500_000) < 1e-6)
        #expect(manyCores.readBound(consistency: .one) == .disk)
    }

    @Test("a master/slave pair is bound by its array, whatever its nodes")
    func primaryReplica() {
        let pair = PrimaryReplicaSpec(
            masterZone: "a", replicaZone: "b", profile: talkNode(price: 4), arrayReadIOPS: 50_000,
            arrayWriteIOPS: 20_000, arrayReadTime: .constant(0.005), arrayWriteTime: .constant(0.005))
        let plan = CapacityPlan(primaryReplica: pair)
        #expect(plan.maxClientWritesPerSecond == 20_000)
        #expect(plan.writeBound == .array)
        #expect(ConsistencyLevel.allCases.allSatisfy { plan.maxClientReadsPerSecond(consistency: $0) == 50_000 })
        #expect(plan.readBound(consistency: .all) == .array)
        #expect(plan.rawCapacityTB == 0 && plan.usableCapacityTB == 0)
        #expect(plan.costPerHour == 8)
    }
}
