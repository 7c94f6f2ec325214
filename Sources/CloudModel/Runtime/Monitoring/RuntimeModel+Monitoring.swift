import SimKernel

/// The monitoring component in the runtime: window ends and actions arrive as
/// `Event.monitoring`; calls finished are counted in `respond`.
extension RuntimeModel {
    /// Schedules the end of the first agent window; nothing without a `monitoring` block.
    mutating func startMonitoring(in simulator: inout Simulator<Event>) {
        guard let monitor else { return }
        // Before anything else at the same instant: a call answered exactly at a window's end
        // belongs to the next window, as windows are [start, end).
        simulator.schedule(.monitoring(.windowEnds), at: monitor.firstWindowEnd, priority: -1)
    }

    /// Counts a finished call in its series (its service on its instance's server group). Out of
    /// line: `respond`, on every call's path, stays small enough to be inlined where it pays.
    @inline(never)
    mutating func recordForMonitor(service: Int, instance: Int32, outcome: Outcome, latency: SimTime) {
        monitor!.record(service: service, group: instances[Int(instance)].group, outcome: outcome, latency: latency)
    }

    /// Routes one monitoring event. Out of line, as `storageEvent` is: rare work kept out of
    /// `handle` lets the simulator's loop inline it.
    @inline(never)
    mutating func monitoringEvent(_ event: RuntimeMonitor.Event, in simulator: inout Simulator<Event>) {
        switch event {
        case .windowEnds:
            let now = simulator.now
            simulator.schedule(.monitoring(.windowEnds), after: monitor!.spec.pipeline.resolution, priority: -1)
            drawWindow(endingAt: now)
            for alert in monitor!.closeWindow(endingAt: now) {
                simulator.schedule(.monitoring(.act(alert: alert)), at: monitor!.alerts[Int(alert)].due)
            }
        case .act(let alert):
            actOnAlert(Int(alert), in: &simulator)
        }
    }

    /// The action on an alert, `reaction` after it, recorded: with a bad flag of the alerting
    /// service on, the flag off; with a deploy behind it, the rollback of the newest deploy of
    /// an immutable deployable, or the roll-forward (hotfix or fix on a later train) of a train
    /// deployable; otherwise (a chaos fault, or noise) the alert alone. With `repair`, the error
    /// faults in force on the service are repaired too.
    mutating func actOnAlert(_ alert: Int, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        monitor!.alerts[alert].action = now
        let key = monitor!.alerts[alert].key
        if let repair = monitor!.spec.repair { repairErrorFaults(of: key.service, repair: repair, in: &simulator) }
        guard delivery != nil else { return }
        let deployable = Int(serverGroups[Int(key.group)].deployable)
        if let flag = flagBehindAlert(on: deployable, service: Int(key.service)) {
            switchOff(flag: flag, alert: alert, at: now, in: &simulator)
            return
        }
        switch delivery!.process[deployable] {
        case .immutable: rollBack(for: alert, at: now, in: &simulator)
        case .train: rollForward(deployable, alert: alert, at: now, in: &simulator)
        }
    }

    /// Closes the last window when it ends exactly at the end of the run: events at the end
    /// time do not run, yet that window is complete.
    mutating func finishMonitoring(at end: SimTime) {
        guard let monitor, end >= monitor.firstWindowEnd,
            (end - monitor.firstWindowEnd) % monitor.spec.pipeline.resolution == 0
        else { return }
        _ = self.monitor!.closeWindow(endingAt: end)
    }
}
