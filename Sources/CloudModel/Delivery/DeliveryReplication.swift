import SimKernel

/// Runs one replication of a delivery model and reports DORA measures, user-visible failures,
/// developer waiting and cost over [warm-up, duration).
public enum DeliveryReplication {
    public static func run(_ spec: DeliverySpec, settings: RunSettings) -> ReplicationResult {
        let streams = RandomStreams(seed: settings.seed, replication: settings.replication)
        var model = DeliveryModel(spec: spec, streams: streams, horizon: settings.duration, warmUp: settings.warmUp)
        var simulator = Simulator<DeliveryModel.Event>()
        model.start(in: &simulator)
        simulator.run(&model, until: settings.duration)
        let report = DeliveryReport(model: model, from: settings.warmUp, to: settings.duration)
        // Every deploy of replication 0 (one trajectory to read, as the time series).
        let tables = settings.recordsTimeseries ? [report.deploysTable()] : []
        return ReplicationResult(metrics: report.metrics(), tables: tables, events: simulator.eventsProcessed)
    }
}

/// The numbers of one finished delivery replication.
struct DeliveryReport {
    let model: DeliveryModel
    let from: SimTime
    let to: SimTime

    private static let secondsPerDay = 86_400.0
    private static let secondsPerHour = 3_600.0

    /// Length of the observed window [s].
    private var window: Double { (to - from).seconds }

    /// Deploys whose new code met user traffic in the window.
    private var exposed: [DeployRecord] {
        model.deploys.filter { ($0.exposedAt ?? -1) >= from }
    }

    /// User requests that failed in [start, end) [count]: exact integral of rate × failure
    /// probability, or the failures counted one by one.
    func failedRequests(from start: SimTime, to end: SimTime) -> Double {
        let (start, end) = (max(start, from), min(end, to))
        guard end > start else { return 0 }
        switch model.spec.traffic {
        case .rate:
            return model.spec.requestRate * model.failureSignal.average(from: start, to: end) * (end - start).seconds
        case .requests:
            let times = model.failureTimes
            return Double(firstIndex(in: times, atOrAfter: end) - firstIndex(in: times, atOrAfter: start))
        }
    }

