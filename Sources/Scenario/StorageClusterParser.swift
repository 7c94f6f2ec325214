import CloudModel
import SimKernel
import Yams

/// `storage.cluster`: a Cassandra-style ring or a master/slave pair, and the node profile both use.
extension NodeReader {
    /// Every key a `ring` may have.
    static let ringKeys = [
        "nodes", "virtual_nodes", "replication_factor", "write_amplification", "compaction_share", "hinted_handoff",
        "keys", "node",
    ]

    /// Every key a `primary_replica` may have.
    static let primaryReplicaKeys = [
        "master_zone", "replica_zone", "node", "array", "reads_from_replica", "failover_detection", "promotion_time",
    ]

    /// Every key a `replica_set` may have.
    static let replicaSetKeys = [
        "members", "primary_zone", "write_concern", "read_preference", "failover_detection", "election_time", "node",
    ]

    /// Most members of a replica set (MongoDB's most voting members).
    static let maximumReplicaSetMembers = 7

    /// A replica set of the spec's defaults; its required settings are placeholders.
    static let replicaSetDefaults = ReplicaSetSpec(members: [], primaryZone: "", profile: nodeDefaults)

    /// Every key a node profile may have.
    static let storageNodeKeys = [
        "capacity_tb", "memory_gb", "read_iops", "write_iops", "read_time", "write_time", "cpu_servers", "cpu_time",
        "queue_capacity", "price_per_hour",
    ]

    /// The keys of a node's disks, which an in-memory node (`memory_gb`) does not have.
    static let storageDiskKeys = ["capacity_tb", "read_iops", "write_iops", "read_time", "write_time"]

    /// Every key a shared storage array has (all required).
    static let storageArrayKeys = ["read_iops", "write_iops", "read_time", "write_time"]

    /// Storage nodes of a master/slave cluster: the master and its one slave.
    static let primaryReplicaNodes = 2

    /// A node profile of the spec's defaults (`queue_capacity`, `price_per_hour`); its required
    /// settings are placeholders, there only to build the specs whose defaults are read.
    static let nodeDefaults = StorageNodeProfile(
        capacityTB: 1, readIOPS: 1, writeIOPS: 1, readTime: .constant(0), writeTime: .constant(0), cpuServers: 1,
        cpuTime: .constant(0))

    /// A ring of the spec's defaults; its required settings are placeholders.
    static let ringDefaults = RingClusterSpec(nodes: 1, profile: nodeDefaults)

    /// A master/slave pair of the spec's defaults; its required settings are placeholders.
    static let primaryReplicaDefaults = PrimaryReplicaSpec(
        masterZone: "", replicaZone: "", profile: nodeDefaults, arrayReadIOPS: 1, arrayWriteIOPS: 1,
        arrayReadTime: .constant(0), arrayWriteTime: .constant(0))

    /// The cluster, and how many storage nodes it has (for `nodes_down`); `zones` (nil when they
    /// could not be read) are those it may use. The count is known as soon as `nodes` is, even
    /// when something else in the cluster is wrong, so that failures are still checked against it.
    /// `regions` are a multi-region runtime's (empty otherwise): a ring there keeps
    /// `replication_factor` replicas in each region (or a mapping of regions to their counts).
    func storageCluster(
        _ node: Node, zones: [String]?, regions: [RegionSpec] = []
    ) -> (spec: StorageClusterSpec?, nodes: Int?) {
        let expected = "a mapping with one of `ring:`, `primary_replica:` or `replica_set:`"
        guard let mapping = mapping(node, what: "`cluster`", expected: expected) else { return (nil, nil) }
        let kinds = ["ring", "primary_replica", "replica_set"]
        let fields = fields(of: node, mapping, place: "`cluster`", allowed: kinds)
        switch oneOf(kinds, in: fields) {
        case "ring":
            return fields["ring"].map { ring($0, zones: zones, regions: regions) } ?? (nil, nil)
        case "primary_replica":
            let pair = fields["primary_replica"].flatMap { primaryReplica($0, zones: zones) }
            return (pair.map(StorageClusterSpec.primaryReplica), Self.primaryReplicaNodes)
        case "replica_set":
            let set = fields["replica_set"].map { replicaSet($0, zones: zones) }
            return (set?.spec.map(StorageClusterSpec.replicaSet), set?.members)
        default:
            // Several given: each is still read, so that its own problems are reported too.
            _ = fields["ring"].map { ring($0, zones: zones, regions: regions) }
            _ = fields["primary_replica"].map { primaryReplica($0, zones: zones) }
            _ = fields["replica_set"].map { replicaSet($0, zones: zones) }
            return (nil, nil)
        }
    }

