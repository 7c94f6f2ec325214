import SimKernel

/// Spans of sampled requests. Every hook returns at once when the call or execution is not
/// traced, so an untraced run pays one comparison per hook.
extension RuntimeModel {
    /// Opens the root span when the request arriving now is sampled; -1 otherwise.
    mutating func traceRequest(endpoint: Int32, at now: SimTime) -> Int32 {
        guard tracer != nil else { return -1 }
        return tracer!.sampleRequest(at: now, endpoint: endpoints[Int(endpoint)].name)
    }

    /// A client span for the attempt just launched; the user's root call has none of its own
    /// (the request's span plays that part).
    mutating func traceAttempt(_ slot: Int32, at now: SimTime) {
        let call = calls[slot]
        guard call.span >= 0 else { return }
        guard call.callerInstance >= 0 else {
            calls[slot].attemptSpan = call.span
            return
        }
        let callee = targetName(nodes[Int(call.node)].service)
        let caller = services[Int(instances[Int(call.callerInstance)].service)].name
        let span = tracer!.open(
            under: call.span, name: "call \(callee)", kind: .client, service: caller, remote: callee, at: now)
        tracer!.tag(span, "cnsim.attempt", String(call.attempt))
        if call.attempt > 1 { tracer!.tag(span, "cnsim.retry", "true") }
        calls[slot].attemptSpan = span
    }

    /// A call target's name: a service, or a storage cluster (indexed after the services).
    func targetName(_ target: Int32) -> String {
        Int(target) < services.count ? services[Int(target)].name : spec.storage[Int(target) - services.count].name
    }

    /// Ends the attempt's client span (not the request's own span).
    mutating func traceAttemptEnds(_ slot: Int32, outcome: Outcome, at now: SimTime) {
        let call = calls[slot]
        guard call.attemptSpan >= 0, call.attemptSpan != call.span else { return }
        tracer!.close(call.attemptSpan, at: now, outcome: outcome)
    }

    /// The callee starts handling a traced attempt: a server span under the client's.
    mutating func traceExecutionArrives(_ slot: Int32, at now: SimTime) {
        let parent = executions[slot].parentSpan
        guard parent >= 0 else { return }
        let instance = instances[Int(executions[slot].instance)]
        let service = services[Int(instance.service)].name
        let span = tracer!.open(under: parent, name: service, kind: .server, service: service, at: now)
        tracer!.tag(span, "cnsim.instance", "\(spec.region).\(spec.zones[Int(instance.zone)]).\(service).\(instance.number)")
        executions[slot].span = span
    }

    mutating func traceRespond(_ slot: Int32, outcome: Outcome, at now: SimTime) {
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
