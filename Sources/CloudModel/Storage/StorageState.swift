import SimKernel

/// Why a storage operation failed.
enum StorageFailure: UInt8, CaseIterable {
    /// Fewer replicas up than the consistency level needs (or no master to write to).
    case unavailable
    /// A node's queue was full.
    case rejected
    /// A node died with the operation in flight.
    case error

    var metricName: String {
        switch self {
        case .unavailable: "unavailable"
        case .rejected: "rejected"
        case .error: "error"
        }
    }
}

struct WorkloadState {
    var name: String
    var operation: StorageOperation
    var rate: Double
    var required: Int
    var consistency: ConsistencyLevel
    var keys: KeySampler
    var arrivalStream: RandomStream
    var keyStream: RandomStream
}

/// A node's disks, or a shared array: read and write channels, parallel slots whose count makes
/// the IOPS limit.
struct DiskChannels {
    var readChannels: Int32
    var writeChannels: Int32
    var readTime: Distribution
    var writeTime: Distribution
    /// Disk times are stretched by 1 / (1 - share): background flush and compaction take that
    /// share of the disk.
    var slowdown: Double
    var readBusy: Int32 = 0
    var writeBusy: Int32 = 0
    var readQueue = FIFOQueue<StorageModel.WorkItem>()
    var writeQueue = FIFOQueue<StorageModel.WorkItem>()

    init(readIOPS: Double, writeIOPS: Double, readTime: Distribution, writeTime: Distribution, backgroundShare: Double) {
        readChannels = Int32(clamping: Int(min(1e9, max(1, (readIOPS * readTime.mean).rounded()))))
        writeChannels = Int32(clamping: Int(min(1e9, max(1, (writeIOPS * writeTime.mean).rounded()))))
        // Channels times mean time is the IOPS limit; rounding the count keeps the time exact.
        self.readTime = readTime
        self.writeTime = writeTime
        slowdown = 1 / (1 - backgroundShare)
    }
}

struct StorageNodeState {
    var zone: Int32
    var up = true
    /// Failures in force that cover this node: it is back when the last one ends.
    var failures = 0
    var cpuServers: Int32
    var cpuBusy: Int32 = 0
    var cpuQueue = FIFOQueue<StorageModel.WorkItem>()
    var queueCapacity: Int
    /// Writes held for this node while it is down (hinted handoff).
    var hints = 0
}

/// Which node of a master/slave pair does what.
struct PrimaryState {
    var master: Int32
    var replica: Int32
    /// Writes fail from the master's death until the promotion completes.
    var failingOver = false
    /// A promotion is under way.
    var failoverPending = false
}

/// Which member of a replica set is primary, and its election.
struct ReplicaSetState {
    /// The primary member; -1 while there is none.
    var primary: Int32
    /// Members that elect a primary (and that a primary needs to stay one) [count].
    var majority: Int
    var readPreference: ReadPreference
    /// Primary lost to noticing it [ns].
    var detection: SimTime
    /// Noticing (or a majority back) to a new primary [ns].
    var electionTime: SimTime
    /// An election is under way (its end is scheduled).
    var electionPending = false
}

/// A client's operation, from arrival to the client's answer.
struct StorageOperationState {
    var workload: Int32
    var key: Int
    var clientZone: Int32
    var coordinator: Int32
    var arrival: SimTime
    /// Some failure was on when the operation arrived.
    var duringFailure: Bool
    var acknowledged: Int32 = 0
    var failedReplicas: Int32 = 0
    /// Replica copies sent and not yet answered.
    var outstanding: Int32 = 0
    var sent: Int32 = 0
    /// The answer is decided and on its way.
    var answered = false
    /// The client has the answer.
    var delivered = false
    var failure: StorageFailure?
    /// A host's call waits for the answer; it is in `StorageModel.callers` at the same slot.
    /// (A flag, not the caller itself, keeps this record at 56 bytes.)
    var hosted = false
}

/// One replica's copy of an operation.
struct ReplicaOperationState {
    var operation: SlotHandle
    var node: Int32
    var write: Bool
    var failed = false
}
