import SimKernel

/// Spans of sampled requests. Every hook returns at once when the call or execution is not
/// traced, so an untraced run pays one comparison per hook.
extension RuntimeModel {
    /// Opens the root span when the request arriving now is sampled; -1 otherwise.
    @inline(__always)
    mutating func traceRequest(endpoint: Int32, at now: SimTime) -> Int32 {
        guard tracer != nil else { return -1 }
        return tracer!.sampleRequest(at: now, endpoint: endpoints[Int(endpoint)].name)
    }

    /// A client span for the attempt just launched, under the call's parent; the user's root
    /// call has none of its own (the request's span plays that part).
    @inline(__always)
    mutating func traceAttempt(_ slot: Int32, at now: SimTime) {
        guard tracer != nil, calls[slot].span >= 0, calls[slot].callerInstance >= 0 else { return }
        openAttemptSpan(slot, at: now)
    }

    @inline(never)
    private mutating func openAttemptSpan(_ slot: Int32, at now: SimTime) {
        let call = calls[slot]
        // From the second attempt on, `span` is the previous attempt's; they share a parent.
        let parent = call.attempt > 1 ? Int32(tracer!.spans[Int(call.span)].parent!) : call.span
        let callee = targetName(nodes[Int(call.node)].service)
        // The calling service: the parent execution's (a monolith's instance serves several).
        let caller = services[Int(nodes[Int(executions[call.parent.slot].node)].service)].name
        let span = tracer!.open(
            under: parent, name: "call \(callee)", kind: .client, service: caller, remote: callee, at: now)
        tracer!.tag(span, "cnsim.attempt", String(call.attempt))
        if call.attempt > 1 { tracer!.tag(span, "cnsim.retry", "true") }
        calls[slot].span = span
    }

    /// A call target's name: a service, or a storage cluster (indexed after the services).
    func targetName(_ target: Int32) -> String {
        Int(target) < services.count ? services[Int(target)].name : spec.storage[Int(target) - services.count].name
    }

    /// Ends the attempt's client span (a root call's span is the request's, ended with it).
    @inline(__always)
    mutating func traceAttemptEnds(_ slot: Int32, outcome: Outcome, at now: SimTime) {
        guard tracer != nil, calls[slot].span >= 0, calls[slot].callerInstance >= 0 else { return }
        tracer!.close(calls[slot].span, at: now, outcome: outcome)
    }

    /// The callee starts handling a traced attempt: a server span under the client's.
    @inline(__always)
    mutating func traceExecutionArrives(_ slot: Int32, at now: SimTime) {
        guard tracer != nil, executions[slot].span >= 0 else { return }
        openServerSpan(slot, at: now)
    }

    @inline(never)
    private mutating func openServerSpan(_ slot: Int32, at now: SimTime) {
        let parent = executions[slot].span
        let instance = instances[Int(executions[slot].instance)]
        let service = services[Int(nodes[Int(executions[slot].node)].service)].name
        let deployable = deployables[Int(instance.deployable)].name
        let span = tracer!.open(under: parent, name: service, kind: .server, service: service, at: now)
        tracer!.tag(span, "cnsim.instance", "\(spec.region).\(spec.zones[Int(instance.zone)]).\(deployable).\(instance.number)")
        // The instance's servers (threads): what an import of the traces cannot otherwise know.
        tracer!.tag(span, "cnsim.servers", String(deployables[Int(instance.deployable)].servers))
        executions[slot].span = span
    }

    @inline(__always)
    mutating func traceRespond(_ slot: Int32, outcome: Outcome, at now: SimTime) {
        guard tracer != nil else { return }
        let span = executions[slot].span
        guard span >= 0 else { return }
        tracer!.close(span, at: now, outcome: outcome)
    }

    mutating func traceTag(_ span: Int32, _ key: String, _ value: String) {
        guard span >= 0 else { return }
        tracer!.tag(span, key, value)
    }

    mutating func traceRequestEnds(_ span: Int32, outcome: Outcome, at now: SimTime) {
        guard span >= 0 else { return }
        tracer!.close(span, at: now, outcome: outcome)
    }
}
