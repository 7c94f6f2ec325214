import SimKernel

/// The runtime's observations at the start of a regime's sample, to measure the sample by
/// difference.
struct RegimeSnapshot {
    var time: SimTime
    var endToEnd: RequestStatistics
    var perEndpoint: [RequestStatistics]
    var services: [RuntimeServiceStatistics]
    /// Busy-server integral per service [busy-server ns].
    var busy: [Double]
    /// Busy-core integral per deployable [busy-core ns] (0 without `cores`).
    var busyCores: [Double]
    var breakerTransitions: [Int]
    /// Monitoring: calls and failed calls per series so far.
    var seriesCalls: [Int]
    var seriesFailed: [Int]
    var storage: [StorageSnapshot]
    /// Per call target, its cache counters (`CacheStatistics.counters`); empty without caches.
    var caches: [[Int]]
}

/// What a regime produces, measured over its sample: outcome shares and latencies of requests
/// per endpoint; per call target and user request its calls, their outcomes and latencies, busy
/// servers and client activity; per monitored (service, flaws) the share of calls that fail.
struct RegimeRates {
    /// How requests of one endpoint (or calls of one service) end.
    struct Outcomes {
        /// Relative frequencies: success, degraded (requests only), then each failure reason.
        var weights: [Double]
        /// Response times of those answered, as (value [ns], count), increasing.
        var latencies: [(value: UInt64, count: Int)]
        var latencyCount: Int
        /// The answered requests' histogram, and its 99th percentile [s] (time series buckets).
        var histogram: LatencyHistogram
        var p99: Double

        init(_ weights: [Double], histogram: LatencyHistogram) {
            self.weights = weights
            self.histogram = histogram
            latencies = histogram.valueCounts()
            latencyCount = latencies.reduce(0) { $0 + $1.count }
            p99 = histogram.percentile(99)
        }
    }

    /// A call target's share of the work, per user request that arrived in the sample.
    struct Service {
        /// Calls reaching the target, and finishing there.
        var arrivals: Double
        var finished: Double
        /// Succeeded, then each failure reason.
        var outcomes: Outcomes
        /// Busy-server time [busy-server ns].
        var busy: Double
        /// First attempts, retries, timeouts, short-circuited, bulkhead-rejected, fallbacks,
        /// breaker transitions.
        var client: [Double]
    }

    /// Monitored series with the same service and flaws share their failure probability.
    struct SeriesKind: Hashable {
        var service: Int32
        var flaws: [Regime.FlawKey]
    }

    /// Per endpoint (the end-to-end figures when there is one endpoint).
    var endpoints: [Outcomes]
    var services: [Service]
    /// Busy-core time per deployable [busy-core ns], per user request.
    var busyCores: [Double]
    /// Per hosted storage cluster.
    var storage: [StorageRates]
    /// Per call target, its cache counters (`CacheStatistics.counters` order) per user request;
    /// empty without caches.
    var caches: [[Double]]
    /// Calls and failed calls per kind of monitored series over the sample.
    var seriesFailure: [SeriesKind: (calls: Int, failed: Int)]

    /// Failure probability of calls of `kind`; nil when the sample saw none.
    func failureProbability(_ kind: SeriesKind) -> Double? {
        guard let counts = seriesFailure[kind], counts.calls > 0 else { return nil }
        return Double(counts.failed) / Double(counts.calls)
    }
}

extension RuntimeModel {
    /// The observations now, to start a sample.
    func regimeSnapshot(at now: SimTime) -> RegimeSnapshot {
        let series = monitorTotals()
        return RegimeSnapshot(
            time: now, endToEnd: statistics.endToEnd, perEndpoint: statistics.perEndpoint, services: Array(statistics.services),
            busy: statistics.services.map { $0.busyServers.integral(at: now) },
            busyCores: statistics.deployables.map { $0.busyCores.integral(at: now) },
            breakerTransitions: breakerTransitions(),
            seriesCalls: series.calls, seriesFailed: series.failed,
            storage: storageClusters.map {
                StorageSnapshot(statistics: $0.statistics, busy: $0.statistics.busyIntegrals(at: now))
            },
            caches: hasCaches ? statistics.caches.map(\.counters) : [])
    }

