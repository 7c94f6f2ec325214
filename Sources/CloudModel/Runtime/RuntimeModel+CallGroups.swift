import SimKernel

/// Groups: nodes of the flat call tree that stand for several of a call's children rather than
/// for a call. A call with `stages` has one group per stage as its children, run in sequence,
/// each group running its stage's calls under the stage's fan-out. A repeated call (`repeat`)
/// is a group that lists the call as many times as it may be made, under the fan-out of the
/// calls it is among; a drawn count skips the first of them, as if already answered.
///
/// A group is no call: it runs on its parent's instance, on the server the parent holds, with
/// no work, network, client policy, statistics or span of its own. It answers its parent as a
/// child call does, through the usual answer with no delay, so that the executor runs stages
/// with the rules it has for children, and a call without groups pays nothing for them.
extension RuntimeModel {
    /// Starts group `node` for execution `parent` and returns true; or, for a publishing node,
    /// publishes and returns false: the parent goes on as if the call had answered.
    mutating func startGroupOrPublish(_ node: Int32, parent: SlotHandle, in simulator: inout Simulator<Event>) -> Bool {
        guard nodes[Int(node)].kind == .group else {
            publish(to: Int(nodes[Int(node)].service), at: simulator.now, in: &simulator)
            return false
        }
        startGroup(node, parent: parent, in: &simulator)
        return true
    }

    /// Starts group `node` for execution `parent`, whose children it is among.
    mutating func startGroup(_ node: Int32, parent: SlotHandle, in simulator: inout Simulator<Event>) {
        let caller = executions[parent.slot]
        let zone = instances[Int(caller.instance)].zone
        let request = calls.isValid(caller.call) ? calls[caller.call.slot].request : SlotHandle(slot: -1, generation: 0)
        let call = calls.allocate(
            CallState(
                node: node, parent: parent, request: request, callerInstance: caller.instance, callerZone: zone,
                client: -1, attempt: 1, waiting: true))
        // Its calls' spans hang under the parent's: it has none of its own.
        let execution = executions.allocate(
            ExecutionState(
                call: call, attempt: 1, node: node, instance: caller.instance, callerZone: zone, span: caller.span,
                phase: .waitingForChildren, arrival: simulator.now))
        calls[call.slot].execution = execution
        if !drawnRepetitions.isEmpty, let repetition = drawnRepetitions[node] {
            let skipped = nodes[Int(node)].childCount - Int32(repetition.count.draw(repetition.stream))
            executions[execution.slot].nextChild = skipped
            executions[execution.slot].childrenSucceeded = skipped
            if skipped == nodes[Int(node)].childCount {
                return groupResponds(execution, outcome: .success, in: &simulator)
            }
        }
        startChildren(execution, in: &simulator)
    }

    /// A group has its outcome: its parent hears it now, as an answer from a call.
    mutating func groupResponds(_ handle: SlotHandle, outcome: Outcome, in simulator: inout Simulator<Event>) {
        executions[handle.slot].phase = .responding
        executions[handle.slot].outcome = outcome
        simulator.schedule(.responseArrives(handle), after: 0)
    }
}

/// The count of a repeated call, drawn each time its caller makes it, and the stream it is
/// drawn from (its group's).
struct CallRepetition {
    var count: CallCount
    var stream: RandomStream
}
