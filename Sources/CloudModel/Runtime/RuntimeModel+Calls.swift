import SimKernel

/// The caller's side of a call: client policy (breaker, bulkhead, timeout, retries, fallback)
/// around attempts sent to instances picked by the load balancer.
extension RuntimeModel {
    /// Starts a call of `node` made by `parent` (or by the user when `parent.slot == -1`). Whether
    /// a child call is made at all (its `probability`) is decided by `startNextChild`.
    mutating func beginCall(
        node: Int32, parent: SlotHandle, request: SlotHandle, callerInstance: Int32, callerZone: Int32, span: Int32,
        in simulator: inout Simulator<Event>
    ) {
        let client = callerInstance >= 0 && nodes[Int(node)].hasClientState ? clientIndex(callerInstance, node) : -1
        let call = calls.allocate(
            CallState(
                node: node, parent: parent, request: request, callerInstance: callerInstance,
                callerZone: callerZone, client: client, span: span))
        if client >= 0 { clientStates[Int(client)].budget?.recordFirstAttempt(at: simulator.now) }
        launchAttempt(call.slot, in: &simulator)
    }

    /// Sends the next attempt of a call, unless the client refuses at once.
    mutating func launchAttempt(_ slot: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        calls[slot].attempt += 1
        traceAttempt(slot, at: now)
        let call = calls[slot]
        let node = Int(call.node)
        let service = Int(nodes[node].service)
        statistics.services[service].recordAttempt(retry: call.attempt > 1)
        if call.client >= 0 {
            if clientStates[Int(call.client)].breaker?.allowRequest(at: now) == false {
                statistics.services[service].shortCircuited += 1
                attemptFailed(slot, reason: .breakerOpen, shortCircuited: true, in: &simulator)
                return
            }
            if clientStates[Int(call.client)].bulkhead?.tryAcquire() == false {
                statistics.services[service].bulkheadRejected += 1
                attemptFailed(slot, reason: .rejected, in: &simulator)
                return
            }
            calls[slot].holdsBulkhead = clientStates[Int(call.client)].bulkhead != nil
        }
        if nodes[node].storageCluster >= 0 {
            sendToStorage(slot, in: &simulator)
        } else if nodes[node].inProcess {
            runInProcess(slot, in: &simulator)
        } else {
            guard
                let instance = regionCount > 1
                    ? routeInRegions(
                        deployable: nodes[node].deployable, from: call.callerZone, user: call.callerInstance < 0, at: now)
                    : route(deployable: nodes[node].deployable, from: call.callerZone)
            else {
                attemptFailed(slot, reason: .rejected, in: &simulator)
                return
            }
            let execution = executions.allocate(
                ExecutionState(
                    call: SlotHandle(slot: slot, generation: callGeneration(slot)), attempt: call.attempt,
                    node: call.node, instance: instance, callerZone: call.callerZone, span: calls[slot].span))
            calls[slot].execution = execution
            calls[slot].waiting = true
            var delay: SimTime = 0
            if call.callerInstance >= 0 {
                delay = networkDelay(call.callerZone, instances[Int(instance)].zone)
            } else if regionCount > 1 {
                delay = userDelay(call.callerZone, instances[Int(instance)].zone)
            }
            simulator.schedule(.executionArrives(execution), after: delay)
        }
        // Never cancelled: an answer, or a later attempt, makes a pending timeout stale, and
        // `timeoutsDue` drops it, which costs less than cancelling.
        if let timeout = nodes[node].timeout, call.callerInstance >= 0 {
            let deadline = now + timeout
            let queue = Int(nodes[node].timeoutQueue)
            if timeouts[queue].isEmpty { simulator.schedule(.timeoutsDue(queue: Int32(queue)), at: deadline) }
            timeouts[queue].push(
                PendingTimeout(
                    deadline: deadline, call: SlotHandle(slot: slot, generation: callGeneration(slot)),
                    attempt: call.attempt))
        }
    }

