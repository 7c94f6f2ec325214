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

    private static let secondsPerHour = 3_600.0

    /// Length of the observed window [s].
    private var window: Double { (to - from).seconds }

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
        model.ledger.doraMetrics(from: from, to: to, developers: model.spec.organisation.developers) + userMetrics()
            + costMetrics()
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
        model.ledger.deploysTable(to: to) { failedRequests(from: $0, to: $1) }
    }
}