    /// A Cassandra-style ring, and its node count.
    private func ring(_ node: Node, zones: [String]?, regions: [RegionSpec]) -> (spec: StorageClusterSpec?, nodes: Int?) {
        let expected = "a mapping with `nodes:` and `node:`"
        guard let mapping = mapping(node, what: "`ring`", expected: expected) else { return (nil, nil) }
        let fields = fields(of: node, mapping, place: "`ring`", allowed: Self.ringKeys)
        let defaults = Self.ringDefaults
        let nodesNode = required("nodes", in: fields)
        let nodes = nodesNode.flatMap { wholeNumber($0, key: "nodes", atLeast: 1) }
        let virtualNodes = optional("virtual_nodes", in: fields, default: defaults.virtualNodes) {
            wholeNumber($0, key: "virtual_nodes", atLeast: 1)
        }
        let perRegion =
            regions.isEmpty ? [] : replicasPerRegion(fields, default: defaults.replicationFactor, regions: regions)
        let replicationFactor =
            regions.isEmpty
            ? replicationFactor(fields, default: defaults.replicationFactor, zones: zones) : perRegion?.reduce(0, +)
        // Every replica of a key needs a node of its own.
        var hasEnoughNodes = true
        if let nodes, let perRegion, let nodesNode, !regions.isEmpty {
            hasEnoughNodes = reportNodesPerRegion(nodes: nodes, perRegion: perRegion, regions: regions, at: nodesNode)
        } else if let nodes, let replicationFactor, nodes < replicationFactor, let nodesNode {
            let factor =
                fields["replication_factor"] == nil ? "the default `replication_factor`" : "`replication_factor`"
            report(
                "`nodes` expects a whole number of at least \(factor) (\(replicationFactor)), found \(found(nodesNode))",
                at: nodesNode)
            hasEnoughNodes = false
        }
        if let nodes, let virtualNodes, nodes * virtualNodes > ScenarioLimits.maximumRingTokens {
            report(
                "a ring of \(nodes) nodes × \(virtualNodes) virtual nodes holds \(nodes * virtualNodes) tokens, "
                    + "more than the limit of \(ScenarioLimits.maximumRingTokens)",
                at: fields["virtual_nodes"] ?? nodesNode ?? node)
        }
        let writeAmplification = optional("write_amplification", in: fields, default: defaults.writeAmplification) {
            number($0, key: "write_amplification", expected: "a number of at least 1") { $0 >= 1 }
        }
        let compactionShare = optional("compaction_share", in: fields, default: defaults.compactionShare) {
            number($0, key: "compaction_share", expected: "a number from 0 up to, but not including, 1") {
                (0..<1).contains($0)
            }
        }
        let hintedHandoff = optional("hinted_handoff", in: fields, default: defaults.hintedHandoff) {
            boolean($0, key: "hinted_handoff")
        }
        let keys = optional("keys", in: fields, default: defaults.keys) { node -> Int? in
            guard let keys = wholeNumber(node, key: "keys", atLeast: 1) else { return nil }
            guard keys <= RingClusterSpec.maximumKeys else {
                report("`keys` expects at most \(RingClusterSpec.maximumKeys), found \(keys)", at: node)
                return nil
            }
            return keys
        }
        let profile = required("node", in: fields).flatMap { storageNode($0) }
        guard let nodes, hasEnoughNodes, let virtualNodes, let replicationFactor, let writeAmplification,
            let compactionShare, let hintedHandoff, let keys, let profile
        else { return (nil, nodes) }
        var ring = RingClusterSpec(
            nodes: nodes, virtualNodes: virtualNodes, replicationFactor: replicationFactor, profile: profile,
            writeAmplification: writeAmplification, compactionShare: compactionShare, hintedHandoff: hintedHandoff,
            keys: keys)
        ring.replicasPerRegion = perRegion ?? []
        return (.ring(ring), nodes)
    }

