import SimKernel

/// What a bad change does to the calls it hits: the work takes longer, and the call fails once
/// that work is done. Only instances whose server group runs a version with the change are
/// touched, so a canary's calls suffer and the live group's do not.
extension RuntimeModel {
    /// Extra work of execution `handle` of `service` from the bad changes its instance's version
    /// carries [ns]; marks it to fail when a hit draws so. Each bad change of the service hits a
    /// call with probability `share_of_calls`. Out of line: calls without deploys never come here,
    /// and the code it would add to `scheduleWork` would cost them.
    @inline(never)
    mutating func flawDelay(_ handle: SlotHandle, service: Int) -> SimTime {
        let group = Int(instances[Int(executions[handle.slot].instance)].group)
        guard !serverGroups[group].flaws.isEmpty else { return 0 }
        var extra: SimTime = 0
        let stream = services[service].flawStream
        for flaw in serverGroups[group].flaws where flaw.service == Int32(service) && flaw.active {
            guard stream.bernoulli(flaw.effect.shareOfCalls) else { continue }
            if let latency = flaw.effect.extraLatency { extra += latency.sampleTime(stream) }
            if stream.bernoulli(flaw.effect.errorRatio) { executions[handle.slot].flawFails = true }
        }
        return extra
    }
}

extension RuntimeDelivery {
    /// A user request counted in the results ended with `outcome` at `now`. Out of line, as
    /// `flawDelay`.
    @inline(never)
    mutating func requestEnded(_ outcome: Outcome, at now: SimTime) {
        switch outcome {
        case .success: break
        case .degraded: degradedAt.add(at: now)
        case .failed: failedAt.add(at: now)
        }
    }
}
