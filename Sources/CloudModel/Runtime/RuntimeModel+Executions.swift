import SimKernel

/// The callee's side of a call: queue at an instance, work, child calls while holding the
/// server, then the answer back over the network.
extension RuntimeModel {
    mutating func requestArrives(endpoint: Int32, in simulator: inout Simulator<Event>) {
        if requestsFastForwarded {
            // The stretch's arrivals are drawn from rates; this one ends the chain until then.
            fastForward!.arrivalPending[Int(endpoint)] = false
            return
        }
        let now = simulator.now
        scheduleNextArrival(endpoint, in: &simulator)
        let span = traceRequest(endpoint: endpoint, at: now)
        let zone = entryZone(endpoint)
        let chaos = chaosWindowsOpen > 0
        let request = requests.allocate(RequestState(endpoint: endpoint, arrival: now, span: span, duringChaos: chaos))
        requestsBegun += 1
        statistics.requestArrived(endpoint: Int(endpoint), counted: now >= warmUpEnd, duringChaos: chaos)
        if regionCount > 1 { regionRequestArrives(request.slot, zone: zone, counted: now >= warmUpEnd) }
        beginCall(
            node: endpoints[Int(endpoint)].root, parent: SlotHandle(slot: -1, generation: 0), request: request,
            callerInstance: -1, callerZone: zone, span: span, in: &simulator)
    }

    /// The next arrival of a non-homogeneous Poisson stream, by thinning against the schedule's
    /// highest rate (Lewis and Shedler), so a ramp is followed exactly.
    mutating func scheduleNextArrival(_ endpoint: Int32, in simulator: inout Simulator<Event>) {
        let schedule = endpoints[Int(endpoint)].arrivals
        let stream = endpoints[Int(endpoint)].arrivalStream
        let peak = schedule.peakRate
        guard peak > 0 else { return }
        var time = simulator.now
        while true {
            time += SimTime(seconds: Distribution.exponential(mean: 1 / peak).sample(stream))
            let rate = schedule.rate(at: time)
            if rate >= peak || stream.uniform() * peak < rate { break }
        }
        simulator.schedule(.requestArrival(endpoint: endpoint), at: time)
    }

    /// Zone the user's request enters through: the endpoint's, or zones in turn (several
    /// regions: a region by `traffic`, then its zones in turn).
    mutating func entryZone(_ endpoint: Int32) -> Int32 {
        if let zone = endpoints[Int(endpoint)].entryZone { return zone }
        if regionCount > 1 { return regionalEntryZone(endpoint) }
        let zone = endpoints[Int(endpoint)].nextEntryZone
        endpoints[Int(endpoint)].nextEntryZone = (zone + 1) % zoneCount
        return zone
    }

    mutating func executionArrives(_ handle: SlotHandle, in simulator: inout Simulator<Event>) {
        guard executions.isValid(handle), executions[handle.slot].phase == .travelling else { return }
        let now = simulator.now
        let instance = executions[handle.slot].instance
        let service = Int(nodes[Int(executions[handle.slot].node)].service)
        let group = Int(instances[Int(instance)].deployable)
        executions[handle.slot].arrival = now
        traceExecutionArrives(handle.slot, at: now)
        statistics.services[service].arrivals += 1
        statistics.bucket.services[service].arrivals += 1
        deployables[group].arrivalsSoFar += 1
        instances[Int(instance)].served += 1
        switch instances[Int(instance)].lifecycle {
        case .inService, .draining:
            break
        case .booting, .failed, .terminated:
            // Connection refused: the instance is gone or broken.
            respond(handle, outcome: .failed(.error), in: &simulator)
            return
        }
        if loads[Int(instance)].busy < deployables[group].servers {
            startWork(handle, in: &simulator)
        } else if loads[Int(instance)].queue.count < deployables[group].queueCapacity {
            executions[handle.slot].phase = .queued
            loads[Int(instance)].queue.push(handle)
        } else {
            respond(handle, outcome: .failed(.rejected), in: &simulator)
        }
    }

    mutating func startWork(_ handle: SlotHandle, in simulator: inout Simulator<Event>) {
        let instance = executions[handle.slot].instance
        let node = Int(executions[handle.slot].node)
        let service = Int(nodes[node].service)
        loads[Int(instance)].busy += 1
        deployables[Int(instances[Int(instance)].deployable)].busyServers.add(1, at: simulator.now)
        statistics.services[service].busyServers.add(1, at: simulator.now)
        executions[handle.slot].holdsServer = true
        executions[handle.slot].phase = .working
        scheduleWork(handle, in: &simulator)
    }