    /// A multi-region ring's `replication_factor`: a whole number for every region, or a mapping
    /// of every region to its own; each region's replicas go one per zone of it, at most
    /// `RingClusterSpec.maximumReplicationFactor`, and `ReplicaNodes`' 16 in all.
    private func replicasPerRegion(_ fields: Fields, default defaultValue: Int, regions: [RegionSpec]) -> [Int]? {
        let names = regions.map(\.name)
        var counts: [Int?] = Array(repeating: defaultValue, count: regions.count)
        let given = fields["replication_factor"]
        var places: [Node?] = Array(repeating: given, count: regions.count)
        if let given, case .mapping(let mapping) = given {
            let entries = self.fields(of: given, mapping, place: "`replication_factor`", allowed: names)
            for (index, name) in names.enumerated() {
                guard let node = entries[name] else {
                    report("missing required key `\(name)` in `replication_factor` (every region keeps replicas)", at: given)
                    counts[index] = nil
                    continue
                }
                places[index] = node
                counts[index] = wholeNumber(node, key: "replication_factor", atLeast: 1)
            }
        } else if let given {
            let count = wholeNumber(given, key: "replication_factor", atLeast: 1)
            counts = counts.map { _ in count }
            if count == nil { return nil }
        }
        for (index, region) in regions.enumerated() {
            guard let count = counts[index] else { continue }
            let most = min(region.zones.count, RingClusterSpec.maximumReplicationFactor)
            guard count > most else { continue }
            let message =
                "`replication_factor` expects one replica per zone of region `\(region.name)`, a whole number from 1 to "
                + "\(most), found \(count)" + (given == nil ? " (the default; give `replication_factor:`)" : "")
            report(message, at: places[index] ?? fields.node)
            counts[index] = nil
        }
        guard !counts.contains(nil) else { return nil }
        let perRegion = counts.compactMap { $0 }
        guard perRegion.reduce(0, +) <= 16 else {
            report(
                "`replication_factor` expects at most 16 replicas over all regions, found \(perRegion.reduce(0, +))",
                at: given ?? fields.node)
            return nil
        }
        return perRegion
    }

    /// Whether each region gets as many of the ring's `nodes` (spread over every zone of every
    /// region in turn) as it keeps replicas; reports the first that does not at `node`.
    private func reportNodesPerRegion(nodes: Int, perRegion: [Int], regions: [RegionSpec], at node: Node) -> Bool {
        let zoneRegions = regions.enumerated().flatMap { index, region in region.zones.map { _ in index } }
        for (index, region) in regions.enumerated() {
            let there = (0..<nodes).filter { zoneRegions[$0 % zoneRegions.count] == index }.count
            guard there < perRegion[index] else { continue }
            report(
                "`nodes` expects enough nodes for \(perRegion[index]) replicas in region `\(region.name)`: nodes go "
                    + "to every zone of every region in turn, and \(nodes) put \(there) there; give at least "
                    + "\(Self.nodesNeeded(perRegion[index], in: index, zoneRegions: zoneRegions))", at: node)
            return false
        }
        return true
    }

    /// The fewest nodes, spread over `zoneRegions` in turn, that put `count` in region `region`.
    private static func nodesNeeded(_ count: Int, in region: Int, zoneRegions: [Int]) -> Int {
        var nodes = 0
        var there = 0
        while there < count {
            if zoneRegions[nodes % zoneRegions.count] == region { there += 1 }
            nodes += 1
        }
        return nodes
    }