    /// State changes of the breakers guarding calls to each target, simulated and fast-forwarded.
    func breakerTransitions() -> [Int] {
        var transitions = fastForward?.breakerTransitions ?? [Int](repeating: 0, count: statistics.services.count)
        for (client, service) in zip(clientStates, clientServices) {
            transitions[Int(service)] += client.breaker?.transitions ?? 0
        }
        return transitions
    }

    /// Calls and failed calls per monitored series so far, the open window's included.
    func monitorTotals() -> (calls: [Int], failed: [Int]) {
        guard let monitor else { return ([], []) }
        let calls = monitor.keys.indices.map { monitor.callsCounted[$0] + monitor.counts[$0].answered + monitor.counts[$0].failed }
        let failed = monitor.keys.indices.map { monitor.failedCounted[$0] + monitor.counts[$0].failed }
        return (calls, failed)
    }

    /// What the regime produced per second since `start`.
    func measureRegime(since start: RegimeSnapshot, at now: SimTime) -> RegimeRates {
        func requestOutcomes(_ after: RequestStatistics, _ before: RequestStatistics) -> RegimeRates.Outcomes {
            let failed = zip(after.failed, before.failed).map { Double($0 - $1) }
            return RegimeRates.Outcomes(
                [Double(after.succeeded - before.succeeded), Double(after.degraded - before.degraded)] + failed,
                histogram: after.responsePercentiles.subtracting(before.responsePercentiles))
        }
        let endpoints =
            statistics.perEndpoint.count > 1
            ? zip(statistics.perEndpoint, start.perEndpoint).map { requestOutcomes($0, $1) }
            : [requestOutcomes(statistics.endToEnd, start.endToEnd)]
        let transitions = breakerTransitions()
        let requests = Double(max(1, statistics.endToEnd.requests - start.endToEnd.requests))
        var services: [RegimeRates.Service] = []
        for index in statistics.services.indices {
            let (after, before) = (statistics.services[index], start.services[index])
            let failed = zip(after.failed, before.failed).map { Double($0 - $1) }
            let succeeded = Double(after.succeeded - before.succeeded)
            let client = [
                after.firstAttempts - before.firstAttempts, after.retries - before.retries, after.timeouts - before.timeouts,
                after.shortCircuited - before.shortCircuited, after.bulkheadRejected - before.bulkheadRejected,
                after.fallbacks - before.fallbacks, transitions[index] - start.breakerTransitions[index],
            ]
            services.append(
                RegimeRates.Service(
                    arrivals: Double(after.arrivals - before.arrivals) / requests,
                    finished: (succeeded + failed.reduce(0, +)) / requests,
                    outcomes: RegimeRates.Outcomes(
                        [succeeded] + failed,
                        histogram: after.responsePercentiles.histogram.subtracting(
                            before.responsePercentiles.histogram)),
                    busy: (after.busyServers.integral(at: now) - start.busy[index]) / requests,
                    client: client.map { Double($0) / requests }))
        }
        var seriesFailure: [RegimeRates.SeriesKind: (calls: Int, failed: Int)] = [:]
        if let monitor {
            let totals = monitorTotals()
            for (series, key) in monitor.keys.enumerated() where series < start.seriesCalls.count {
                let kind = seriesKind(key)
                let calls = totals.calls[series] - start.seriesCalls[series]
                let failed = totals.failed[series] - start.seriesFailed[series]
                let sum = seriesFailure[kind, default: (0, 0)]
                seriesFailure[kind] = (sum.calls + calls, sum.failed + failed)
            }
        }
        let storage = zip(storageClusters, start.storage).map {
            $0.statistics.rates(since: $1, at: now, requests: requests)
        }
        let busyCores = zip(statistics.deployables, start.busyCores).map {
            ($0.busyCores.integral(at: now) - $1) / requests
        }
        let caches = zip(statistics.caches.map(\.counters), start.caches).map { after, before in
            zip(after, before).map { Double($0 - $1) / requests }
        }
        return RegimeRates(
            endpoints: endpoints, services: services, busyCores: busyCores, storage: storage, caches: caches,
            seriesFailure: seriesFailure)
    }

    /// What a monitored series' calls have in common with others': their service and the flaws
    /// its server group runs for that service.
    func seriesKind(_ key: RuntimeMonitor.SeriesKey) -> RegimeRates.SeriesKind {
        RegimeRates.SeriesKind(
            service: key.service, flaws: activeFlaws(of: Int(key.group)).filter { $0.service == key.service })
    }
}