    /// The backoff before a retry is over: the next attempt goes out (a call in backoff waits
    /// for nothing else, so it is still there; the handle's generation says so).
    mutating func retry(_ call: SlotHandle, in simulator: inout Simulator<Event>) {
        guard calls.isValid(call) else { return }
        launchAttempt(call.slot, in: &simulator)
    }

    /// Fires every timeout of `queue` that is due, then waits for the next that still matters.
    ///
    /// Most calls end long before their timeout, so entries whose attempt is over are dropped
    /// here without ever becoming events.
    mutating func timeoutsDue(queue: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        while let next = timeouts[Int(queue)].first {
            guard isWaiting(next) else {
                _ = timeouts[Int(queue)].pop()
                continue
            }
            guard next.deadline <= now else {
                simulator.schedule(.timeoutsDue(queue: queue), at: next.deadline)
                return
            }
            _ = timeouts[Int(queue)].pop()
            timeoutFires(next.call, in: &simulator)
        }
    }

    /// Whether the caller still waits for the attempt a timeout guards.
    func isWaiting(_ timeout: PendingTimeout) -> Bool {
        calls.isValid(timeout.call) && calls[timeout.call.slot].attempt == timeout.attempt
            && calls[timeout.call.slot].waiting
    }

    /// The caller gives up on the attempt in flight.
    mutating func timeoutFires(_ call: SlotHandle, in simulator: inout Simulator<Event>) {
        calls[call.slot].waiting = false
        statistics.services[Int(nodes[Int(calls[call.slot].node)].service)].timeouts += 1
        attemptFailed(call.slot, reason: .timeout, in: &simulator)
    }

    /// An answer reaches the caller; answers to abandoned attempts are dropped.
    mutating func responseArrives(_ handle: SlotHandle, in simulator: inout Simulator<Event>) {
        guard executions.isValid(handle) else { return }
        let execution = executions[handle.slot]
        executions.release(handle.slot)
        attemptAnswered(execution.call, attempt: execution.attempt, outcome: execution.outcome, in: &simulator)
    }

    /// The answer to attempt `attempt` of `call` (from a service or a storage cluster) reaches
    /// the caller; answers to abandoned attempts are dropped. Inlined: it is most of
    /// `responseArrives`, on the path of every call.
    @inline(__always)
    mutating func attemptAnswered(
        _ call: SlotHandle, attempt: Int32, outcome: Outcome, in simulator: inout Simulator<Event>
    ) {
        let slot = call.slot
        guard calls.isValid(call), calls[slot].attempt == attempt, calls[slot].waiting else { return }
        calls[slot].waiting = false
        switch outcome {
        case .success, .degraded:
            traceAttemptEnds(slot, outcome: outcome, at: simulator.now)
            releaseClient(slot, succeeded: true, at: simulator.now)
            finishCall(slot, outcome: outcome, in: &simulator)
        case .failed(let reason):
            attemptFailed(slot, reason: reason, in: &simulator)
        }
    }

    /// An attempt failed: retry if the policy and budget allow, else fall back, else fail.
    /// `shortCircuited`: the caller's own breaker refused the attempt, which then neither counts
    /// for that breaker nor is retried. A callee's failure for a reason of its own (a breaker
    /// open further down included) is a failure like any other: it counts, and it settles a
    /// half-open breaker's trial call, which would otherwise wait for an outcome forever.
    mutating func attemptFailed(
        _ slot: Int32, reason: FailureReason, shortCircuited: Bool = false, in simulator: inout Simulator<Event>
    ) {
        let now = simulator.now
        traceAttemptEnds(slot, outcome: .failed(reason), at: now)
        releaseClient(slot, succeeded: false, countsForBreaker: !shortCircuited, at: now)
        let call = calls[slot]
        let node = Int(call.node)
        if call.callerInstance >= 0, let retry = nodeClients[node].policy.retry, call.attempt < retry.maxAttempts,
            !shortCircuited, retryAllowed(call.client, at: now)
        {
            let backoff = RetryBackoff.delay(
                beforeAttempt: Int(call.attempt) + 1, policy: retry, stream: nodeClients[node].stream)
            simulator.schedule(.retry(SlotHandle(slot: slot, generation: callGeneration(slot))), after: backoff)
            return
        }
        if call.callerInstance >= 0, let fallback = nodeClients[node].policy.fallback {
            statistics.services[Int(nodes[node].service)].fallbacks += 1
            traceTag(call.span, "cnsim.fallback", "true")
            calls[slot].failureReason = reason
            simulator.schedule(
                .fallbackDone(SlotHandle(slot: slot, generation: callGeneration(slot))),
                after: fallback.work.sampleTime(nodeClients[node].stream))
            return
        }
        finishCall(slot, outcome: .failed(reason), in: &simulator)
    }