    /// `replication_factor`: replicas go one per zone, so there are at most as many as `zones`
    /// (not checked when they could not be read). A default that exceeds them is reported at the
    /// ring, which then needs the key.
    private func replicationFactor(_ fields: Fields, default defaultValue: Int, zones: [String]?) -> Int? {
        let factor = optional("replication_factor", in: fields, default: defaultValue) {
            wholeNumber($0, key: "replication_factor", atLeast: 1)
        }
        if let factor, factor > RingClusterSpec.maximumReplicationFactor, let given = fields["replication_factor"] {
            report(
                "`replication_factor` expects at most \(RingClusterSpec.maximumReplicationFactor) replicas, found \(factor)",
                at: given)
            return nil
        }
        guard let factor, let zones, factor > zones.count else { return factor }
        let zoneCount = zones.count == 1 ? "the 1 zone" : "the \(zones.count) zones"
        if let given = fields["replication_factor"] {
            report(
                "`replication_factor` expects one replica per zone, a whole number from 1 to \(zones.count), "
                    + "found \(found(given))", at: given)
        } else {
            report(
                "`ring` keeps \(factor) replicas by default (`replication_factor`), more than \(zoneCount) "
                    + "(one replica per zone); give `replication_factor:`", at: fields.node)
        }
        return nil
    }

    /// A master database in one zone with its slave in another, on a shared storage array.
    private func primaryReplica(_ node: Node, zones: [String]?) -> PrimaryReplicaSpec? {
        let expected = "a mapping with `master_zone:`, `replica_zone:`, `node:` and `array:`"
        guard let mapping = mapping(node, what: "`primary_replica`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`primary_replica`", allowed: Self.primaryReplicaKeys)
        let master = required("master_zone", in: fields).flatMap {
            reference($0, key: "master_zone", kind: "zone", among: zones)
        }
        let replicaNode = required("replica_zone", in: fields)
        var replica = replicaNode.flatMap { reference($0, key: "replica_zone", kind: "zone", among: zones) }
        // A slave in the master's zone would go down with it: the pair is there to survive a zone.
        if let master, replica == master, let replicaNode {
            report(
                "`replica_zone` expects a zone other than `master_zone` (\(master)), found \(found(replicaNode))",
                at: replicaNode)
            replica = nil
        }
        let profile = required("node", in: fields).flatMap { storageNode($0, inMemoryRejectedBy: "`primary_replica`") }
        let array = required("array", in: fields).flatMap(storageArray)
        let defaults = Self.primaryReplicaDefaults
        let readsFromReplica = optional("reads_from_replica", in: fields, default: defaults.readsFromReplica) {
            ratio($0, key: "reads_from_replica")
        }
        let detection = optional("failover_detection", in: fields, default: defaults.failoverDetection) {
            simTime($0, key: "failover_detection")
        }
        let promotion = optional("promotion_time", in: fields, default: defaults.promotionTime) {
            simTime($0, key: "promotion_time")
        }
        guard let master, let replica, let profile, let array, let readsFromReplica, let detection, let promotion
        else { return nil }
        return PrimaryReplicaSpec(
            masterZone: master, replicaZone: replica, profile: profile, arrayReadIOPS: array.readIOPS,
            arrayWriteIOPS: array.writeIOPS, arrayReadTime: array.readTime, arrayWriteTime: array.writeTime,
            readsFromReplica: readsFromReplica, failoverDetection: detection, promotionTime: promotion)
    }

