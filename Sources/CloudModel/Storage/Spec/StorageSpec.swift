import SimKernel

/// A storage benchmark: clients in every zone send reads and writes to one storage cluster,
/// which may lose nodes or a zone on a schedule. Plain values; `StorageModel` runs it.
public struct StorageSpec: Sendable, Hashable, Codable {
    /// Region name, the first element of component paths.
    public var region: String
    /// Availability zones, e.g. `["a", "b", "c"]`.
    public var zones: [String]
    /// One-way message delay between nodes and clients.
    public var network: NetworkSpec
    public var cluster: StorageClusterSpec
    /// Client operations arriving (Poisson, spread evenly over zones), by kind.
    public var workload: [StorageWorkloadSpec]
    /// Failures injected on a schedule.
    public var failures: [StorageFailureSpec]
    /// Operations that take longer than this count as missing the latency target [ns].
    public var latencyTarget: SimTime
    /// A runtime's cluster in several regions: the region of each zone (`zones` order); empty
    /// for one region.
    public var zoneRegions: [Int]

    public init(
        region: String = "us-east-1", zones: [String], network: NetworkSpec = NetworkSpec(),
        cluster: StorageClusterSpec, workload: [StorageWorkloadSpec], failures: [StorageFailureSpec] = [],
        latencyTarget: SimTime = 100_000_000, zoneRegions: [Int] = []
    ) {
        self.zoneRegions = zoneRegions
        self.region = region
        self.zones = zones
        self.network = network
        self.cluster = cluster
        self.workload = workload
        self.failures = failures
        self.latencyTarget = latencyTarget
    }
}

/// One stream of client operations.
public struct StorageWorkloadSpec: Sendable, Hashable, Codable {
    public var name: String
    public var operation: StorageOperation
    /// Operations per second, all zones together.
    public var rate: Double
    public var keys: KeyDistribution
    public var consistency: ConsistencyLevel

    public init(
        name: String, operation: StorageOperation, rate: Double, keys: KeyDistribution = .uniform,
        consistency: ConsistencyLevel = .quorum
    ) {
        self.name = name
        self.operation = operation
        self.rate = rate
        self.keys = keys
        self.consistency = consistency
    }
}

public enum StorageOperation: String, Sendable, Hashable, Codable, CaseIterable {
    case read
    case write
}

/// Which keys operations touch.
public enum KeyDistribution: Sendable, Hashable, Codable {
    /// Every key equally likely.
    case uniform
    /// Key of rank k (1-based) with probability proportional to 1 / k^exponent.
    case zipf(exponent: Double)
}

/// How many replicas must answer before the coordinator answers the client (Cassandra's
/// consistency levels). ONE, QUORUM and ALL count replicas anywhere; LOCAL_ONE and LOCAL_QUORUM
/// those in the coordinator's region, EACH_QUORUM a quorum in every region (in one region, the
/// same replicas as ONE and QUORUM).
public enum ConsistencyLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case one = "ONE"
    case quorum = "QUORUM"
    case localQuorum = "LOCAL_QUORUM"
    case all = "ALL"
    case localOne = "LOCAL_ONE"
    case eachQuorum = "EACH_QUORUM"
}

/// A machine that stores data: local disks with IOPS limits, and CPU for handling requests; or
/// an in-memory node (Redis, Memcached) with no disk at all, whose work is its CPU alone.
///
/// The disk settings are nil exactly when `memoryGB` is set.
public struct StorageNodeProfile: Sendable, Hashable, Codable {
    /// Usable disk space of one node [TB]; nil in memory.
    public var capacityTB: Double?
    /// Memory for data of one in-memory node [GB]; nil for a node with disks.
    public var memoryGB: Double?
    /// Random reads per second the disks sustain; nil in memory.
    public var readIOPS: Double?
    /// Writes per second the disks sustain; nil in memory.
    public var writeIOPS: Double?
    /// Time of one disk read [s] (a seek on spinning disks, ~0.1 ms on SSD); nil in memory.
    public var readTime: Distribution?
    /// Time of one disk write [s]; nil in memory.
    public var writeTime: Distribution?
    /// Request-handling threads (cores) [count]; 1 is a single-threaded server such as Redis.
    public var cpuServers: Int
    /// CPU time to handle one operation at a node, as coordinator or replica [s].
    public var cpuTime: Distribution
    /// Waiting room for CPU work [count]; nil is unbounded.
    public var queueCapacity: Int?
    /// Price of one node [USD/h].
    public var pricePerHour: Double

