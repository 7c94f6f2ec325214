import SimKernel

/// A client operation's path: client → coordinator (CPU) → replicas (CPU, disk) → coordinator
/// → client, or client → database node (CPU) → shared array → client.
extension StorageModel {
    mutating func clientArrives<E: StorageEventCarrier>(_ workload: Int32, in simulator: inout Simulator<E>) {
        let index = Int(workload)
        let gap = Distribution.exponential(mean: 1 / workloads[index].rate).sampleTime(workloads[index].arrivalStream)
        simulator.schedule(.clientArrival(workload: workload), of: hostIndex, after: gap)
        let zone = nextClientZone
        nextClientZone = (zone + 1) % zoneCount
        startOperation(workload, key: drawKey(workload), from: zone, caller: nil, in: &simulator)
    }

    /// A key for an operation of `workload`, drawn from its own stream.
    mutating func drawKey(_ workload: Int32) -> Int {
        workloads[Int(workload)].keys.next(workloads[Int(workload)].keyStream)
    }

    /// The key of `workload` at `u` in [0, 1) on its key distribution's cumulative scale.
    func key(_ workload: Int32, at u: Double) -> Int { workloads[Int(workload)].keys.key(at: u) }

    /// A client in `zone` sends an operation of `workload` on `key` to its coordinator; `caller`
    /// is the host's call waiting for it (nil for the cluster's own clients).
    mutating func startOperation<E: StorageEventCarrier>(
        _ workload: Int32, key: Int, from zone: Int32, caller: StorageCaller?, in simulator: inout Simulator<E>
    ) {
        let now = simulator.now
        let index = Int(workload)
        operationsStarted += 1
        // In memory, the client itself sends to the replicas: there is no coordinator (-1).
        let coordinator = clientSharded ? -1 : chooseCoordinator(for: workloads[index].operation, from: zone)
        let handle = operations.allocate(
            StorageOperationState(
                workload: workload, key: key, clientZone: zone, coordinator: coordinator, arrival: now,
                duringFailure: activeFailures > 0, hosted: caller != nil))
        if let caller {
            while callers.count <= Int(handle.slot) { callers.append(caller) }
            callers[Int(handle.slot)] = caller
        }
        if now >= warmUpEnd {
            statistics.workloads[index].operations += 1
            if activeFailures > 0 { statistics.duringFailures.operations += 1 }
        }
        if clientSharded {
            forwardToReplicas(handle, in: &simulator)
            return
        }
        guard coordinator >= 0 else {
            answerClient(handle, failure: .unavailable, in: &simulator)
            return
        }
        simulator.schedule(
            .atCoordinator(handle), of: hostIndex, after: networkDelay(zone, nodes[Int(coordinator)].zone))
    }

    /// Ring: a random live node in the client's zone, else in any zone. Master/slave: the master
    /// for writes (none while failing over), the slave for a share of reads.
    mutating func chooseCoordinator(for operation: StorageOperation, from zone: Int32) -> Int32 {
        if let replicaSet, operation == .write || replicaSet.readPreference == .primary {
            return replicaSet.primary
        }
        if let primary {
            switch operation {
            case .write:
                return primary.failingOver || !nodes[Int(primary.master)].up ? -1 : primary.master
            case .read:
                let preferred = routingStream.bernoulli(readsFromReplica) ? primary.replica : primary.master
                let other = preferred == primary.master ? primary.replica : primary.master
                if nodes[Int(preferred)].up { return preferred }
                return nodes[Int(other)].up ? other : -1
            }
        }
        if let local = randomLiveNode(in: nodesInZone[Int(zone)]) { return local }
        if !zoneRegion.isEmpty, let near = coordinatorInRegion(of: zone) { return near }
        for other in 0..<Int(zoneCount) where other != Int(zone) {
            if let node = randomLiveNode(in: nodesInZone[other]) { return node }
        }
        return -1
    }

    /// A node drawn uniformly from `candidates`, stepping past dead ones; nil if all are down.
    mutating func randomLiveNode(in candidates: [Int32]) -> Int32? {
        guard !candidates.isEmpty else { return nil }
        let start = routingStream.integer(below: candidates.count)
        for step in 0..<candidates.count {
            let node = candidates[(start + step) % candidates.count]
            if nodes[Int(node)].up { return node }
        }
        return nil
    }

    /// An operation reaches its coordinator, unless it has been answered on the way (its
    /// coordinator died; the slot may even hold another operation by now).
    mutating func arriveAtCoordinator<E: StorageEventCarrier>(_ handle: SlotHandle, in simulator: inout Simulator<E>) {
        guard isPending(handle) else { return }
        let node = operations[handle.slot].coordinator
        guard nodes[Int(node)].up else {
            answerClient(handle, failure: .error, in: &simulator)
            return
        }
        let write = workloads[Int(operations[handle.slot].workload)].operation == .write
        if !submitCPU(node: node, item: WorkItem(handle: handle, replica: false, write: write), in: &simulator) {
            answerClient(handle, failure: .rejected, in: &simulator)
        }
    }