    /// A MongoDB-style replica set, and its member count (known once `members` is read).
    private func replicaSet(_ node: Node, zones: [String]?) -> (spec: ReplicaSetSpec?, members: Int?) {
        let expected = "a mapping with `members:`, `primary_zone:` and `node:`"
        guard let mapping = mapping(node, what: "`replica_set`", expected: expected) else { return (nil, nil) }
        let fields = fields(of: node, mapping, place: "`replica_set`", allowed: Self.replicaSetKeys)
        let defaults = Self.replicaSetDefaults
        var members: [String]? = nil
        if let list = required("members", in: fields).flatMap({
            nonEmptySequence($0, key: "members", expected: "a list of zones, one member in each entry")
        }) {
            let read = list.map { reference($0, key: "members", kind: "zone", among: zones) }
            if list.count > Self.maximumReplicaSetMembers, let node = fields["members"] {
                report(
                    "`members` expects at most \(Self.maximumReplicaSetMembers) members (as MongoDB's voting "
                        + "members), found \(list.count)", at: node)
            } else if !read.contains(nil) {
                members = read.compactMap { $0 }
            }
        }
        let primaryNode = required("primary_zone", in: fields)
        var primary = primaryNode.flatMap { reference($0, key: "primary_zone", kind: "zone", among: zones) }
        if let members, let name = primary, !members.contains(name), let primaryNode {
            let memberZones = members.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            report(
                "`primary_zone` expects the zone of one of the members (\(Suggestions.list(memberZones))), found "
                    + found(primaryNode), at: primaryNode)
            primary = nil
        }
        let writeConcern = optional("write_concern", in: fields, default: defaults.writeConcern) { node in
            self.writeConcern(node, members: members?.count)
        }
        let readPreference = optional("read_preference", in: fields, default: defaults.readPreference) {
            choice($0, key: "read_preference") as ReadPreference?
        }
        let detection = optional("failover_detection", in: fields, default: defaults.failoverDetection) {
            simTime($0, key: "failover_detection")
        }
        let election = optional("election_time", in: fields, default: defaults.electionTime) {
            simTime($0, key: "election_time")
        }
        let profile = required("node", in: fields).flatMap { storageNode($0) }
        guard let members, let primary, let writeConcern, let readPreference, let detection, let election, let profile
        else { return (nil, members?.count) }
        let set = ReplicaSetSpec(
            members: members, primaryZone: primary, writeConcern: writeConcern, readPreference: readPreference,
            failoverDetection: detection, electionTime: election, profile: profile)
        return (set, members.count)
    }

    /// `write_concern`: `majority`, or a whole number of members from 1 to `members` (unchecked
    /// when the members could not be read).
    private func writeConcern(_ node: Node, members: Int?) -> WriteConcern? {
        let most = members.map { " from 1 to \($0) (the members)" } ?? " of at least 1"
        let expected = "`majority` or a whole number\(most)"
        guard let text = scalarText(node, key: "write_concern", expected: expected) else { return nil }
        if text == "majority" { return .majority }
        guard let count = Int(text), count >= 1, count <= (members ?? Int.max) else {
            let hint = text.lowercased() == "majority" || Suggestions.nearest(to: text, in: ["majority"]) != nil
                ? "; did you mean `majority`?" : ""
            report("`write_concern` expects \(expected), found \(found(node))\(hint)", at: node)
            return nil
        }
        return .members(count)
    }

    /// The shared storage array of a master/slave pair.
    private func storageArray(_ node: Node) -> DiskSettings? {
        let expected = "a mapping with \(Suggestions.list(Self.storageArrayKeys, conjunction: "and"))"
        guard let mapping = mapping(node, what: "`array`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`array`", allowed: Self.storageArrayKeys)
        return disks(fields)
    }

