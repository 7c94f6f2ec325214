import SimKernel

/// A storage cluster under a client workload: a Cassandra-style ring (coordinator forwards to
/// replicas in every zone and answers once the consistency level is met) or a master/slave
/// database on a shared array (writes to the master; failover when it dies).
///
/// A node handles each operation on its CPU (a pool of threads with a queue), then does the
/// disk work on its read or write channels; the channel count is the IOPS limit times the mean
/// disk time, so a saturated disk runs at exactly its IOPS.
public struct StorageModel: EventHandler {
    public enum Event {
        case clientArrival(workload: Int32)
        /// A client's operation reaches its coordinator (ring) or database node.
        case atCoordinator(SlotHandle)
        /// A replica's copy of an operation reaches its node.
        case atReplica(SlotHandle)
        /// A node finishes the CPU work of an item.
        case cpuDone(node: Int32, item: WorkItem)
        /// A disk (a node's, or the shared array) finishes an operation.
        case diskDone(node: Int32, item: WorkItem)
        /// A replica's answer reaches the coordinator.
        case replicaAnswer(SlotHandle)
        /// The coordinator's answer reaches the client.
        case clientAnswer(SlotHandle)
        case failureStarts(Int32)
        case failureEnds(Int32)
        /// The slave has been promoted and takes writes.
        case failoverComplete
        /// A replica set's election ends: a live member becomes primary if a majority is up.
        case electionComplete
        case endWarmUp
    }

    /// Work queued at a node: a coordinator's handling of a client operation, or a replica's.
    ///
    /// The handle comes first: the flags then pack into its tail, and the event stays 14 bytes,
    /// so a host's event enum that carries it with a cluster number still fits 16.
    public struct WorkItem: Equatable {
        var handle: SlotHandle
        var replica: Bool
        /// Disk work is a write (kept here: the operation may be gone when the disk finishes).
        var write: Bool
    }

    let spec: StorageSpec
    /// Which of its host's clusters this is, carried by its events in the host's event list (0
    /// when it runs on its own).
    let hostIndex: UInt16
    let streams: RandomStreams
    let zoneCount: Int32
    let intraZone: Distribution
    let crossZone: Distribution
    /// Several regions: the region of each zone, and the delay between regions; empty for one.
    let zoneRegion: [Int32]
    let crossRegion: Distribution
    let networkStream: RandomStream
    let routingStream: RandomStream
    let diskStream: RandomStream
    let cpuStream: RandomStream
    let failureStream: RandomStream
    let hintedHandoff: Bool
    /// Master/slave: share of reads sent to the slave.
    let readsFromReplica: Double
    /// Nodes each `nodesDown` failure took out, to bring back the same ones.
    var downed: [[Int32]]
    var workloads: [WorkloadState]
    var nodes: [StorageNodeState]
    /// Node indices per zone.
    var nodesInZone: [[Int32]]
    /// Each node's disks, then (master/slave only) the shared array, node -1 in events.
    var disks: [DiskChannels]
    let cpuTime: Distribution
    /// In-memory nodes: no disk.
    let inMemory: Bool
    /// An in-memory ring: no coordinator hop (the client shards, sending straight to the
    /// replicas, as Redis and Memcached clients do).
    let clientSharded: Bool
    /// Disk writes per replica write, for reporting.
    let writeAmplification: Double
    /// One region's ring; nil for a master/slave pair or a cluster in several regions.
    var ring: TokenRing?
    /// A ring per region of a multi-region cluster; empty otherwise.
    var regionRings: [RegionalRing] = []
    /// Replicas of a key per region (`RingClusterSpec.replicasPerRegion`).
    var replicasPerRegion: [Int] = []
    /// How each multi-region operation's copies are going, by operation slot.
    var regional: ContiguousArray<RegionalProgress> = []
    var primary: PrimaryState?
    /// A replica set's roles and election; nil for other kinds.
    var replicaSet: ReplicaSetState?
    var operations = SlotPool<StorageOperationState>()
    var replicaOperations = SlotPool<ReplicaOperationState>()
    /// The host's call behind each hosted operation, by operation slot.
    var callers: ContiguousArray<StorageCaller> = []
    var nextClientZone: Int32 = 0
    /// Operations started and delivered to their clients, over the whole run (warm-up too),
    /// for the conservation check.
    var operationsStarted = 0
    var operationsDelivered = 0
    /// Failures in force now.
    var activeFailures = 0
    var warmUpEnd: SimTime = 0
    var statistics: StorageStatistics

    public mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) {
        _ = step(event, in: &simulator)
    }

    /// Handles one of the cluster's events in a simulator whose events carry them (its own, or
    /// a host's); returns how a host's operation ended when its answer reaches the caller.
    mutating func step<E: StorageEventCarrier>(_ event: Event, in simulator: inout Simulator<E>) -> StorageCompletion? {
        switch event {
        case .clientArrival(let workload): clientArrives(workload, in: &simulator)
        case .atCoordinator(let handle): arriveAtCoordinator(handle, in: &simulator)
        case .atReplica(let handle): arriveAtReplica(handle, in: &simulator)
        case .cpuDone(let node, let item): cpuDone(node: node, item: item, in: &simulator)
        case .diskDone(let node, let item): diskDone(node: node, item: item, in: &simulator)
        case .replicaAnswer(let handle): replicaAnswers(handle, in: &simulator)
        case .clientAnswer(let handle): return clientAnswered(handle, at: simulator.now)
        case .failureStarts(let index): failureStarts(index, in: &simulator)
        case .failureEnds(let index): failureEnds(index, in: &simulator)
        case .failoverComplete: failoverCompletes()
        case .electionComplete: electionCompletes(at: simulator.now)
        case .endWarmUp: endWarmUp(at: simulator.now)
        }
        return nil
    }
}
