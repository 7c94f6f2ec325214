import SimKernel

/// Nodes and zones going down and coming back; master failover.
extension StorageModel {
    mutating func failureStarts<E: StorageEventCarrier>(_ index: Int32, in simulator: inout Simulator<E>) {
        switch spec.failures[Int(index)] {
        case .zoneOutage(let name, _, _):
            zoneGoesDown(Int32(spec.zones.firstIndex(of: name)!), in: &simulator)
        case .nodesDown(let count, _, _):
            downed[Int(index)] = nodesGoDown(count, chosenBy: failureStream, in: &simulator)
        }
    }

    mutating func failureEnds<E: StorageEventCarrier>(_ index: Int32, in simulator: inout Simulator<E>) {
        switch spec.failures[Int(index)] {
        case .zoneOutage(let name, _, _):
            zoneComesBack(Int32(spec.zones.firstIndex(of: name)!), in: &simulator)
        case .nodesDown:
            nodesComeBack(downed[Int(index)], in: &simulator)
        }
    }

    /// The node stops: work queued on it fails, operations it coordinates fail, and a dead
    /// master starts a failover. Work in progress fails when its CPU or disk step ends.
    mutating func takeDown<E: StorageEventCarrier>(_ node: Int32, in simulator: inout Simulator<E>) {
        nodes[Int(node)].failures += 1
        guard nodes[Int(node)].up else { return }
        nodes[Int(node)].up = false
        statistics.nodesUp.add(-1, at: simulator.now)
        var lost: [WorkItem] = []
        while let item = nodes[Int(node)].cpuQueue.pop() { lost.append(item) }
        // A ring node's own disks stop with it; a master/slave pair's only disk is the shared
        // array, which carries on (its work for this node fails when it ends).
        if primary == nil, !inMemory {
            while let item = disks[Int(node)].readQueue.pop() { lost.append(item) }
            while let item = disks[Int(node)].writeQueue.pop() { lost.append(item) }
        }
        for item in lost { fail(item, in: &simulator) }
        for slot in operations.liveSlots {
            let operation = operations[slot]
            if operation.coordinator == node, !operation.answered {
                answerClient(
                    SlotHandle(slot: slot, generation: operations.generation(of: slot)), failure: .error, in: &simulator
                )
            }
        }
        if replicaSet != nil { replicaSetMemberLost(node, in: &simulator) }
        if let primary, primary.master == node, !primary.failingOver {
            self.primary!.failingOver = true
            self.primary!.failoverPending = true
            let promotion = spec.primaryReplicaSpec!.failoverDetection + spec.primaryReplicaSpec!.promotionTime
            simulator.schedule(.failoverComplete, of: hostIndex, after: promotion)
        }
    }

    /// The node is back; hints held for it are replayed to its disk. A master that returns
    /// before any slave could be promoted takes writes again.
    mutating func bringUp<E: StorageEventCarrier>(_ node: Int32, in simulator: inout Simulator<E>) {
        let now = simulator.now
        nodes[Int(node)].failures -= 1
        guard !nodes[Int(node)].up, nodes[Int(node)].failures == 0 else { return }
        nodes[Int(node)].up = true
        statistics.nodesUp.add(1, at: now)
        if let primary, primary.master == node, primary.failingOver, !primary.failoverPending {
            self.primary!.failingOver = false
        }
        statistics.hintsReplayed += nodes[Int(node)].hints
        statistics.deviceWrites += Double(nodes[Int(node)].hints) * writeAmplification
        nodes[Int(node)].hints = 0
        if replicaSet != nil { replicaSetMemberReturns(in: &simulator) }
    }

    /// The slave is now the master; the old master, when it returns, is the slave. Without a
    /// live slave, writes wait for the master to return.
    mutating func failoverCompletes() {
        guard var primary else { return }
        primary.failoverPending = false
        guard nodes[Int(primary.replica)].up else {
            primary.failingOver = !nodes[Int(primary.master)].up
            self.primary = primary
            return
        }
        (primary.master, primary.replica) = (primary.replica, primary.master)
        primary.failingOver = false
        self.primary = primary
        statistics.failovers += 1
    }
}

extension StorageSpec {
    /// The master/slave description, if that is the cluster.
    var primaryReplicaSpec: PrimaryReplicaSpec? {
        if case .primaryReplica(let primary) = cluster { return primary }
        return nil
    }
}