    /// A node with local disks.
    public init(
        capacityTB: Double, readIOPS: Double, writeIOPS: Double, readTime: Distribution, writeTime: Distribution,
        cpuServers: Int, cpuTime: Distribution, queueCapacity: Int? = nil, pricePerHour: Double = 0
    ) {
        self.capacityTB = capacityTB
        self.readIOPS = readIOPS
        self.writeIOPS = writeIOPS
        self.readTime = readTime
        self.writeTime = writeTime
        self.cpuServers = cpuServers
        self.cpuTime = cpuTime
        self.queueCapacity = queueCapacity
        self.pricePerHour = pricePerHour
    }

    /// An in-memory node: `memoryGB` of data, no disk.
    public init(
        memoryGB: Double, cpuServers: Int, cpuTime: Distribution, queueCapacity: Int? = nil, pricePerHour: Double = 0
    ) {
        self.memoryGB = memoryGB
        self.cpuServers = cpuServers
        self.cpuTime = cpuTime
        self.queueCapacity = queueCapacity
        self.pricePerHour = pricePerHour
    }

    /// The node keeps its data in memory and has no disk.
    public var isInMemory: Bool { memoryGB != nil }
}

/// The storage cluster under test.
public enum StorageClusterSpec: Sendable, Hashable, Codable {
    /// Cassandra-style: a token ring, replicas in different zones, tunable consistency.
    case ring(RingClusterSpec)
    /// A master database with one replica on shared storage arrays.
    case primaryReplica(PrimaryReplicaSpec)
    /// MongoDB-style: a primary and secondaries, each on its own disks, with elections.
    case replicaSet(ReplicaSetSpec)
}

/// A Cassandra-style cluster.
public struct RingClusterSpec: Sendable, Hashable, Codable {
    /// Most replicas a key may have (the ring keeps replica lists inline).
    public static let maximumReplicationFactor = 8
    /// Most distinct keys (a Zipf table holds one entry per key, indexed by 32-bit ranks).
    public static let maximumKeys = Int(Int32.max)

    /// Nodes in all, spread evenly over the zones.
    public var nodes: Int
    /// Tokens per node on the ring.
    public var virtualNodes: Int
    /// Copies of each key, one per zone (network-topology placement); at most the zone count.
    public var replicationFactor: Int
    public var profile: StorageNodeProfile
    /// Disk writes per replica write, counting flushes and compaction [ratio], at least 1.
    public var writeAmplification: Double
    /// Share of disk capacity taken by background flush and compaction [ratio], in [0, 1).
    public var compactionShare: Double
    /// Writes for a down replica are kept as hints and replayed when it returns.
    public var hintedHandoff: Bool
    /// Distinct keys.
    public var keys: Int
    /// A runtime's cluster in several regions: replicas of each key per region (region order),
    /// each region's in distinct zones of it; `replicationFactor` is their sum. Empty for one
    /// region.
    public var replicasPerRegion: [Int] = []

    /// The zone (index among `zoneCount`) of each node: round-robin, which keeps the zones
    /// within one node of each other.
    public func nodeZones(zoneCount: Int) -> [Int] {
        (0..<nodes).map { $0 % zoneCount }
    }

    public init(
        nodes: Int, virtualNodes: Int = 256, replicationFactor: Int = 3, profile: StorageNodeProfile,
        writeAmplification: Double = 1, compactionShare: Double = 0, hintedHandoff: Bool = true, keys: Int = 1_000_000
    ) {
        self.nodes = nodes
        self.virtualNodes = virtualNodes
        self.replicationFactor = replicationFactor
        self.profile = profile
        self.writeAmplification = writeAmplification
        self.compactionShare = compactionShare
        self.hintedHandoff = hintedHandoff
        self.keys = keys
    }
}