    /// A storage node: its disks (or, with `memory_gb`, its memory alone), CPU and price.
    /// `inMemoryRejectedBy` names a cluster kind whose nodes may not be in memory (nil: they may).
    private func storageNode(_ node: Node, inMemoryRejectedBy kind: String? = nil) -> StorageNodeProfile? {
        let expected =
            "a mapping with the node's disks (`capacity_tb:`, `read_iops:`, …) or memory (`memory_gb:`) and CPU "
            + "(`cpu_servers:`, …)"
        guard let mapping = mapping(node, what: "`node`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`node`", allowed: Self.storageNodeKeys)
        let defaults = Self.nodeDefaults
        let memoryNode = fields["memory_gb"]
        // A node with disks: its disk settings, each required, are read first.
        var disks: (capacity: Double?, settings: DiskSettings?) = (nil, nil)
        if memoryNode == nil {
            if fields["capacity_tb"] == nil {
                report(
                    "missing required key `capacity_tb` in `node` (or `memory_gb:` for an in-memory node, which has "
                        + "no disk)", at: fields.node)
            }
            disks.capacity = fields["capacity_tb"].flatMap {
                number($0, key: "capacity_tb", expected: "a number above 0 (TB)") { $0 > 0 }
            }
            disks.settings = self.disks(fields)
        }
        let cpuServers = required("cpu_servers", in: fields).flatMap { wholeNumber($0, key: "cpu_servers", atLeast: 1) }
        let cpuTime = required("cpu_time", in: fields).flatMap { distribution($0, key: "cpu_time") }
        let queueCapacity = optional("queue_capacity", in: fields, default: defaults.queueCapacity, queueCapacity)
        let price = optional("price_per_hour", in: fields, default: defaults.pricePerHour, pricePerHour)
        guard let memoryNode else {
            guard let capacity = disks.capacity, let settings = disks.settings, let cpuServers, let cpuTime,
                let queueCapacity, let price
            else { return nil }
            return StorageNodeProfile(
                capacityTB: capacity, readIOPS: settings.readIOPS, writeIOPS: settings.writeIOPS,
                readTime: settings.readTime, writeTime: settings.writeTime, cpuServers: cpuServers, cpuTime: cpuTime,
                queueCapacity: queueCapacity, pricePerHour: price)
        }
        var applies = true
        if let kind, let key = fields.entries.first(where: { $0.name == "memory_gb" })?.key {
            report(
                "\(kind) keeps its data on a shared array: its nodes may not be in memory (`memory_gb`); an "
                    + "in-memory store is a `ring` or a `replica_set`", at: key)
            applies = false
        }
        // Every disk key is reported, each at its own line.
        for entry in fields.entries where Self.storageDiskKeys.contains(entry.name) {
            let both = entry.name == "capacity_tb" ? " (a node has `capacity_tb` or `memory_gb`, not both)" : ""
            report(
                "an in-memory node (`memory_gb`) has no disk: `\(entry.name)` does not apply\(both); its work is "
                    + "its CPU (`cpu_servers`, `cpu_time`)", at: entry.key)
            applies = false
        }
        let memory = number(memoryNode, key: "memory_gb", expected: "a number above 0 (GB)") { $0 > 0 }
        guard applies, let memory, let cpuServers, let cpuTime, let queueCapacity, let price else { return nil }
        return StorageNodeProfile(
            memoryGB: memory, cpuServers: cpuServers, cpuTime: cpuTime, queueCapacity: queueCapacity,
            pricePerHour: price)
    }

    /// The required `read_iops`, `write_iops`, `read_time` and `write_time` of a node's disks or
    /// an array. Times need a mean above zero: the model serves IOPS × mean time operations at
    /// once, so with instant operations the IOPS would have no effect.
    private func disks(_ fields: Fields) -> DiskSettings? {
        func iops(_ key: String) -> Double? {
            required(key, in: fields).flatMap {
                number($0, key: key, expected: "a number above 0 (operations per second)") { $0 > 0 }
            }
        }
        func time(_ key: String) -> Distribution? {
            required(key, in: fields).flatMap { distributionWithPositiveMean($0, key: key) }
        }
        let readIOPS = iops("read_iops"), writeIOPS = iops("write_iops")
        let readTime = time("read_time"), writeTime = time("write_time")
        guard let readIOPS, let writeIOPS, let readTime, let writeTime else { return nil }
        return DiskSettings(readIOPS: readIOPS, writeIOPS: writeIOPS, readTime: readTime, writeTime: writeTime)
    }
}

/// The disk settings a node profile and a shared array both have.
private struct DiskSettings {
    /// Random reads per second [1/s].
    var readIOPS: Double
    /// Writes per second [1/s].
    var writeIOPS: Double
    /// Time of one read [s].
    var readTime: Distribution
    /// Time of one write [s].
    var writeTime: Distribution
}
