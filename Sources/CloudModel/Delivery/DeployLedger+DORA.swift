import SimKernel

/// DORA accounting of a deploy ledger over an observed window [from, to): deployment frequency,
/// lead time, change failure rate, time to detect and to restore — one implementation for every
/// world that ships changes.
extension DeployLedger {
    private static let secondsPerDay = 86_400.0
    private static let secondsPerHour = 3_600.0

    /// Deploys whose new code met user traffic in the window.
    func exposed(from: SimTime) -> [DeployRecord] {
        deploys.filter { ($0.exposedAt ?? -1) >= from }
    }

    /// Delivery then incident metrics; names start with `prefix`. `developers` nil (no
    /// organisation): no developer waiting.
    func doraMetrics(from: SimTime, to: SimTime, developers: Int?, prefix: String = "") -> [Metric] {
        (deliveryMetrics(from: from, to: to, developers: developers) + incidentMetrics(from: from)).map {
            Metric(prefix + $0.name, $0.unit, $0.value)
        }
    }

    /// Deployment frequency, lead time for changes, and how long developers' changes wait
    /// (change-hours per developer per week: several changes of one developer wait at once).
    /// Flags switched on are not deploys; a flagged change's lead time ends at its flag on.
    private func deliveryMetrics(from: SimTime, to: SimTime, developers: Int?) -> [Metric] {
        let window = (to - from).seconds
        let deploys = exposed(from: from).filter { !$0.flag }
        let arrived = changes.filter { $0.readyAt >= from && $0.readyAt < to && $0.fixes == nil }
        let leadTimes = arrived.compactMap { change in change.servingAt.map { ($0 - change.readyAt).seconds } }.sorted()
        var metrics = [
            Metric("deploys", .count, Double(deploys.count)),
            Metric("deployment_frequency", .perDay, Double(deploys.count) / (window / Self.secondsPerDay)),
            Metric("changes", .count, Double(arrived.count)),
            Metric("changes_in_production", .count, Double(leadTimes.count)),
            Metric(
                "changes_per_deploy", .count,
                deploys.isEmpty ? .nan : Double(deploys.reduce(0) { $0 + $1.changes.count }) / Double(deploys.count)),
            Metric("lead_time_mean", .seconds, Self.mean(leadTimes)),
            Metric("lead_time_p50", .seconds, Self.percentile(leadTimes, 0.5)),
            Metric("lead_time_p90", .seconds, Self.percentile(leadTimes, 0.9)),
        ]
        if let developers {
            let waited = arrived.reduce(0.0) { $0 + (min($1.servingAt ?? to, to) - $1.readyAt).seconds }
            let weeks = window / (7 * Self.secondsPerDay)
            metrics.append(
                Metric("developer_waiting_per_week", .hours, waited / Self.secondsPerHour / Double(developers) / weeks))
        }
        return metrics
    }

    /// Change failure rate, time to detect and time to restore, rollbacks and hotfixes. A flag
    /// switched on is a change to production: exposed then, restored at its flag off.
    private func incidentMetrics(from: SimTime) -> [Metric] {
        let deploys = exposed(from: from)
        let bad = deploys.filter(\.bad)
        let restored = bad.compactMap { deploy in deploy.restoredAt.map { ($0 - deploy.exposedAt!).seconds } }
        let detected = bad.compactMap { deploy in deploy.alertAt.map { ($0 - deploy.exposedAt!).seconds } }
        return [
            Metric("bad_deploys", .count, Double(bad.count)),
            Metric("change_failure_rate", .ratio, deploys.isEmpty ? .nan : Double(bad.count) / Double(deploys.count)),
            Metric("time_to_detect_mean", .seconds, Self.mean(detected)),
            Metric("time_to_restore_mean", .seconds, Self.mean(restored)),
            Metric("time_to_restore_p90", .seconds, Self.percentile(restored.sorted(), 0.9)),
            Metric("unrestored_bad_deploys", .count, Double(bad.count - restored.count)),
            Metric("rollbacks", .count, Double(deploys.filter(\.rolledBack).count)),
            Metric("hotfixes", .count, Double(deploys.filter(\.hotfix).count)),
        ]
    }

    /// One row per deploy that started; `failedRequests(start, end)` counts the user requests
    /// that failed in [start, end), for a bad deploy from its exposure to its restoration. With
    /// `flags`, a last column `flag` says which rows are flags switched on rather than deploys.
    func deploysTable(to: SimTime, flags: Bool = false, failedRequests: (SimTime, SimTime) -> Double) -> RecordTable {
        var table = RecordTable(
            name: "deploys",
            columns: [
                "deploy", "deployable", "changes", "bad_changes", "hotfix", "start_s", "canary_s", "full_s", "bad",
                "alert_s", "action_s", "restored_s", "rolled_back", "failed_requests",
            ] + (flags ? ["flag"] : []))
        func time(_ value: SimTime?) -> RecordValue { value.map { .number($0.seconds) } ?? .missing }
        for (index, deploy) in deploys.enumerated() where deploy.start != nil {
            let failed: RecordValue =
                deploy.bad && deploy.exposedAt != nil
                ? .number(failedRequests(deploy.exposedAt!, deploy.restoredAt ?? to)) : .missing
            table.rows.append(
                [
                    .integer(index), .text(deployables[deploy.deployable].name), .integer(deploy.changes.count),
                    .integer(deploy.badChanges.count), .text(String(deploy.hotfix)), time(deploy.start),
                    time(deploy.canary), time(deploy.full), .text(String(deploy.bad)), time(deploy.alertAt),
                    time(deploy.actionAt), time(deploy.restoredAt), .text(String(deploy.rolledBack)), failed,
                ] + (flags ? [.text(String(deploy.flag))] : []))
        }
        return table
    }

    /// NaN when empty: nothing measured (no bad deploy, no change in production), which the
    /// summary leaves out rather than averaging in a zero.
    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The `q` quantile of sorted values (nearest rank); NaN when empty.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
