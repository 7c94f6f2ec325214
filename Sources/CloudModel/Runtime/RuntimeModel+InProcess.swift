import SimKernel

/// Calls between services of one deployable: a method call inside the calling instance rather
/// than a request over the network.
extension RuntimeModel {
    /// Runs the current attempt of an in-process call on the calling instance, on the server its
    /// caller already holds: no routing, no network delay, no queue, no server of its own. Its
    /// work and children run as for a remote call, and its answer reaches the caller at once.
    /// Its only client policy is a fallback (see `flatten`): tried once, it never times out, and
    /// a failure the caller catches may be answered by the fallback (a degraded answer).
    mutating func runInProcess(_ slot: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let call = calls[slot]
        let service = Int(nodes[Int(call.node)].service)
        let execution = executions.allocate(
            ExecutionState(
                call: SlotHandle(slot: slot, generation: callGeneration(slot)), attempt: call.attempt, node: call.node,
                instance: call.callerInstance, callerZone: call.callerZone, span: call.span, phase: .working,
                arrival: now))
        calls[slot].execution = execution
        calls[slot].waiting = true
        traceExecutionArrives(execution.slot, at: now)
        statistics.services[service].arrivals += 1
        statistics.bucket.services[service].arrivals += 1
        scheduleWork(execution, in: &simulator)
    }
}
