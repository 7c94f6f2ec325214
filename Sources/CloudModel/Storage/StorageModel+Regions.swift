import SimKernel

/// One region's ring of a multi-region cluster (Cassandra's NetworkTopologyStrategy with a
/// replication factor per datacenter): the region's nodes on a token ring of their own, replicas
/// in distinct zones of the region.
struct RegionalRing {
    var ring: TokenRing
    /// The cluster's node index of each of the ring's nodes.
    var nodes: [Int32]
}

/// How a multi-region operation's replica copies are going, per region, kept beside the
/// operation (by slot) so that a one-region cluster's records stay as small as they were.
struct RegionalProgress {
    /// Copies sent, acknowledged and failed per region, 4 bits each (a region holds at most 8
    /// replicas of a key).
    var sent: UInt64 = 0
    var acknowledged: UInt64 = 0
    var failed: UInt64 = 0
    /// When the coordinator answered the client [ns].
    var answeredAt: SimTime = 0
    /// When the last replica in another region than the coordinator's wrote it; 0 for none yet.
    var lastRemoteApply: SimTime = 0

    static func count(_ packed: UInt64, region: Int32) -> Int { Int(packed >> (4 * UInt64(region)) & 0xF) }
    static func adding(_ packed: UInt64, region: Int32) -> UInt64 { packed + 1 << (4 * UInt64(region)) }
}

/// A cluster spread over the regions of its runtime: a ring per region, consistency levels that
/// count replicas in the coordinator's region (LOCAL_ONE, LOCAL_QUORUM), in every region
/// (EACH_QUORUM) or anywhere (ONE, QUORUM, ALL over the replicas of all regions), copies to other
/// regions over the cross-region network, and the replication lag of writes.
extension StorageModel {
    /// The nodes holding `key`'s replicas: the primary first (one region), or each region's
    /// replicas in region order.
    /// - Complexity: expected O(replicas); no allocation.
    func replicas(ofKey key: Int) -> ReplicaNodes {
        guard !regionRings.isEmpty else { return ring!.replicas(ofKey: key) }
        var all = ReplicaNodes()
        for regional in regionRings {
            for local in regional.ring.replicas(ofKey: key) { all.append(regional.nodes[Int(local)]) }
        }
        return all
    }

    /// Replicas of a key in region `region` [count].
    func replicas(inRegion region: Int32) -> Int { replicasPerRegion[Int(region)] }

    /// Replica answers an operation of `workload` needs in region `region` when its coordinator
    /// is in region `home`: LOCAL levels count only the home region, EACH_QUORUM a quorum of
    /// every region; 0 where the level counts replicas anywhere.
    func needed(_ consistency: ConsistencyLevel, in region: Int32, home: Int32) -> Int {
        switch consistency {
        case .localOne: region == home ? 1 : 0
        case .localQuorum: region == home ? replicas(inRegion: region) / 2 + 1 : 0
        case .eachQuorum: replicas(inRegion: region) / 2 + 1
        case .one, .quorum, .all: 0
        }
    }

    /// Whether the level counts replicas anywhere (ONE, QUORUM, ALL of the whole cluster).
    static func countsAnywhere(_ consistency: ConsistencyLevel) -> Bool {
        switch consistency {
        case .one, .quorum, .all: true
        case .localOne, .localQuorum, .eachQuorum: false
        }
    }

    /// Sends copies of a multi-region operation: every live replica for a write (hints for dead
    /// ones), the nearest needed ones for a read (the coordinator's zone, then its region, then
    /// other regions); unavailable if too few are up where the level counts.
    mutating func forwardAcrossRegions<E: StorageEventCarrier>(_ handle: SlotHandle, in simulator: inout Simulator<E>) {
        let operation = operations[handle.slot]
        let workload = workloads[Int(operation.workload)]
        let write = workload.operation == .write
        let replicas = replicas(ofKey: operation.key)
        let coordinatorZone = senderZone(of: operation)
        let home = zoneRegion[Int(coordinatorZone)]
        var live = ReplicaNodes()
        for rank in 0..<3 {
            for replica in replicas where nodes[Int(replica)].up {
                let zone = nodes[Int(replica)].zone
                let replicaRank = zone == coordinatorZone ? 0 : zoneRegion[Int(zone)] == home ? 1 : 2
                if replicaRank == rank { live.append(replica) }
            }
        }
        var liveIn: UInt64 = 0
        for replica in live { liveIn = RegionalProgress.adding(liveIn, region: zoneRegion[Int(nodes[Int(replica)].zone)]) }
        let anywhere = Self.countsAnywhere(workload.consistency)
        let available =
            anywhere
            ? live.count >= workload.required
            : regionRings.indices.allSatisfy {
                RegionalProgress.count(liveIn, region: Int32($0)) >= needed(workload.consistency, in: Int32($0), home: home)
            }
        guard available else {
            answerClient(handle, failure: .unavailable, in: &simulator)
            return
        }
        if write { storeHints(for: replicas) }
        let targets =
            write || workload.consistency == .eachQuorum
            ? live.count : anywhere ? workload.required : needed(workload.consistency, in: home, home: home)
        while regional.count <= Int(handle.slot) { regional.append(RegionalProgress()) }
        regional[Int(handle.slot)] = RegionalProgress()
        for replica in live.prefix(targets) {
            let region = zoneRegion[Int(nodes[Int(replica)].zone)]
            regional[Int(handle.slot)].sent = RegionalProgress.adding(regional[Int(handle.slot)].sent, region: region)
        }
        sendCopies(handle, to: live.prefix(targets), write: write, in: &simulator)
    }

