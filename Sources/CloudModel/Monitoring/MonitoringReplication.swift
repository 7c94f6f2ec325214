import SimKernel

/// Runs one replication of a `monitoring:` scenario: the incidents, what the monitoring saw of
/// them, and the damage done, as metrics and an `incidents` table.
public enum MonitoringReplication {
    public static func run(_ spec: MonitoringModelSpec, settings: RunSettings) -> ReplicationResult {
        let streams = RandomStreams(seed: settings.seed, replication: settings.replication)
        let walk = IncidentWalk.run(spec, streams: streams, until: settings.duration)
        let incidents = walk.incidents.filter { $0.start >= settings.warmUp }
        let falseAlerts = walk.falseAlerts.filter { $0 >= settings.warmUp }
        let days = Double(settings.duration - settings.warmUp) / 86_400e9
        return ReplicationResult(
            metrics: metrics(incidents, spec: spec) + [
                Metric("false_alerts", .count, Double(falseAlerts.count)),
                Metric("false_alerts_per_day", .perDay, Double(falseAlerts.count) / days),
            ],
            tables: [table(incidents, spec: spec)],
            events: walk.datapoints)
    }

    /// Counts, detection and restore times, damage; NaN when no incident gives a value.
    static func metrics(_ incidents: [IncidentRecord], spec: MonitoringModelSpec) -> [Metric] {
        let detected = incidents.compactMap { incident in incident.detection.map { (incident, $0) } }
        let detect = detected.map { seconds($1.alert - $0.start) }
        let restore = detected.compactMap { incident, _ in incident.end.map { seconds($0 - incident.start) } }
        let display = detected.compactMap { incident, detection in
            detection.firstBadStages.last.map { seconds($0 - incident.start) }
        }
        let attention = seconds(spec.attentionSpan)
        let count = Double(incidents.count)
        return [
            Metric("incidents", .count, count),
            Metric("missed_ratio", .ratio, Double(incidents.count - detected.count) / count),
        ]
            + spread("time_to_detect", detect) + spread("time_to_restore", restore) + [
                Metric("display_latency_mean", .seconds, mean(display)),
                Metric("display_within_attention_share", .ratio, Double(display.count { $0 < attention }) / count),
                Metric("failed_requests_per_incident", .count, mean(incidents.map(\.failedRequests))),
                Metric("error_seconds_per_incident", .seconds, mean(incidents.map(\.errorSeconds))),
            ]
    }

    /// `NAME_mean`, `NAME_p50` and `NAME_p95` [s].
    static func spread(_ name: String, _ values: [Double]) -> [Metric] {
        let sorted = values.sorted()
        return [
            Metric(name + "_mean", .seconds, mean(values)),
            Metric(name + "_p50", .seconds, quantile(sorted, 0.5)),
            Metric(name + "_p95", .seconds, quantile(sorted, 0.95)),
        ]
    }

    /// One row per incident; times in seconds from the start of the run, empty when they did not happen.
    static func table(_ incidents: [IncidentRecord], spec: MonitoringModelSpec) -> RecordTable {
        let stages = spec.pipeline.stages.map { "first_bad_\($0.name)_s" }
        var table = RecordTable(
            name: "incidents",
            columns: ["incident", "start_s", "error_ratio", "status", "first_bad_agent_s"] + stages + [
                "alert_s", "action_s", "restore_s", "display_latency_s", "time_to_detect_s", "time_to_restore_s",
                "failed_requests", "error_seconds",
            ])
        for (index, incident) in incidents.enumerated() {
            let detection = incident.detection
            func time(_ value: SimTime?) -> RecordValue { value.map { .number(seconds($0)) } ?? .missing }
            func since(_ value: SimTime?) -> RecordValue { time(value.map { $0 - incident.start }) }
            let stageTimes = detection?.firstBadStages.map { RecordValue.number(seconds($0)) }
            let restored = detection == nil ? nil : incident.end
            table.rows.append(
                [
                    .integer(index + 1), time(incident.start), .number(incident.errorRatio),
                    .text(detection == nil ? "missed" : "detected"), time(detection?.firstBadAtAgent),
                ] + (stageTimes ?? stages.map { _ in .missing }) + [
                    time(detection?.alert), time(detection?.action), time(incident.end),
                    since(detection?.firstBadStages.last), since(detection?.alert), since(restored),
                    .number(incident.failedRequests), .number(incident.errorSeconds),
                ])
        }
        return table
    }

    private static func seconds(_ time: SimTime) -> Double { Double(time) / 1e9 }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The `q` quantile of ascending `sorted` values, interpolating between neighbours; NaN when empty.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        guard below + 1 < sorted.count else { return sorted.last ?? first }
        return sorted[below] + (position - Double(below)) * (sorted[below + 1] - sorted[below])
    }
}
