/// A storage cluster's capacity, throughput limits and cost worked out from its description:
/// the arithmetic behind "100 nodes = 30 million IOPS and 640 TB".
///
/// Limits are steady-state: what the disks (or the shared array) and the CPUs can sustain with
/// every node up and work spread evenly; queueing makes latency climb well before them.
/// - Complexity: O(1).
struct CapacityPlan {
    /// The resource that caps client throughput.
    enum Bound: Equatable {
        /// The nodes' local disks.
        case disk
        /// The nodes' request-handling CPUs.
        case cpu
        /// The shared storage array of a master/slave database.
        case array
    }

    /// Disk space of all nodes together [TB]; 0 where not modelled (master/slave).
    let rawCapacityTB: Double
    /// Data that fits once every key is stored `replicationFactor` times [TB].
    let usableCapacityTB: Double
    /// Memory of all in-memory nodes together [GB]; 0 for nodes with disks.
    var rawCapacityGB = 0.0
    /// In-memory data that fits once every key is stored `replicationFactor` times [GB].
    var usableCapacityGB = 0.0
    /// Random reads per second all disks (or the array) sustain [1/s].
    let readIOPS: Double
    /// Writes per second all disks (or the array) sustain [1/s].
    let writeIOPS: Double
    /// Client writes per second the cluster sustains [1/s]: the lesser of its storage and CPU limits.
    let maxClientWritesPerSecond: Double
    /// What caps client writes.
    let writeBound: Bound
    /// Price of every node [USD/h].
    let costPerHour: Double

    /// Copies of each key [count] (1 on a shared array).
    private let replicationFactor: Int
    /// Disk reads per second left for clients after background work [1/s].
    private let storageReadsPerSecond: Double
    /// Node handlings (coordinator or replica) per second all CPUs sustain [1/s]; infinite
    /// where not modelled.
    private let handlingsPerSecond: Double
    /// What caps operations when storage does: local disks or the shared array.
    private let storage: Bound
    /// CPU handlings of an operation besides its replicas': the coordinator's, or none in memory.
    private var coordinatorHandlings = 1
    /// A replica set's reads, whatever the consistency level: one member's (the primary's) or
    /// every member's (`nearest`) limit; nil for other kinds.
    private var replicaSetReads: (perSecond: Double, bound: Bound)?

    /// The plan of a Cassandra-style ring; of in-memory nodes, CPU alone bounds it.
    init(cluster: RingClusterSpec) {
        let nodes = Double(cluster.nodes)
        let profile = cluster.profile
        let rf = cluster.replicationFactor
        // Background flush and compaction take this share of every disk.
        let foreground = 1 - cluster.compactionShare
        rawCapacityTB = nodes * (profile.capacityTB ?? 0)
        usableCapacityTB = rawCapacityTB / Double(rf)
        rawCapacityGB = nodes * (profile.memoryGB ?? 0)
        usableCapacityGB = rawCapacityGB / Double(rf)
        readIOPS = nodes * (profile.readIOPS ?? 0)
        writeIOPS = nodes * (profile.writeIOPS ?? 0)
        costPerHour = nodes * profile.pricePerHour
        replicationFactor = rf
        let inMemory = profile.isInMemory
        storageReadsPerSecond = inMemory ? .infinity : readIOPS * foreground
        handlingsPerSecond = nodes * Double(profile.cpuServers) / profile.cpuTime.mean
        // In memory, the client sends straight to the replicas: no coordinator's handling.
        coordinatorHandlings = inMemory ? 0 : 1
        storage = .disk
        // A client write is written by all rf replicas, each costing writeAmplification disk
        // writes; the CPU handles it once as coordinator and once per replica.
        let diskWrites = inMemory ? .infinity : writeIOPS * foreground / (Double(rf) * cluster.writeAmplification)
        let cpuWrites = handlingsPerSecond / Double(coordinatorHandlings + rf)
        (maxClientWritesPerSecond, writeBound) = Self.lesser(storage: diskWrites, bound: .disk, cpu: cpuWrites)
    }

    /// The plan of a master/slave pair on a shared array: the array bounds every operation
    /// whatever the nodes, and each of the two nodes is paid for.
    init(primaryReplica pair: PrimaryReplicaSpec) {
        rawCapacityTB = 0
        usableCapacityTB = 0
        readIOPS = pair.arrayReadIOPS
        writeIOPS = pair.arrayWriteIOPS
        costPerHour = 2 * pair.profile.pricePerHour
        replicationFactor = 1
        storageReadsPerSecond = pair.arrayReadIOPS
        handlingsPerSecond = .infinity
        storage = .array
        maxClientWritesPerSecond = pair.arrayWriteIOPS
        writeBound = .array
    }

    /// The plan of a replica set: every member holds every key and writes every write, so one
    /// member's disks or CPU bound writes; reads are one member's (from the primary) or all
    /// members' (`nearest`).
    init(replicaSet set: ReplicaSetSpec) {
        let members = Double(set.members.count)
        let profile = set.profile
        rawCapacityTB = members * (profile.capacityTB ?? 0)
        usableCapacityTB = profile.capacityTB ?? 0
        rawCapacityGB = members * (profile.memoryGB ?? 0)
        usableCapacityGB = profile.memoryGB ?? 0
        readIOPS = members * (profile.readIOPS ?? 0)
        writeIOPS = members * (profile.writeIOPS ?? 0)
        costPerHour = members * profile.pricePerHour
        replicationFactor = set.members.count
        let memberHandlings = Double(profile.cpuServers) / profile.cpuTime.mean
        handlingsPerSecond = members * memberHandlings
        storageReadsPerSecond = profile.readIOPS.map { members * $0 } ?? .infinity
        storage = .disk
        (maxClientWritesPerSecond, writeBound) = Self.lesser(
            storage: profile.writeIOPS ?? .infinity, bound: .disk, cpu: memberHandlings)
        let (memberReads, bound) = Self.lesser(
            storage: profile.readIOPS ?? .infinity, bound: .disk, cpu: memberHandlings)
        replicaSetReads = (set.readPreference == .nearest ? members * memberReads : memberReads, bound)
    }

    /// Client reads per second the cluster sustains at `consistency` [1/s]: each read touches
    /// the disks of the replicas the level requires, and the CPUs of those and its coordinator.
    func maxClientReadsPerSecond(consistency: ConsistencyLevel) -> Double {
        readLimit(consistency).perSecond
    }

    /// What caps client reads at `consistency`.
    func readBound(consistency: ConsistencyLevel) -> Bound { readLimit(consistency).bound }

    private func readLimit(_ consistency: ConsistencyLevel) -> (perSecond: Double, bound: Bound) {
        if let replicaSetReads { return replicaSetReads }
        let required = Double(consistency.required(replicationFactor: replicationFactor))
        return Self.lesser(
            storage: storageReadsPerSecond / required, bound: storage,
            cpu: handlingsPerSecond / (Double(coordinatorHandlings) + required))
    }

    /// The lower of a storage limit (of kind `bound`) and a CPU limit, and which it is;
    /// storage on a tie.
    private static func lesser(storage: Double, bound: Bound, cpu: Double) -> (Double, Bound) {
        cpu < storage ? (cpu, .cpu) : (storage, bound)
    }
}
