/// Consistency checks of the runtime's dynamic state, for tests: a stress test runs shipped
/// scenarios under random chaos and checks these between stretches of simulated time.
extension RuntimeModel {
    /// Every broken invariant, described; empty when the state is consistent.
    /// - Complexity: O(instances + live requests + live calls + live executions).
    func invariantViolations() -> [String] {
        var problems: [String] = []
        // Requests are conserved: each one that arrived has ended once, or is still open.
        if requestsBegun != requestsEnded + requests.liveCount {
            problems.append(
                "requests not conserved: \(requestsBegun) arrived, \(requestsEnded) ended, "
                    + "\(requests.liveCount) open")
        }
        // An open request still has its root call: nothing can end it otherwise.
        var rootCalls = Set<Int32>()
        var busy = [Int32](repeating: 0, count: instances.count)
        for slot in calls.liveSlots where calls[slot].parent.slot < 0 {
            rootCalls.insert(calls[slot].request.slot)
        }
        for slot in requests.liveSlots where !rootCalls.contains(slot) {
            problems.append("request \(slot) is open without a root call")
        }
        for slot in calls.liveSlots {
            let call = calls[slot]
            if call.request.slot >= 0, call.parent.slot < 0, !requests.isValid(call.request) {
                problems.append("root call \(slot) serves a request that has ended")
            }
            // A call waiting on a service holds the execution that will answer it.
            if call.waiting, nodes[Int(call.node)].storageCluster < 0, !executions.isValid(call.execution) {
                problems.append("call \(slot) waits on an execution that is gone")
            }
        }
        for slot in executions.liveSlots {
            let execution = executions[slot]
            guard execution.instance >= 0, Int(execution.instance) < instances.count else {
                problems.append("execution \(slot) on instance \(execution.instance), which does not exist")
                continue
            }
            if execution.holdsServer { busy[Int(execution.instance)] += 1 }
        }
        // Busy servers are exactly the executions holding one.
        if loads.count != instances.count {
            problems.append("\(instances.count) instances but \(loads.count) load records")
        }
        for (index, (instance, load)) in zip(instances, loads).enumerated() {
            if load.busy != busy[index] {
                problems.append(
                    "instance \(index) counts \(load.busy) busy servers, \(busy[index]) executions hold one")
            }
            if load.busy < 0 || load.busy > deployables[Int(instance.deployable)].servers {
                problems.append("instance \(index) has \(load.busy) busy servers")
            }
            if load.zone != instance.zone {
                problems.append("instance \(index) is in zone \(instance.zone), its load record says \(load.zone)")
            }
        }
        // A queue's messages in hand are exactly its live consume calls.
        var handling = [Int32](repeating: 0, count: queues.count)
        for slot in calls.liveSlots where calls[slot].parent.slot == Self.queueCaller {
            handling[Int(calls[slot].parent.generation)] += 1
        }
        for (index, queue) in queues.enumerated() where queue.handling != handling[index] {
            problems.append(
                "queue \(queue.name) counts \(queue.handling) messages in hand, \(handling[index]) calls handle one")
        }
        problems += serverGroupViolations()
        problems += coreViolations()
        for (index, cluster) in storageClusters.enumerated() {
            problems += cluster.invariantViolations().map { "storage cluster \(index): \($0)" }
        }
        return problems
    }

    /// Server groups hold their own instances: alive counts match, a pool holds only its group's
    /// instances that are in service or failed-undetected, and the balancer only routes to the
    /// deployable's own live or canary group.
    private func serverGroupViolations() -> [String] {
        var problems: [String] = []
        var alive = [Int](repeating: 0, count: serverGroups.count)
        for instance in instances where instance.lifecycle != .terminated { alive[Int(instance.group)] += 1 }
        for (index, group) in serverGroups.enumerated() {
            if group.alive != alive[index] {
                problems.append("server group \(index) counts \(group.alive) alive, \(alive[index]) instances are")
            }
            for instance in group.pool {
                let state = instances[Int(instance)]
                if state.group != Int32(index) || (state.lifecycle != .inService && state.lifecycle != .failed) {
                    problems.append("server group \(index) pools instance \(instance), which is not its in service")
                }
            }
        }
        for (index, deployable) in deployables.enumerated() {
            for group in [deployable.liveGroup, deployable.canaryGroup] where group >= 0 {
                if serverGroups[Int(group)].deployable != Int32(index) {
                    problems.append("deployable \(index) routes to server group \(group) of another deployable")
                }
            }
        }
        return problems
    }
}