    private func firstIndex(in times: [SimTime], atOrAfter time: SimTime) -> Int {
        var (low, high) = (0, times.count)
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func metrics() -> [Metric] {
        deliveryMetrics() + incidentMetrics() + userMetrics() + costMetrics()
    }

    /// Deployment frequency, lead time for changes, and how long developers' changes wait
    /// (change-hours per developer per week: several changes of one developer wait at once).
    private func deliveryMetrics() -> [Metric] {
        let deploys = exposed
        let arrived = model.changes.filter { $0.readyAt >= from && $0.readyAt < to && $0.fixes == nil }
        let leadTimes = arrived.compactMap { change in change.servingAt.map { ($0 - change.readyAt).seconds } }.sorted()
        let waited = arrived.reduce(0.0) { $0 + (min($1.servingAt ?? to, to) - $1.readyAt).seconds }
        let developers = Double(model.spec.organisation.developers)
        let weeks = window / (7 * Self.secondsPerDay)
        return [
            Metric("deploys", .count, Double(deploys.count)),
            Metric("deployment_frequency", .perDay, Double(deploys.count) / (window / Self.secondsPerDay)),
            Metric("changes", .count, Double(arrived.count)),
            Metric("changes_in_production", .count, Double(leadTimes.count)),
            Metric("changes_per_deploy", .count, deploys.isEmpty ? 0 : Double(deploys.reduce(0) { $0 + $1.changes.count }) / Double(deploys.count)),
            Metric("lead_time_mean", .seconds, leadTimes.isEmpty ? 0 : leadTimes.reduce(0, +) / Double(leadTimes.count)),
            Metric("lead_time_p50", .seconds, Self.percentile(leadTimes, 0.5)),
            Metric("lead_time_p90", .seconds, Self.percentile(leadTimes, 0.9)),
            Metric("developer_waiting_per_week", .hours, waited / Self.secondsPerHour / developers / weeks),
        ]
    }

    /// Change failure rate, time to detect and time to restore, rollbacks and hotfixes.
    private func incidentMetrics() -> [Metric] {
        let deploys = exposed
        let bad = deploys.filter(\.bad)
        let restored = bad.compactMap { deploy in deploy.restoredAt.map { ($0 - deploy.exposedAt!).seconds } }
        let detected = bad.compactMap { deploy in deploy.alertAt.map { ($0 - deploy.exposedAt!).seconds } }
        return [
            Metric("bad_deploys", .count, Double(bad.count)),
            Metric("change_failure_rate", .ratio, deploys.isEmpty ? 0 : Double(bad.count) / Double(deploys.count)),
            Metric("time_to_detect_mean", .seconds, Self.mean(detected)),
            Metric("time_to_restore_mean", .seconds, Self.mean(restored)),
            Metric("time_to_restore_p90", .seconds, Self.percentile(restored.sorted(), 0.9)),
            Metric("unrestored_bad_deploys", .count, Double(bad.count - restored.count)),
            Metric("rollbacks", .count, Double(deploys.filter(\.rolledBack).count)),
            Metric("hotfixes", .count, Double(deploys.filter(\.hotfix).count)),
        ]
    }

    /// What users saw.
    private func userMetrics() -> [Metric] {
        let requests: Double
        let degraded: Double
        switch model.spec.traffic {
        case .rate:
            requests = model.spec.requestRate * window
            degraded = model.spec.requestRate * model.degradedSignal.average(from: from, to: to) * window
        case .requests:
            requests = Double(model.requests)
            degraded = Double(model.degradedRequests)
        }
        let failed = failedRequests(from: from, to: to)
        return [
            Metric("requests", .count, requests),
            Metric("failed_requests", .count, failed),
            Metric("degraded_requests", .count, degraded),
            Metric("availability", .ratio, requests > 0 ? 1 - failed / requests : 1),
        ]
    }

    /// Instance-hours of every server group (immutable deploys run two while they overlap),
    /// their price, and capacity out of service during in-place rollouts.
    private func costMetrics() -> [Metric] {
        var hours = 0.0
        var cost = 0.0
        var steady = 0.0
        for unit in model.deployables {
            var unitHours = 0.0
            if case .monolith = model.spec.architecture {
                unitHours = Double(unit.instances) * window / Self.secondsPerHour
            } else {
                for version in unit.versions {
                    let alive = min(version.terminatedAt, to) - max(version.launchedAt, from)
                    if alive > 0 { unitHours += Double(unit.instances) * alive.seconds / Self.secondsPerHour }
                }
            }
            hours += unitHours
            cost += unitHours * unit.pricePerHour
            steady += Double(unit.instances) * window / Self.secondsPerHour
        }
        let lost = model.capacityLost / 1e9 / Self.secondsPerHour
        return [
            Metric("instance_hours", .count, hours),
            Metric("extra_instance_hours", .count, hours - steady),
            Metric("cost", .usd, cost),
            Metric("capacity_lost_instance_hours", .count, lost),
            Metric("capacity_lost_mean", .ratio, steady > 0 ? lost / steady : 0),
        ]
    }

    /// One row per deploy that started.
    func deploysTable() -> RecordTable {
        var table = RecordTable(
            name: "deploys",
            columns: [
                "deploy", "deployable", "changes", "bad_changes", "hotfix", "start_s", "canary_s", "full_s", "bad",
                "alert_s", "action_s", "restored_s", "rolled_back", "failed_requests",
            ])
        func time(_ value: SimTime?) -> RecordValue { value.map { .number($0.seconds) } ?? .missing }
        for (index, deploy) in model.deploys.enumerated() where deploy.start != nil {
            let failed: RecordValue =
                deploy.bad && deploy.exposedAt != nil
                ? .number(failedRequests(from: deploy.exposedAt!, to: deploy.restoredAt ?? to)) : .missing
            table.rows.append([
                .integer(index), .text(model.deployables[deploy.deployable].name), .integer(deploy.changes.count),
                .integer(deploy.badChanges.count), .text(String(deploy.hotfix)), time(deploy.start),
                time(deploy.canary), time(deploy.full), .text(String(deploy.bad)), time(deploy.alertAt),
                time(deploy.actionAt), time(deploy.restoredAt), .text(String(deploy.rolledBack)), failed,
            ])
        }
        return table
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// The `q` quantile of sorted values (nearest rank); 0 when empty.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