    /// The callee's own work, with any extra that latency chaos adds to its service: a wait on its
    /// server, or with `cores` a share of its instance's cores (`admitToCores`).
    mutating func scheduleWork(_ handle: SlotHandle, in simulator: inout Simulator<Event>) {
        let node = Int(executions[handle.slot].node)
        let service = Int(nodes[node].service)
        var work = nodeWork[node].sampleTime(nodes[node].workStream)
        if let extra = services[service].chaosLatency {
            work += extra.sampleTime(services[service].chaosLatencyStream)
        }
        if flawsPossible { work += flawDelay(handle, service: service) }
        if nodes[node].onCores {
            admitToCores(handle, work: work, in: &simulator)
            return
        }
        simulator.schedule(.workDone(handle), after: work)
    }

    mutating func workDone(_ handle: SlotHandle, in simulator: inout Simulator<Event>) {
        guard executions.isValid(handle), executions[handle.slot].phase == .working else { return }
        let node = Int(executions[handle.slot].node)
        let service = Int(nodes[node].service)
        // A call a bad change hit fails by that; the draw of its service's own errors is skipped.
        let failure = services[service].errorProbability + services[service].chaosErrorProbability
        if executions[handle.slot].flawFails || (failure > 0 && services[service].errorStream.bernoulli(failure)) {
            respond(handle, outcome: .failed(.error), in: &simulator)
            return
        }
        guard nodes[node].childCount > 0 else {
            respond(handle, outcome: .success, in: &simulator)
            return
        }
        executions[handle.slot].phase = .waitingForChildren
        startChildren(handle, in: &simulator)
    }

    /// Makes the first child call of an execution waiting for its children, or all of them at
    /// once when they run in parallel.
    @inline(__always)
    mutating func startChildren(_ handle: SlotHandle, in simulator: inout Simulator<Event>) {
        let node = Int(executions[handle.slot].node)
        guard nodes[node].parallel else {
            startNextChild(handle, in: &simulator)
            return
        }
        let childCount = nodes[node].childCount
        // A child skipped or failing at once may settle the parent before all have started.
        while executions[handle.slot].phase == .waitingForChildren, executions[handle.slot].nextChild < childCount {
            startNextChild(handle, in: &simulator)
        }
    }

    /// Makes the execution's next child call. Children not made this time (their
    /// `probability`, a cache hit say) count as immediate successes; they are skipped in a loop,
    /// not by recursion, so a long list of them cannot exhaust the stack, and in one scan of
    /// `callDecisions` that reads nothing else.
    mutating func startNextChild(_ handle: SlotHandle, in simulator: inout Simulator<Event>) {
        let node = Int(executions[handle.slot].node)
        let first = Int(nodes[node].firstChild)
        let end = first + Int(nodes[node].childCount)
        while executions[handle.slot].phase == .waitingForChildren {
            let scan = callDecisions.nextMade(
                from: first + Int(executions[handle.slot].nextChild), to: end,
                skipsToAnswer: Int(nodes[node].waitFor - executions[handle.slot].childrenSucceeded))
            executions[handle.slot].nextChild = Int32(scan.next - first)
            executions[handle.slot].childrenSucceeded += Int32(scan.skipped)
            var made: Bool
            switch scan.stop {
            case .exhausted: return
            case .answer:
                // The skips gave it as many successes as it waits for.
                answer(handle, in: &simulator)
                return
            case .made: made = true
            case .shared:
                let child = Int(childNodes[scan.next - 1])
                made = nodes[child].callStream.bernoulli(nodes[child].probability)
            }
            let child = childNodes[scan.next - 1]
            if made {
                if nodes[Int(child)].kind != .call {
                    // A group answers later; a publish at once, as a call not made does.
                    if startGroupOrPublish(child, parent: handle, in: &simulator) { return }
                    if childSucceeded(handle, in: &simulator) { return }
                    continue
                }
                let instance = executions[handle.slot].instance
                let call = executions[handle.slot].call
                let request = calls.isValid(call) ? calls[call.slot].request : SlotHandle(slot: -1, generation: 0)
                beginCall(
                    node: child, parent: handle, request: request, callerInstance: instance,
                    callerZone: instances[Int(instance)].zone, span: executions[handle.slot].span, in: &simulator)
                return
            }
            if childSucceeded(handle, in: &simulator) { return }
        }
    }

    /// A child call of `parent` ended; late answers to a parent that has moved on are dropped.
    mutating func childFinished(_ parent: SlotHandle, outcome: Outcome, in simulator: inout Simulator<Event>) {
        guard executions.isValid(parent), executions[parent.slot].phase == .waitingForChildren else { return }
        let node = Int(executions[parent.slot].node)
        if outcome == .degraded { executions[parent.slot].degraded = true }
        if case .failed(let reason) = outcome {
            executions[parent.slot].childrenFailed += 1
            // Give up once the children still possible cannot reach the number needed.
            if executions[parent.slot].childrenFailed > nodes[node].childCount - nodes[node].waitFor {
                respond(parent, outcome: .failed(reason), in: &simulator)
            }
            return
        }
        if !childSucceeded(parent, in: &simulator), !nodes[node].parallel {
            startNextChild(parent, in: &simulator)
        }
    }