    mutating func fallbackDone(_ call: SlotHandle, in simulator: inout Simulator<Event>) {
        guard calls.isValid(call) else { return }
        let node = Int(calls[call.slot].node)
        let succeeded = nodeClients[node].stream.bernoulli(nodeClients[node].policy.fallback?.successProbability ?? 0)
        let reason = calls[call.slot].failureReason
        finishCall(call.slot, outcome: succeeded ? .degraded : .failed(reason), in: &simulator)
    }

    /// The call is over for good: tell whoever made it.
    mutating func finishCall(_ slot: Int32, outcome: Outcome, in simulator: inout Simulator<Event>) {
        let call = calls[slot]
        calls.release(slot)
        var outcome = outcome
        if hasCaches, cacheAnswered(call, outcome: &outcome, in: &simulator) { return }
        if call.parent.slot < 0 {
            guard call.parent.slot != Self.queueCaller else {
                return messageHandled(slot, queue: Int(call.parent.generation), outcome: outcome, in: &simulator)
            }
            finishRequest(call.request.slot, outcome: outcome, at: simulator.now)
        } else {
            childFinished(call.parent, outcome: outcome, in: &simulator)
        }
    }

    /// Breaker outcome and bulkhead slot of the attempt that just ended.
    mutating func releaseClient(_ slot: Int32, succeeded: Bool, countsForBreaker: Bool = true, at now: SimTime) {
        let client = calls[slot].client
        guard client >= 0 else { return }
        if calls[slot].holdsBulkhead {
            clientStates[Int(client)].bulkhead?.release()
            calls[slot].holdsBulkhead = false
        }
        guard countsForBreaker else { return }
        if succeeded {
            clientStates[Int(client)].breaker?.recordSuccess(at: now)
        } else {
            clientStates[Int(client)].breaker?.recordFailure(at: now)
        }
    }

    mutating func retryAllowed(_ client: Int32, at now: SimTime) -> Bool {
        guard client >= 0, clientStates[Int(client)].budget != nil else { return true }
        guard clientStates[Int(client)].budget!.canRetry(at: now) else { return false }
        clientStates[Int(client)].budget!.recordRetry(at: now)
        return true
    }

    /// The client state of one caller instance for one call node, made on first use.
    mutating func clientIndex(_ instance: Int32, _ node: Int32) -> Int32 {
        let key = Int(instance) * nodes.count + Int(node)
        if let index = clients[key] { return index }
        let policy = nodeClients[Int(node)].policy
        let state = ClientState(
            breaker: policy.circuitBreaker.map { CircuitBreaker(policy: $0) },
            bulkhead: policy.bulkhead.map { Bulkhead(limit: $0) },
            budget: policy.retry?.budget.map { RetryBudget(budget: $0) })
        clientStates.append(state)
        clientServices.append(nodes[Int(node)].service)
        clients[key] = Int32(clientStates.count - 1)
        return Int32(clientStates.count - 1)
    }

    func callGeneration(_ slot: Int32) -> UInt32 { calls.generation(of: slot) }
}
