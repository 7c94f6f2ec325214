import SimKernel

/// What a runtime's monitoring saw in one replication: the alerts, the chaos faults on watched
/// services detected or missed, and false alerts, as metrics and the `alerts` and `faults` tables.
///
/// An alert counts from its time on the last stage; it is put down to the first chaos item that
/// touches its service and is in force then, or within `detectionGrace` after that item ends.
/// Alerts put down to no fault are false alerts. A fault's time to detect is its first such
/// alert minus its start; without one it is missed.
struct MonitoringOutcome {
    struct Alert {
        var alert: MonitorAlert
        /// Index into `faults` of the fault it is put down to; nil for a false alert.
        var fault: Int?
    }

    struct Fault {
        var fault: MonitoredFault
        /// Its first alert's time; nil when missed.
        var detected: SimTime?
    }

    var alerts: [Alert] = []
    var faults: [Fault] = []
    let spec: RuntimeSpec
    let metric: String

    /// Alerts raised from the warm-up's end to `end` (later ones had not fired when the run
    /// stopped), and faults starting in that span.
    /// `deployFaults` are the bad deploys of the runtime's delivery, if any.
    /// Whether faults that end (error faults) are reported with their restore times and damage.
    let restores: Bool

    /// `errorFaults` are the `errors` items and `random_errors` incidents the run realised.
    init(
        _ monitor: RuntimeMonitor, spec: RuntimeSpec, errorFaults: [MonitoredFault] = [],
        deployFaults: [MonitoredFault] = [], from start: SimTime, to end: SimTime
    ) {
        self.spec = spec
        metric = monitor.spec.metric.name
        let grace = monitor.spec.detectionGrace
        let watched = Set(monitor.keys.map(\.service))
        restores = spec.chaos.contains { chaos in
            chaos.erroringService.flatMap { service in spec.services.firstIndex { $0.name == service } }
                .map { watched.contains(Int32($0)) } ?? false
        }
        // Chaos items in file order (an item's incidents in turn), then bad deploys.
        let chaos = (MonitoredFault.faults(of: spec, watched: watched) + errorFaults).enumerated()
            .sorted { ($0.element.chaosIndex, $0.element.incident, $0.offset) < ($1.element.chaosIndex, $1.element.incident, $1.offset) }
            .map(\.element)
        faults = (chaos + deployFaults).filter { $0.start >= start && $0.start < end }
            .map { Fault(fault: $0, detected: nil) }
        let raised = monitor.alerts.filter { $0.fired.alert >= start && $0.fired.alert < end }
            .sorted { ($0.fired.alert, $0.key.service) < ($1.fired.alert, $1.key.service) }
        for alert in raised {
            let fault = faults.firstIndex { $0.fault.explains(alert.key.service, at: alert.fired.alert, grace: grace) }
            if let fault, faults[fault].detected == nil { faults[fault].detected = alert.fired.alert }
            alerts.append(Alert(alert: alert, fault: fault))
        }
    }

    /// `alerts`, `false_alerts`, `false_alerts_per_day`, `faults`, `missed_ratio` and
    /// `time_to_detect_mean/_p50/_p95` [s] of the detected faults.
    func metrics(days: Double) -> [Metric] {
        let falseAlerts = Double(alerts.count { $0.fault == nil })
        let detect = faults.compactMap { fault in fault.detected.map { ($0 - fault.fault.start).seconds } }
        return [
            Metric("alerts", .count, Double(alerts.count)),
            Metric("false_alerts", .count, falseAlerts),
            Metric("false_alerts_per_day", .perDay, falseAlerts / days),
            Metric("faults", .count, Double(faults.count)),
            Metric("missed_ratio", .ratio, faults.isEmpty ? .nan : Double(faults.count - detect.count) / Double(faults.count)),
        ] + Spread.metrics("time_to_detect", detect) + restoreMetrics
    }

    /// With error faults on watched services: `time_to_restore_mean/_p50/_p95` [s] (start to
    /// end, healed or repaired) and `failed_requests_per_fault` of those that ended in the run.
    private var restoreMetrics: [Metric] {
        guard restores else { return [] }
        let ended = faults.map(\.fault).filter { $0.restored != nil }
        let failed = ended.compactMap(\.failedRequests).map(Double.init)
        return Spread.metrics("time_to_restore", ended.map { ($0.restored! - $0.start).seconds }) + [
            Metric("failed_requests_per_fault", .count, failed.isEmpty ? .nan : failed.reduce(0, +) / Double(failed.count))
        ]
    }

    /// One row per alert: its service (and, given `groups` — the version of each server group, with
    /// deploys — its server group) and metric, the first bad datapoint's window start, its
    /// times at the agent and leaving each stage (the last: shown), the alert, the action, and
    /// the chaos item it is put down to (empty for a false alert).
    func alertsTable(stages: [MonitoringStage], groups: [String]? = nil) -> RecordTable {
        var table = RecordTable(
            name: "alerts",
            columns: ["alert", "service"] + (groups == nil ? [] : ["server_group"])
                + ["metric", "first_bad_window_start_s", "first_bad_agent_s"]
                + stages.map { "first_bad_\($0.name)_s" } + ["alert_s", "action_s", "chaos_item", "chaos"])
        for (number, row) in alerts.enumerated() {
            let fired = row.alert.fired
            let fault = row.fault.map { faults[$0].fault }
            table.rows.append(
                [.integer(number + 1), .text(spec.services[Int(row.alert.key.service)].name)]
                    + (groups.map { [.text($0[Int(row.alert.key.group)])] } ?? [])
                    + [.text(metric), time(fired.runStart), time(fired.firstBadAtAgent)]
                    + fired.firstBadStages.map(time) + [
                    time(fired.alert), row.alert.action.map(time) ?? .missing,
                    fault.map(item) ?? .missing, fault.map { .text($0.kind) } ?? .missing,
                ])
        }
        return table
    }

    /// One row per chaos item touching a watched service: when it harmed, which watched services
    /// it touched, and whether and when an alert detected it.
    func faultsTable() -> RecordTable {
        var table = RecordTable(
            name: "faults",
            columns: ["chaos_item", "chaos", "services", "start_s", "end_s", "status", "alert_s", "time_to_detect_s"])
        for row in faults {
            let fault = row.fault
            let services = fault.services.sorted().map { spec.services[Int($0)].name }.joined(separator: " ")
            table.rows.append([
                item(fault), .text(fault.kind), .text(services), time(fault.start), time(fault.end),
                .text(row.detected == nil ? "missed" : "detected"), row.detected.map(time) ?? .missing,
                row.detected.map { time($0 - fault.start) } ?? .missing,
            ])
        }
        return table
    }

    private func time(_ value: SimTime) -> RecordValue { .number(value.seconds) }

    /// The chaos item's number, or `deploy N` for a bad deploy (its row in `deploys.csv`).
    private func item(_ fault: MonitoredFault) -> RecordValue {
        if fault.chaosIndex < 0 { return .text("deploy \(-1 - fault.chaosIndex)") }
        return fault.incident > 0 ? .text("\(fault.chaosIndex + 1) incident \(fault.incident)") : .integer(fault.chaosIndex + 1)
    }
}