    /// Counts one more successful child; answers and returns true once enough have succeeded.
    mutating func childSucceeded(_ parent: SlotHandle, in simulator: inout Simulator<Event>) -> Bool {
        executions[parent.slot].childrenSucceeded += 1
        guard executions[parent.slot].childrenSucceeded >= nodes[Int(executions[parent.slot].node)].waitFor else {
            return false
        }
        answer(parent, in: &simulator)
        return true
    }

    /// Answers an execution whose children succeeded as often as it waits for.
    mutating func answer(_ parent: SlotHandle, in simulator: inout Simulator<Event>) {
        respond(parent, outcome: executions[parent.slot].degraded ? .degraded : .success, in: &simulator)
    }

    /// The callee is done with the call: free its server and send the answer back.
    mutating func respond(_ handle: SlotHandle, outcome: Outcome, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let execution = executions[handle.slot]
        if nodes[Int(execution.node)].kind == .group { return groupResponds(handle, outcome: outcome, in: &simulator) }
        let instance = execution.instance
        let service = Int(nodes[Int(execution.node)].service)
        executions[handle.slot].phase = .responding
        executions[handle.slot].outcome = outcome
        traceRespond(handle.slot, outcome: outcome, at: now)
        statistics.services[service].recordOutcome(outcome, latency: now - execution.arrival)
        statistics.bucket.services[service].record(outcome)
        if monitor != nil { recordForMonitor(service: service, instance: instance, outcome: outcome, latency: now - execution.arrival) }
        if execution.holdsServer {
            executions[handle.slot].holdsServer = false
            releaseServer(instance, heldFor: service, in: &simulator)
        }
        var delay: SimTime = 0
        if !nodes[Int(execution.node)].inProcess,
            !calls.isValid(execution.call) || calls[execution.call.slot].callerInstance >= 0
        {
            delay = networkDelay(instances[Int(instance)].zone, execution.callerZone)
        } else if regionCount > 1, !nodes[Int(execution.node)].inProcess {
            delay = userDelay(execution.callerZone, instances[Int(instance)].zone)
        }
        simulator.schedule(.responseArrives(handle), after: delay)
    }

    /// A server of `instance`, held for a call to `service`, frees up: the next queued call
    /// starts, or the server idles.
    mutating func releaseServer(_ instance: Int32, heldFor service: Int, in simulator: inout Simulator<Event>) {
        loads[Int(instance)].busy -= 1
        deployables[Int(instances[Int(instance)].deployable)].busyServers.add(-1, at: simulator.now)
        statistics.services[service].busyServers.add(-1, at: simulator.now)
        while let next = loads[Int(instance)].queue.pop() {
            if executions.isValid(next), executions[next.slot].phase == .queued {
                startWork(next, in: &simulator)
                return
            }
        }
        if instances[Int(instance)].lifecycle == .draining, loads[Int(instance)].busy == 0 {
            terminate(instance, at: simulator.now)
        }
    }

    mutating func finishRequest(_ slot: Int32, outcome: Outcome, at now: SimTime) {
        let request = requests[slot]
        requests.release(slot)
        requestsEnded += 1
        traceRequestEnds(request.span, outcome: outcome, at: now)
        guard request.arrival >= warmUpEnd else { return }
        if delivery != nil { delivery!.requestEnded(outcome, at: now) }
        statistics.requestFinished(
            endpoint: Int(request.endpoint), outcome: outcome, latency: now - request.arrival,
            duringChaos: request.duringChaos)
        if regionCount > 1 {
            statistics.perRegion[Int(request.region)].record(outcome, latency: now - request.arrival)
        }
        statistics.bucket.recordRequest(endpoint: Int(request.endpoint), outcome, latency: now - request.arrival)
    }

    /// One-way delay of a message between two zones.
    ///
    /// `mutating` although it changes nothing: called on a non-mutating path, the optimiser
    /// copied the whole model per call to read three fields.
    mutating func networkDelay(_ from: Int32, _ to: Int32) -> SimTime {
        if from == to { return intraZone.sampleTime(networkStream) }
        if regionCount > 1 { return crossZoneDelay(from, to) }
        return crossZone.sampleTime(networkStream)
    }
}

extension RateSchedule {
    /// The highest rate anywhere on the schedule [1/s].
    var peakRate: Double { points.map(\.rate).max() ?? 0 }

    /// The rate at `time`: linear between points, flat before the first and after the last.
    func rate(at time: SimTime) -> Double {
        guard let first = points.first, time > first.time else { return points.first?.rate ?? 0 }
        for (earlier, later) in zip(points, points.dropFirst()) where time < later.time {
            let fraction = Double(time - earlier.time) / Double(later.time - earlier.time)
            return earlier.rate + fraction * (later.rate - earlier.rate)
        }
        return points[points.count - 1].rate
    }
}
