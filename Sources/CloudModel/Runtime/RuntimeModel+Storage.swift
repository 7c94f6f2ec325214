import SimKernel

/// Calls to storage clusters: the cluster runs in this model's simulator (its events carried
/// by `Event.storage`), and each operation's answer comes back to the waiting call.
extension RuntimeModel {
    /// Sends the current attempt of a storage call: the calling instance is a client in its own
    /// zone, and the cluster picks a coordinator there when it has a live one.
    mutating func sendToStorage(_ slot: Int32, in simulator: inout Simulator<Event>) {
        let call = calls[slot]
        let node = Int(call.node)
        calls[slot].waiting = true
        statistics.bucket.services[Int(nodes[node].service)].arrivals += 1
        let caller = StorageCaller(
            call: SlotHandle(slot: slot, generation: callGeneration(slot)), attempt: call.attempt)
        let key = call.attempt == 1 ? firstKey(of: slot) : callKeys[Int(slot)]
        storageClusters[Int(nodes[node].storageCluster)].startOperation(
            nodes[node].storageWorkload, key: key, from: call.callerZone, caller: caller, in: &simulator)
    }

    /// The key of a storage call's first attempt, kept for its retries: the request's key
    /// (`key: request`) while the request is still open, else one of the call's own.
    mutating func firstKey(of slot: Int32) -> Int {
        let node = Int(calls[slot].node)
        let cluster = Int(nodes[node].storageCluster)
        let workload = nodes[node].storageWorkload
        let request = calls[slot].request
        let key: Int
        if nodes[node].requestKey, request.slot >= 0, requests.isValid(request) {
            if requests[request.slot].keyDraw < 0 {
                let endpoint = Int(requests[request.slot].endpoint)
                requests[request.slot].keyDraw = endpoints[endpoint].keyStream.uniform()
            }
            key = storageClusters[cluster].key(workload, at: requests[request.slot].keyDraw)
        } else {
            key = storageClusters[cluster].drawKey(workload)
        }
        while callKeys.count <= Int(slot) { callKeys.append(0) }
        callKeys[Int(slot)] = key
        return key
    }

    /// Lets cluster `cluster` handle one of its events. Kept out of line: inlined, the
    /// cluster's whole event handling would swell `handle`, which every runtime event goes
    /// through, and the simulator's loop would stop inlining it.
    @inline(never)
    mutating func storageEvent(
        _ event: StorageModel.Event, of cluster: UInt16, in simulator: inout Simulator<Event>
    ) {
        if let completion = storageClusters[Int(cluster)].step(event, in: &simulator) {
            storageAnswered(completion, of: cluster, in: &simulator)
        }
    }

    /// An operation of cluster `cluster` has its answer, which reaches its caller. Too few
    /// replicas (`unavailable`) and a node dying under the operation are errors to the caller;
    /// a full node queue rejects it.
    mutating func storageAnswered(
        _ completion: StorageCompletion, of cluster: UInt16, in simulator: inout Simulator<Event>
    ) {
        let outcome: Outcome
        switch completion.failure {
        case nil: outcome = .success
        case .rejected: outcome = .failed(.rejected)
        case .unavailable, .error: outcome = .failed(.error)
        }
        // The cluster's view: every answer counts, whether or not its caller still waits.
        statistics.bucket.services[services.count + Int(cluster)].record(outcome)
        attemptAnswered(completion.caller.call, attempt: completion.caller.attempt, outcome: outcome, in: &simulator)
    }
}

/// The runtime's `storage` case carries its clusters' events.
extension RuntimeModel.Event: StorageEventCarrier {}
