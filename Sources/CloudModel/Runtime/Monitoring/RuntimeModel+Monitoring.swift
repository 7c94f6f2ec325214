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

    /// Routes one monitoring event. Out of line, as `storageEvent` is: rare work kept out of
    /// `handle` lets the simulator's loop inline it.
    @inline(never)
    mutating func monitoringEvent(_ event: RuntimeMonitor.Event, in simulator: inout Simulator<Event>) {
        switch event {
        case .windowEnds:
            let now = simulator.now
            simulator.schedule(.monitoring(.windowEnds), after: monitor!.spec.pipeline.resolution, priority: -1)
            for alert in monitor!.closeWindow(endingAt: now) {
                simulator.schedule(.monitoring(.act(alert: alert)), at: monitor!.alerts[Int(alert)].due)
            }
        case .act(let alert):
            actOnAlert(Int(alert), at: simulator.now)
        }
    }

    /// The action on an alert, `reaction` after it. The runtime has no deploys yet: whatever
    /// is behind an alert (a chaos fault, or nothing but noise), the action is the alert alone,
    /// and its time is recorded. This is where a delivery component will roll back the newest
    /// deploy of the alerting deployable, or hotfix or roll forward a train.
    mutating func actOnAlert(_ alert: Int, at now: SimTime) {
        monitor!.alerts[alert].action = now
    }

    /// Closes the last window when it ends exactly at the end of the run: events at the end
    /// time do not run, yet that window is complete.
    mutating func finishMonitoring(at end: SimTime) {
        guard let monitor, end >= monitor.firstWindowEnd, (end - monitor.firstWindowEnd) % monitor.spec.pipeline.resolution == 0 else { return }
        _ = self.monitor!.closeWindow(endingAt: end)
    }
}