    mutating func arriveAtReplica<E: StorageEventCarrier>(_ handle: SlotHandle, in simulator: inout Simulator<E>) {
        guard replicaOperations.isValid(handle) else { return }
        let node = replicaOperations[handle.slot].node
        let item = WorkItem(handle: handle, replica: true, write: replicaOperations[handle.slot].write)
        guard nodes[Int(node)].up, submitCPU(node: node, item: item, in: &simulator)
        else {
            replicaFails(handle, in: &simulator)
            return
        }
    }

    /// The CPU part of an item is done: coordinators fan out (ring) or go to the array; replicas
    /// go to their disk.
    mutating func afterCPU<E: StorageEventCarrier>(_ item: WorkItem, at node: Int32, in simulator: inout Simulator<E>) {
        guard isLive(item) else { return }
        guard nodes[Int(node)].up else {
            fail(item, in: &simulator)
            return
        }
        if inMemory, item.replica || replicaSet != nil {
            // No disk: the item's disk part is done as soon as its CPU part.
            afterDisk(item, at: node, in: &simulator)
        } else if item.replica || replicaSet != nil {
            // A replica, or a replica set's member, works on its own disks.
            submitDisk(node: node, write: item.write, item: item, in: &simulator)
        } else if primary != nil {
            submitDisk(node: -1, write: item.write, item: item, in: &simulator)
        } else {
            forwardToReplicas(item.handle, in: &simulator)
        }
    }

    /// The disk part is done: a replica answers its coordinator; a database node its client.
    mutating func afterDisk<E: StorageEventCarrier>(_ item: WorkItem, at node: Int32, in simulator: inout Simulator<E>)
    {
        guard isLive(item) else { return }
        if item.replica {
            replicaDone(item, at: node, in: &simulator)
        } else if replicaSet != nil {
            memberDone(item, in: &simulator)
        } else {
            let coordinator = operations[item.handle.slot].coordinator
            guard nodes[Int(coordinator)].up else {
                answerClient(item.handle, failure: .error, in: &simulator)
                return
            }
            answerClient(item.handle, failure: nil, in: &simulator)
        }
    }

    /// A replica has done its copy (after its disk, or in memory its CPU): it answers its
    /// coordinator, or in memory the client.
    mutating func replicaDone<E: StorageEventCarrier>(_ item: WorkItem, at node: Int32, in simulator: inout Simulator<E>) {
        guard nodes[Int(node)].up else {
            replicaFails(item.handle, in: &simulator)
            return
        }
        if item.write, !regionRings.isEmpty { replicaApplied(item, at: node, now: simulator.now) }
        let operation = operations[replicaOperations[item.handle.slot].operation.slot]
        simulator.schedule(
            .replicaAnswer(item.handle), of: hostIndex,
            after: networkDelay(nodes[Int(node)].zone, senderZone(of: operation)))
    }

    /// Where an operation's copies are sent from and answered to: its coordinator's zone, or
    /// without one (in memory, the client shards) the client's.
    func senderZone(of operation: StorageOperationState) -> Int32 {
        operation.coordinator < 0 ? operation.clientZone : nodes[Int(operation.coordinator)].zone
    }

    /// Sends copies to the replicas: every live one for a write (hints for dead ones), the
    /// nearest `required` live ones for a read; unavailable if too few are up.
    mutating func forwardToReplicas<E: StorageEventCarrier>(_ handle: SlotHandle, in simulator: inout Simulator<E>) {
        if !regionRings.isEmpty {
            forwardAcrossRegions(handle, in: &simulator)
            return
        }
        let operation = operations[handle.slot]
        let workload = Int(operation.workload)
        let required = workloads[workload].required
        let write = workloads[workload].operation == .write
        let replicas = replicas(ofKey: operation.key)
        let coordinatorZone = senderZone(of: operation)
        // Reads go to the nearest live replicas: the coordinator's own zone first.
        var live = ReplicaNodes()
        if !write {
            for replica in replicas where nodes[Int(replica)].up && nodes[Int(replica)].zone == coordinatorZone {
                live.append(replica)
            }
        }
        for replica in replicas where nodes[Int(replica)].up {
            if write || nodes[Int(replica)].zone != coordinatorZone { live.append(replica) }
        }
        guard live.count >= required else {
            answerClient(handle, failure: .unavailable, in: &simulator)
            return
        }
        if write { storeHints(for: replicas) }
        sendCopies(handle, to: live.prefix(write ? live.count : required), write: write, in: &simulator)
    }

    /// A write's hints for its replicas that are down, when the cluster keeps hints.
    mutating func storeHints(for replicas: ReplicaNodes) {
        guard hintedHandoff else { return }
        for replica in replicas where !nodes[Int(replica)].up {
            nodes[Int(replica)].hints += 1
            statistics.hintsStored += 1
        }
    }

