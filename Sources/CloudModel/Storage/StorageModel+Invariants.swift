/// Consistency checks of a storage cluster's dynamic state, for tests (see
/// `RuntimeModel.invariantViolations`).
extension StorageModel {
    /// Every broken invariant, described; empty when the state is consistent.
    /// - Complexity: O(nodes + live operations + live replica copies).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        var undelivered = 0
        var outstanding = 0
        for slot in operations.liveSlots {
            let operation = operations[slot]
            if !operation.delivered { undelivered += 1 }
            outstanding += Int(operation.outstanding)
            // A delivered operation is kept only while replica copies are out.
            if operation.delivered, operation.outstanding == 0 {
                problems.append("operation \(slot) was delivered with nothing out, yet is not freed")
            }
            if operation.coordinator < -1 || Int(operation.coordinator) >= nodes.count {
                problems.append("operation \(slot) has coordinator \(operation.coordinator)")
            }
        }
        // Operations are conserved: each one started has been delivered once, or is on its way.
        if operationsStarted != operationsDelivered + undelivered {
            problems.append(
                "operations not conserved: \(operationsStarted) started, \(operationsDelivered) delivered, "
                    + "\(undelivered) under way")
        }
        if outstanding != replicaOperations.liveCount {
            problems.append(
                "operations count \(outstanding) replica copies out, \(replicaOperations.liveCount) are alive")
        }
        for slot in replicaOperations.liveSlots where !operations.isValid(replicaOperations[slot].operation) {
            problems.append("replica copy \(slot) belongs to an operation that is gone")
        }
        for (index, node) in nodes.enumerated() where node.cpuBusy < 0 || node.cpuBusy > node.cpuServers {
            problems.append("node \(index) has \(node.cpuBusy) of \(node.cpuServers) CPU threads busy")
        }
        for (index, disk) in disks.enumerated()
        where disk.readBusy < 0 || disk.readBusy > disk.readChannels || disk.writeBusy < 0
            || disk.writeBusy > disk.writeChannels
        {
            problems.append("disk \(index) has \(disk.readBusy) read and \(disk.writeBusy) write channels busy")
        }
        if let set = replicaSet {
            if set.primary >= 0, !nodes[Int(set.primary)].up {
                problems.append("replica set primary \(set.primary) is down")
            }
            if set.primary < 0, !set.electionPending, liveMembers >= set.majority {
                problems.append("replica set has a majority up, no primary and no election under way")
            }
            if (set.primary < 0) != (statistics.withoutPrimary.value == 1) {
                problems.append("replica set primary \(set.primary) but time without one counts \(statistics.withoutPrimary.value)")
            }
        }
        return problems
    }
}
