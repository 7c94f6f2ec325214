import SimKernel

/// What a runtime's delivery did in one replication: the DORA measures of its ledger, what bad
/// deploys cost users — counted from the
/// runtime's own request outcomes — and what the extra server groups cost.
extension RuntimeDelivery {
    /// `delivery.*` metrics over [from, to); `instanceHours` and `cost` per deployable come from
    /// the runtime's instances (every group, old and new, is paid for while alive).
    func metrics(from: SimTime, to: SimTime, instanceHours: [Double], prices: [Double]) -> [Metric] {
        let window = (to - from).seconds / 3_600
        var extraHours = 0.0
        var extraCost = 0.0
        for (index, unit) in ledger.deployables.enumerated() where unit.versions.count > 1 {
            let extra = instanceHours[index] - Double(unit.instances) * window
            extraHours += extra
            extraCost += extra * prices[index]
        }
        let bad = ledger.exposed(from: from).filter(\.bad)
        let exposure = bad.reduce(0.0) { $0 + ((($1.restoredAt ?? to) - $1.exposedAt!).seconds) }
        let failed = bad.reduce(0) { $0 + failedAt.count(from: $1.exposedAt!, to: $1.restoredAt ?? to) }
        let degraded = bad.reduce(0) { $0 + degradedAt.count(from: $1.exposedAt!, to: $1.restoredAt ?? to) }
        var metrics =
            ledger.doraMetrics(from: from, to: to, developers: spec.organisation?.developers, prefix: "delivery.")
            + [
                Metric("delivery.bad_exposure", .seconds, exposure),
                Metric("delivery.bad_deploy_failed_requests", .count, Double(failed)),
                Metric("delivery.bad_deploy_degraded_requests", .count, Double(degraded)),
                Metric("delivery.extra_instance_hours", .hours, extraHours),
                Metric("delivery.extra_cost", .usd, extraCost),
            ]
        // Against the instance-hours the train deployables would serve with no rollout; 0 without
        // trains. Every runtime delivery reports the same metrics, so variants compare.
        let lost = capacityLost / 3_600e9
        let trainInstances = zip(ledger.deployables, process).filter { $0.1 == .train }.reduce(0) {
            $0 + $1.0.instances
        }
        let steady = Double(trainInstances) * window
        let flags = ledger.exposed(from: from).filter(\.flag)
        metrics += [
            Metric("delivery.capacity_lost_instance_hours", .hours, lost),
            Metric("delivery.capacity_lost_mean", .ratio, steady > 0 ? lost / steady : 0),
            Metric("delivery.flags_on", .count, Double(flags.count)),
            Metric("delivery.flags_off", .count, Double(flags.filter { $0.bad && $0.restoredAt != nil }.count)),
        ]
        return metrics
    }

    /// One row per deploy that started, and one per flag switched
    /// on (`flag` true); a bad deploy's failed requests are the user requests that failed while
    /// it was exposed.
    func deploysTable(to: SimTime) -> RecordTable {
        ledger.deploysTable(to: to, flags: true) { Double(failedAt.count(from: $0, to: $1)) }
    }

    /// The bad deploys as faults monitoring should detect: from their exposure to their
    /// restoration, on the services their bad changes touch.
    func faults(watched: Set<Int32>, until end: SimTime) -> [MonitoredFault] {
        ledger.deploys.enumerated().compactMap { index, deploy in
            guard deploy.bad, let exposed = deploy.exposedAt else { return nil }
            let services = Set(deploy.badChanges.map { Int32(ledger.changes[$0].service) }).intersection(watched)
            guard !services.isEmpty else { return nil }
            return MonitoredFault(
                chaosIndex: -1 - index, kind: "bad_deploy", start: exposed, end: deploy.restoredAt ?? end,
                services: services)
        }
    }
}

/// Counts of things that happened at times, in time order: one at a time while requests are
/// simulated, or many at once for a fast-forwarded stretch (`RuntimeModel+FastForward`).
struct TimedCounts {
    private var times: [SimTime] = []
    /// Counts up to and including each time.
    private var cumulative: [Int] = []

    /// `count` things at `time`, not before the last.
    mutating func add(at time: SimTime, count: Int = 1) {
        guard count > 0 else { return }
        times.append(time)
        cumulative.append((cumulative.last ?? 0) + count)
    }

    /// Things so far.
    var total: Int { cumulative.last ?? 0 }
    var isEmpty: Bool { total == 0 }

    /// Things within [start, end).
    func count(from start: SimTime, to end: SimTime) -> Int {
        guard end > start else { return 0 }
        return before(end) - before(start)
    }

    /// Things before `time`.
    private func before(_ time: SimTime) -> Int {
        var (low, high) = (0, times.count)
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? 0 : cumulative[low - 1]
    }
}