    /// The coordinator sends a copy of the operation to each of `targets`.
    mutating func sendCopies<E: StorageEventCarrier>(
        _ handle: SlotHandle, to targets: Slice<ReplicaNodes>, write: Bool, in simulator: inout Simulator<E>
    ) {
        let coordinator = operations[handle.slot].coordinator
        let coordinatorZone = senderZone(of: operations[handle.slot])
        for replica in targets {
            let copy = replicaOperations.allocate(ReplicaOperationState(operation: handle, node: replica, write: write))
            operations[handle.slot].outstanding += 1
            operations[handle.slot].sent += 1
            if write { statistics.replicaWrites += 1 }
            let delay = replica == coordinator ? 0 : networkDelay(coordinatorZone, nodes[Int(replica)].zone)
            simulator.schedule(.atReplica(copy), of: hostIndex, after: delay)
        }
    }

    /// A replica's copy could not be done (its node died or turned it away).
    mutating func replicaFails<E: StorageEventCarrier>(_ handle: SlotHandle, in simulator: inout Simulator<E>) {
        replicaOperations[handle.slot].failed = true
        if replicaOperations[handle.slot].write { statistics.droppedReplicaWrites += 1 }
        simulator.schedule(.replicaAnswer(handle), of: hostIndex, after: 0)
    }

    mutating func replicaAnswers<E: StorageEventCarrier>(_ handle: SlotHandle, in simulator: inout Simulator<E>) {
        guard replicaOperations.isValid(handle) else { return }
        let copy = replicaOperations[handle.slot]
        replicaOperations.release(handle.slot)
        let slot = copy.operation.slot
        operations[slot].outstanding -= 1
        if copy.failed { operations[slot].failedReplicas += 1 } else { operations[slot].acknowledged += 1 }
        if !regionRings.isEmpty {
            regionalReplicaAnswered(copy, in: &simulator)
            return
        }
        let operation = operations[slot]
        if operation.answered {
            releaseIfDone(slot)
            return
        }
        let required = Int32(workloads[Int(operation.workload)].required)
        if operation.acknowledged >= required {
            answerClient(copy.operation, failure: nil, in: &simulator)
        } else if operation.failedReplicas > operation.sent - required {
            answerClient(copy.operation, failure: .error, in: &simulator)
        }
    }

    /// Whether an operation still waits for its answer (it may have failed with its node while
    /// work for it was under way).
    func isPending(_ handle: SlotHandle) -> Bool {
        operations.isValid(handle) && !operations[handle.slot].answered
    }

    /// Whether a node's work item still matters: a replica's copy not yet answered, or a
    /// coordinator's operation still pending. Every event about a pooled record checks its
    /// handle's generation, so a freed and reused slot never receives an event meant for its
    /// previous occupant.
    func isLive(_ item: WorkItem) -> Bool {
        item.replica ? replicaOperations.isValid(item.handle) : isPending(item.handle)
    }

    /// The coordinator (or, without one, the client library itself) answers the client, once.
    mutating func answerClient<E: StorageEventCarrier>(
        _ handle: SlotHandle, failure: StorageFailure?, in simulator: inout Simulator<E>
    ) {
        guard isPending(handle) else { return }
        operations[handle.slot].answered = true
        operations[handle.slot].failure = failure
        if !regionRings.isEmpty, Int(handle.slot) < regional.count { regional[Int(handle.slot)].answeredAt = simulator.now }
        let operation = operations[handle.slot]
        let delay =
            operation.coordinator < 0 ? 0 : networkDelay(nodes[Int(operation.coordinator)].zone, operation.clientZone)
        simulator.schedule(.clientAnswer(handle), of: hostIndex, after: delay)
    }

    /// The client has its answer; a host's call learns how its operation ended.
    mutating func clientAnswered(_ handle: SlotHandle, at now: SimTime) -> StorageCompletion? {
        guard operations.isValid(handle), !operations[handle.slot].delivered else { return nil }
        let operation = operations[handle.slot]
        if operation.arrival >= warmUpEnd {
            statistics.record(
                workload: Int(operation.workload), failure: operation.failure, latency: now - operation.arrival,
                target: spec.latencyTarget, duringFailure: operation.duringFailure)
        }
        operations[handle.slot].delivered = true
        operationsDelivered += 1
        releaseIfDone(handle.slot)
        guard operation.hosted else { return nil }
        return StorageCompletion(caller: callers[Int(handle.slot)], failure: operation.failure)
    }

    /// Frees an operation once the client has its answer and no replica copy is out.
    mutating func releaseIfDone(_ slot: Int32) {
        if operations[slot].delivered, operations[slot].outstanding == 0 { operations.release(slot) }
    }

    /// An item whose node died under it.
    mutating func fail<E: StorageEventCarrier>(_ item: WorkItem, in simulator: inout Simulator<E>) {
        if item.replica {
            replicaFails(item.handle, in: &simulator)
        } else {
            answerClient(item.handle, failure: .error, in: &simulator)
        }
    }

    /// One-way delay of a message between zones.
    mutating func networkDelay(_ from: Int32, _ to: Int32) -> SimTime {
        if from == to { return intraZone.sampleTime(networkStream) }
        if !zoneRegion.isEmpty, zoneRegion[Int(from)] != zoneRegion[Int(to)] { return crossRegion.sampleTime(networkStream) }
        return crossZone.sampleTime(networkStream)
    }
}
