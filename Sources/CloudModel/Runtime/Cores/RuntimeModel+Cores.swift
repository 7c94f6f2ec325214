import SimKernel

/// Cores apart from threads (`cores:` on a service or deployable): a call holds a server (a
/// thread) from its start until it answers, and needs one of its instance's cores only for its
/// own work — its `work`, latency chaos and a bad change's extra included, an in-process callee's
/// on the calling instance — not while it waits on children, the network or storage. The cores
/// are shared by processor sharing (`ProcessorSharing`, which says why).
///
/// One completion event per instance is pending at a time, for the call that finishes first
/// (`Event.coresDue`). It is stamped rather than cancelled: cancelling keeps a set the event
/// list checks at every pop while it is not empty, a cost to every event of the run, while a
/// stale stamp costs one comparison when its event comes up. A completion that moves later (one
/// more call sharing the cores) keeps its event, which comes early, finds nothing done and waits
/// again, so most admissions schedule nothing. Runtimes without cores never reach this code: a
/// call node says whether its work runs on cores (`CallNodeState.onCores`).
extension RuntimeModel {
    /// The execution's own work, `work` [ns] of a core, starts on its instance's cores.
    @inline(never)
    mutating func admitToCores(_ handle: SlotHandle, work: SimTime, in simulator: inout Simulator<Event>) {
        let instance = Int(executions[handle.slot].instance)
        let before = processors[instance].busyCores
        processors[instance].admit(handle, work: work, at: simulator.now)
        busyCoresChanged(instance, from: before, at: simulator.now)
        armCores(instance, in: &simulator)
    }

    /// The completion event of `instance` with `stamp` is due: the calls whose work is done go
    /// on (to their children, or answer), then the next completion is armed.
    mutating func coresDue(instance: Int32, stamp: UInt32, in simulator: inout Simulator<Event>) {
        let index = Int(instance)
        guard processors[index].stamp == stamp else { return }
        processors[index].dueAt = .max
        let now = simulator.now
        while true {
            let before = processors[index].busyCores
            guard let done = processors[index].finishedJob(at: now) else { break }
            busyCoresChanged(index, from: before, at: now)
            // May admit more work here (an in-process child's), which arms its own completion.
            workDone(done, in: &simulator)
        }
        armCores(index, in: &simulator)
    }

    /// Schedules the completion of `instance`'s first call to finish, unless an event that
    /// counts already comes no later.
    mutating func armCores(_ instance: Int, in simulator: inout Simulator<Event>) {
        guard let time = processors[instance].nextCompletion(at: simulator.now), time < processors[instance].dueAt
        else { return }
        processors[instance].stamp &+= 1
        processors[instance].dueAt = time
        simulator.schedule(.coresDue(instance: Int32(instance), stamp: processors[instance].stamp), at: time)
    }

    /// The instance failed: the work on its cores is lost with its executions.
    mutating func clearCores(_ instance: Int32, at now: SimTime) {
        let index = Int(instance)
        let before = processors[index].busyCores
        processors[index].removeAll(at: now)
        busyCoresChanged(index, from: before, at: now)
    }

    /// Brings the deployable's busy-core integral up to date after `instance`'s busy cores changed.
    private mutating func busyCoresChanged(_ instance: Int, from before: Double, at now: SimTime) {
        let after = processors[instance].busyCores
        guard after != before else { return }
        let deployable = Int(instances[instance].deployable)
        statistics.deployables[deployable].busyCores.add(after - before, at: now)
        if deployables[deployable].autoscaling != nil { deployables[deployable].busyCores.add(after - before, at: now) }
    }

    /// Each instance's processor matches the executions doing their own work on it.
    func coreViolations() -> [String] {
        guard hasCores else { return [] }
        var problems: [String] = []
        if processors.count != instances.count {
            problems.append("\(instances.count) instances but \(processors.count) processors")
            return problems
        }
        var working = [Int](repeating: 0, count: instances.count)
        for slot in executions.liveSlots where executions[slot].phase == .working {
            if nodes[Int(executions[slot].node)].onCores { working[Int(executions[slot].instance)] += 1 }
        }
        var busy = [Double](repeating: 0, count: deployables.count)
        for (index, processor) in processors.enumerated() {
            busy[Int(instances[index].deployable)] += processor.busyCores
            if processor.jobs.count != working[index] {
                problems.append(
                    "instance \(index) has \(processor.jobs.count) calls on its cores, \(working[index]) executions "
                        + "work")
            }
            for job in processor.jobs where !executions.isValid(job.execution)
                || executions[job.execution.slot].instance != Int32(index)
            {
                problems.append("instance \(index) has work on its cores for an execution not on it")
            }
            if !processor.jobs.isEmpty, processor.dueAt == .max {
                problems.append("instance \(index) has calls on its cores and no completion pending")
            }
        }
        for (index, group) in statistics.deployables.enumerated() {
            let counted = group.busyCores.value
            if abs(counted - busy[index]) > 1e-6 {
                problems.append("deployable \(index) counts \(counted) busy cores, its instances \(busy[index])")
            }
        }
        return problems
    }
}