    /// A replica's answer to a multi-region operation has been counted in its totals: count it
    /// in its region, answer the client once the level is met (or cannot be), and measure the
    /// replication lag once every copy is back.
    mutating func regionalReplicaAnswered<E: StorageEventCarrier>(
        _ copy: ReplicaOperationState, in simulator: inout Simulator<E>
    ) {
        let slot = copy.operation.slot
        let region = zoneRegion[Int(nodes[Int(copy.node)].zone)]
        if copy.failed {
            regional[Int(slot)].failed = RegionalProgress.adding(regional[Int(slot)].failed, region: region)
        } else {
            regional[Int(slot)].acknowledged = RegionalProgress.adding(regional[Int(slot)].acknowledged, region: region)
        }
        let operation = operations[slot]
        if !operation.answered {
            let consistency = workloads[Int(operation.workload)].consistency
            if Self.countsAnywhere(consistency) {
                let required = Int32(workloads[Int(operation.workload)].required)
                if operation.acknowledged >= required {
                    answerClient(copy.operation, failure: nil, in: &simulator)
                } else if operation.failedReplicas > operation.sent - required {
                    answerClient(copy.operation, failure: .error, in: &simulator)
                }
            } else {
                let home = zoneRegion[Int(senderZone(of: operation))]
                let progress = regional[Int(slot)]
                var met = true
                var impossible = false
                for other in regionRings.indices.map(Int32.init) {
                    let need = needed(consistency, in: other, home: home)
                    let acknowledged = RegionalProgress.count(progress.acknowledged, region: other)
                    if acknowledged < need { met = false }
                    let sent = RegionalProgress.count(progress.sent, region: other)
                    if RegionalProgress.count(progress.failed, region: other) > sent - need { impossible = true }
                }
                if met {
                    answerClient(copy.operation, failure: nil, in: &simulator)
                } else if impossible {
                    answerClient(copy.operation, failure: .error, in: &simulator)
                }
            }
        }
        if operations[slot].outstanding == 0 { recordReplicationLag(slot) }
        if operations[slot].answered { releaseIfDone(slot) }
    }

    /// A successful write whose every copy is back: the time from the client's acknowledgement
    /// to the last replica in another region writing it (0 when all had before). Writes a
    /// remote replica missed (its node down: a hint, or lost) are not measured.
    mutating func recordReplicationLag(_ slot: Int32) {
        let operation = operations[slot]
        let progress = regional[Int(slot)]
        guard workloads[Int(operation.workload)].operation == .write, operation.answered, operation.failure == nil,
            progress.lastRemoteApply > 0, operation.arrival >= warmUpEnd
        else { return }
        let home = zoneRegion[Int(senderZone(of: operation))]
        for region in regionRings.indices.map(Int32.init) where region != home {
            guard RegionalProgress.count(progress.failed, region: region) == 0 else { return }
        }
        statistics.recordReplicationLag(max(0, progress.lastRemoteApply - progress.answeredAt))
    }

    /// A replica of a multi-region write has written it at `now`: the latest in another region
    /// than the coordinator's is the one replication lag waits for.
    mutating func replicaApplied(_ item: WorkItem, at node: Int32, now: SimTime) {
        let operation = replicaOperations[item.handle.slot].operation.slot
        let home = senderZone(of: operations[operation])
        guard zoneRegion[Int(nodes[Int(node)].zone)] != zoneRegion[Int(home)] else { return }
        regional[Int(operation)].lastRemoteApply = now
    }

    /// A ring coordinator for a client in `zone` when the zone has no live node: one in another
    /// zone of the client's region, if any is up.
    mutating func coordinatorInRegion(of zone: Int32) -> Int32? {
        for other in 0..<Int(zoneCount) where other != Int(zone) && zoneRegion[other] == zoneRegion[Int(zone)] {
            if let node = randomLiveNode(in: nodesInZone[other]) { return node }
        }
        return nil
    }
}
