import SimKernel

/// A MongoDB-style replica set: the primary does each operation on its own disks; a write then
/// goes to every live secondary and is acknowledged once enough have written it (its write
/// concern). Losing the primary leaves the set without one until the loss is detected and an
/// election held; only a majority of live members elects one, and a primary that can no longer
/// see a majority steps down.
extension StorageModel {
    /// Live members [count].
    var liveMembers: Int { nodes.count { $0.up } }

    /// The replica set's primary member, -1 while it has none (or for another kind of cluster).
    var primaryMember: Int32 { replicaSet?.primary ?? -1 }

    /// A member has done an operation's own work: a read answers the client; a write goes to
    /// every live secondary, and is acknowledged at once when its write concern lets the
    /// primary acknowledge alone, else once enough secondaries have written it (unavailable if
    /// too few are up).
    mutating func memberDone<E: StorageEventCarrier>(_ item: WorkItem, in simulator: inout Simulator<E>) {
        let handle = item.handle
        let member = operations[handle.slot].coordinator
        guard nodes[Int(member)].up else {
            answerClient(handle, failure: .error, in: &simulator)
            return
        }
        guard item.write else {
            answerClient(handle, failure: nil, in: &simulator)
            return
        }
        let required = workloads[Int(operations[handle.slot].workload)].required
        var secondaries = ReplicaNodes()
        for other in nodes.indices where Int32(other) != member && nodes[other].up { secondaries.append(Int32(other)) }
        guard secondaries.count >= required else {
            answerClient(handle, failure: .unavailable, in: &simulator)
            return
        }
        sendCopies(handle, to: secondaries.prefix(secondaries.count), write: true, in: &simulator)
        if required == 0 { answerClient(handle, failure: nil, in: &simulator) }
    }

    /// Member `node` has gone down: if it was the primary, an election starts once the loss is
    /// detected; if the primary is left without a majority, it steps down.
    mutating func replicaSetMemberLost<E: StorageEventCarrier>(_ node: Int32, in simulator: inout Simulator<E>) {
        guard var set = replicaSet else { return }
        defer { replicaSet = set }
        if set.primary == node {
            set.primary = -1
            statistics.withoutPrimary.update(to: 1, at: simulator.now)
            guard !set.electionPending else { return }
            set.electionPending = true
            simulator.schedule(.electionComplete, of: hostIndex, after: set.detection + set.electionTime)
        } else if set.primary >= 0, liveMembers < set.majority {
            set.primary = -1
            statistics.withoutPrimary.update(to: 1, at: simulator.now)
        }
    }

    /// A member is back: a set without a primary, and no election under way, holds one once a
    /// majority is up again (the members already know there is no primary: election time only).
    mutating func replicaSetMemberReturns<E: StorageEventCarrier>(in simulator: inout Simulator<E>) {
        guard var set = replicaSet, set.primary < 0, !set.electionPending, liveMembers >= set.majority else { return }
        set.electionPending = true
        replicaSet = set
        simulator.schedule(.electionComplete, of: hostIndex, after: set.electionTime)
    }

    /// The election ends: with a majority up, the first live member (in `members` order) is the
    /// new primary; without one, the set waits for a majority to return.
    mutating func electionCompletes(at now: SimTime) {
        guard var set = replicaSet else { return }
        defer { replicaSet = set }
        set.electionPending = false
        guard set.primary < 0, liveMembers >= set.majority, let elected = nodes.indices.first(where: { nodes[$0].up })
        else { return }
        set.primary = Int32(elected)
        statistics.elections += 1
        statistics.withoutPrimary.update(to: 0, at: now)
    }

    /// `PREFIXelections` (primaries elected) and `PREFIXno_primary_time` [s] (time without a
    /// primary) of a replica set; none for other kinds.
    func replicaSetMetrics(prefix: String, at end: SimTime) -> [Metric] {
        guard replicaSet != nil else { return [] }
        return [
            Metric(prefix + "elections", .count, Double(statistics.elections)),
            Metric(prefix + "no_primary_time", .seconds, statistics.withoutPrimary.integral(at: end) / 1e9),
        ]
    }
}