/// A master/slave database: the master takes every write; reads go to the master or the slave;
/// both use one shared array whose IOPS do not grow with database nodes.
public struct PrimaryReplicaSpec: Sendable, Hashable, Codable {
    public var masterZone: String
    public var replicaZone: String
    /// CPU and price of each database node; its disks are unused (data lives on the array).
    public var profile: StorageNodeProfile
    /// The shared storage array.
    public var arrayReadIOPS: Double
    public var arrayWriteIOPS: Double
    public var arrayReadTime: Distribution
    public var arrayWriteTime: Distribution
    /// Share of reads sent to the slave [ratio].
    public var readsFromReplica: Double
    /// Master failure to noticing it [ns].
    public var failoverDetection: SimTime
    /// Noticing to the slave serving writes as the new master [ns].
    public var promotionTime: SimTime

    public init(
        masterZone: String, replicaZone: String, profile: StorageNodeProfile, arrayReadIOPS: Double,
        arrayWriteIOPS: Double, arrayReadTime: Distribution, arrayWriteTime: Distribution,
        readsFromReplica: Double = 0.5, failoverDetection: SimTime = 30 * SimTime.nanosecondsPerSecond,
        promotionTime: SimTime = 60 * SimTime.nanosecondsPerSecond
    ) {
        self.masterZone = masterZone
        self.replicaZone = replicaZone
        self.profile = profile
        self.arrayReadIOPS = arrayReadIOPS
        self.arrayWriteIOPS = arrayWriteIOPS
        self.arrayReadTime = arrayReadTime
        self.arrayWriteTime = arrayWriteTime
        self.readsFromReplica = readsFromReplica
        self.failoverDetection = failoverDetection
        self.promotionTime = promotionTime
    }
}

/// A MongoDB-style replica set: one member (a node with its own disks, or in memory) per entry
/// of `members`; the primary takes every write and replicates it to the secondaries. When the
/// primary is lost, writes fail until the loss is detected and an election held; only a
/// majority of live members elects a primary.
public struct ReplicaSetSpec: Sendable, Hashable, Codable {
    /// The zone of each member, in order (a zone may hold several).
    public var members: [String]
    /// The zone of the member that is primary at the start (the first member there).
    public var primaryZone: String
    /// Members that must have written a write before it is acknowledged, the primary included.
    public var writeConcern: WriteConcern
    public var readPreference: ReadPreference
    /// Primary lost to the secondaries noticing it [ns].
    public var failoverDetection: SimTime
    /// Noticing to a new primary taking writes [ns].
    public var electionTime: SimTime
    public var profile: StorageNodeProfile

    public init(
        members: [String], primaryZone: String, writeConcern: WriteConcern = .majority,
        readPreference: ReadPreference = .primary, failoverDetection: SimTime = 10 * SimTime.nanosecondsPerSecond,
        electionTime: SimTime = 2 * SimTime.nanosecondsPerSecond, profile: StorageNodeProfile
    ) {
        self.members = members
        self.primaryZone = primaryZone
        self.writeConcern = writeConcern
        self.readPreference = readPreference
        self.failoverDetection = failoverDetection
        self.electionTime = electionTime
        self.profile = profile
    }

    /// Members a majority needs [count].
    public var majority: Int { members.count / 2 + 1 }

    /// Members that must have written a write, the primary included [count].
    public var writeAcknowledgements: Int {
        switch writeConcern {
        case .majority: majority
        case .members(let count): count
        }
    }
}

/// How many members acknowledge a write: a majority, or a stated count. Written as the file
/// writes it: `majority` or a whole number.
public enum WriteConcern: Sendable, Hashable, Codable {
    case majority
    case members(Int)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let count = try? container.decode(Int.self) {
            self = .members(count)
        } else if try container.decode(String.self) == "majority" {
            self = .majority
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a write concern is `majority` or a whole number")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .majority: try container.encode("majority")
        case .members(let count): try container.encode(count)
        }
    }
}

/// Where a replica set's reads go.
public enum ReadPreference: String, Sendable, Hashable, Codable, CaseIterable {
    /// The primary; none while there is no primary.
    case primary
    /// A live member in the caller's zone if any, else any live member.
    case nearest
}

/// A failure of storage nodes on a schedule.
public enum StorageFailureSpec: Sendable, Hashable, Codable {
    /// Every node in the zone is down from `from` to `to` [ns]; clients there fail over to
    /// coordinators in other zones.
    case zoneOutage(zone: String, from: SimTime, to: SimTime)
    /// `count` nodes (chosen at random) down from `from` to `to` [ns].
    case nodesDown(count: Int, from: SimTime, to: SimTime)
}
