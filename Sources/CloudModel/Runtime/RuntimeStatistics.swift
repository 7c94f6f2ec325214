import SimKernel

/// What a runtime replication observes after the warm-up.
struct RuntimeStatistics {
    var endToEnd: RequestStatistics
    var perEndpoint: [RequestStatistics]
    /// Per call target: the services, then the storage clusters (whose entries hold only their
    /// callers' client view; the cluster observes the rest).
    var services: SharedTable<RuntimeServiceStatistics>
    /// Per deployable: its instance group.
    var deployables: [InstanceGroupStatistics]
    /// Counts of the current time-series bucket.
    var bucket: BucketCounters
    /// Several regions: requests by the region their users start in; empty for one region.
    var perRegion: [RequestStatistics]
    /// Requests that arrived while a chaos window was open, end to end and per endpoint (when
    /// there are several).
    var duringChaos: RequestStatistics
    var perEndpointDuringChaos: [RequestStatistics]
    /// Per call target (as `services`): what its callers saw of it as a cache.
    var caches: [CacheStatistics]
    /// Several regions: instances alive per (deployable, region), `deployable × regions + region`.
    var regionAlive: [TimeWeighted]

    /// Requests answered within this are good (`RuntimeSpec.latencyTarget`); `.max` for none.
    let latencyTarget: SimTime

    init(
        endpoints: Int, services: Int, deployables: Int, storageClusters: Int, regions: Int = 1,
        latencyTarget: SimTime? = nil
    ) {
        let regions = regions > 1 ? regions : 0
        self.latencyTarget = latencyTarget ?? .max
        endToEnd = RequestStatistics(target: self.latencyTarget)
        perRegion = Array(repeating: RequestStatistics(target: self.latencyTarget), count: regions)
        regionAlive = Array(repeating: TimeWeighted(), count: deployables * regions)
        perEndpoint = Array(repeating: RequestStatistics(target: self.latencyTarget), count: endpoints)
        duringChaos = RequestStatistics(target: self.latencyTarget)
        perEndpointDuringChaos = perEndpoint
        self.services = SharedTable(repeatElement(RuntimeServiceStatistics(), count: services + storageClusters))
        self.deployables = Array(repeating: InstanceGroupStatistics(), count: deployables)
        caches = Array(repeating: CacheStatistics(), count: services + storageClusters)
        bucket = BucketCounters(endpoints: endpoints, services: services + storageClusters)
    }

    mutating func requestArrived(endpoint: Int, counted: Bool, duringChaos chaos: Bool) {
        guard counted else { return }
        endToEnd.requests += 1
        if perEndpoint.count > 1 { perEndpoint[endpoint].requests += 1 }
        bucket.requestArrived(endpoint: endpoint)
        guard chaos else { return }
        duringChaos.requests += 1
        if perEndpoint.count > 1 { perEndpointDuringChaos[endpoint].requests += 1 }
    }

    mutating func requestFinished(endpoint: Int, outcome: Outcome, latency: SimTime, duringChaos chaos: Bool) {
        endToEnd.record(outcome, latency: latency)
        if perEndpoint.count > 1 { perEndpoint[endpoint].record(outcome, latency: latency) }
        guard chaos else { return }
        duringChaos.record(outcome, latency: latency)
        if perEndpoint.count > 1 { perEndpointDuringChaos[endpoint].record(outcome, latency: latency) }
    }

    mutating func restart(at time: SimTime) {
        endToEnd = RequestStatistics(target: latencyTarget)
        for index in perEndpoint.indices { perEndpoint[index] = RequestStatistics(target: latencyTarget) }
        for index in perRegion.indices { perRegion[index] = RequestStatistics(target: latencyTarget) }
        duringChaos = RequestStatistics(target: latencyTarget)
        for index in perEndpointDuringChaos.indices {
            perEndpointDuringChaos[index] = RequestStatistics(target: latencyTarget)
        }
        for index in regionAlive.indices { regionAlive[index] = TimeWeighted(value: regionAlive[index].value, at: time) }
        for index in services.indices { services[index].restart(at: time) }
        for index in deployables.indices { deployables[index].restart(at: time) }
        for index in caches.indices { caches[index] = CacheStatistics() }
    }
}

/// Requests by outcome, and the response time of those answered.
struct RequestStatistics {
    var requests = 0
    var succeeded = 0
    var degraded = 0
    var failed = [Int](repeating: 0, count: FailureReason.allCases.count)
    var responseTime = Tally()
    var responsePercentiles = LatencyHistogram()
    /// The latency target (`.max`: none), and the requests answered within it.
    var target: SimTime = .max
    var withinTarget = 0

    mutating func record(_ outcome: Outcome, latency: SimTime) {
        switch outcome {
        case .success: succeeded += 1
        case .degraded: degraded += 1
        case .failed(let reason):
            failed[Int(reason.rawValue)] += 1
            return
        }
        if latency <= target { withinTarget += 1 }
        responseTime.record(latency.seconds)
        responsePercentiles.record(latency)
    }

    var failedTotal: Int { failed.reduce(0, +) }

    /// Its metrics; `seconds`, the observed time, gives `goodput` (with a latency target).
    func metrics(prefix: String, seconds: Double) -> [Metric] {
        let total = Double(requests)
        let answered = Double(succeeded + degraded)
        let finished = succeeded + degraded + failedTotal
        var metrics = [
            Metric(prefix + "requests", .count, total),
            Metric(prefix + "success", .count, Double(succeeded)),
            Metric(prefix + "degraded", .count, Double(degraded)),
        ]
        metrics += Metric.failures(prefix: prefix, counts: failed, names: FailureReason.metricNames)
        metrics += [
            Metric(prefix + "in_flight", .count, Double(requests - finished)),
            Metric(prefix + "availability", .ratio, total > 0 ? answered / total : 1),
        ]
        if target != .max {
            // Good: answered within the target. Failures and requests still in flight count
            // against the share, unlike the percentiles, which are of answered requests.
            metrics += [
                Metric(prefix + "within_target", .ratio, total > 0 ? Double(withinTarget) / total : 1),
                Metric(prefix + "goodput", .perSecond, seconds > 0 ? Double(withinTarget) / seconds : 0),
            ]
        }
        return metrics + Metric.responseTimes(prefix: prefix, mean: responseTime, percentiles: responsePercentiles)
    }
}

/// Everything observed at one service: the callee's view and its callers' client view. Its
/// instance group's figures are its deployable's (`InstanceGroupStatistics`).
struct RuntimeServiceStatistics {
    // Callee side.
    var arrivals = 0
    var succeeded = 0
    var failed = [Int](repeating: 0, count: FailureReason.allCases.count)
    var responseTime = Tally()
    /// Two significant digits, recorded in batches: a graph has hundreds of services, one
    /// histogram each.
    var responsePercentiles = BatchedLatencyHistogram(precise: false)
    /// Servers held by calls to the service (an in-process call holds none of its own: its
    /// caller's server counts for the caller's service).
    var busyServers = TimeWeighted()
    // Client side: calls made to this service.
    var firstAttempts = 0
    var retries = 0
    var timeouts = 0
    var shortCircuited = 0
    var bulkheadRejected = 0
    var fallbacks = 0

    mutating func recordAttempt(retry: Bool) {
        if retry { retries += 1 } else { firstAttempts += 1 }
    }

    mutating func recordOutcome(_ outcome: Outcome, latency: SimTime) {
        switch outcome {
        case .success, .degraded:
            succeeded += 1
            responseTime.record(latency.seconds)
            responsePercentiles.record(latency)
        case .failed(let reason):
            failed[Int(reason.rawValue)] += 1
        }
    }

    mutating func restart(at time: SimTime) {
        let busy = busyServers
        self = RuntimeServiceStatistics()
        busyServers = TimeWeighted(value: busy.value, at: time)
    }

    /// The callee's view and the callers' client view of `service`; a microservice's own
    /// instance group's figures (`group`) sit between them, as they always have.
    /// - Parameters:
    ///   - group: the group of the service's deployable, whose instances have `servers` threads
    ///     and `cores` cores (nil: the threads are the processor).
    ///   - ownGroup: whether that group is the service's alone (a microservice); a packaged
    ///     service's group figures are reported once, under its deployable.
    ///   - breakerTransitions: state changes of the breakers guarding calls to the service.
    func metrics(
        service: String, group: InstanceGroupStatistics, servers: Int, cores: Double?, pricePerHour: Double,
        ownGroup: Bool, breakerTransitions: Int, to end: SimTime
    ) -> [Metric] {
        let prefix = service + "."
        var metrics = [
            Metric(prefix + "calls", .count, Double(arrivals)),
            Metric(prefix + "succeeded", .count, Double(succeeded)),
        ]
        metrics += Metric.failures(prefix: prefix, counts: failed, names: FailureReason.metricNames)
        metrics += Metric.responseTimes(prefix: prefix, mean: responseTime, percentiles: responsePercentiles.histogram)
        // A packaged service's calls share servers with the deployable's other services (an
        // in-process call runs on its caller's), so only the deployable's utilisation means much.
        if ownGroup {
            metrics += group.utilisations(
                prefix: prefix, busyServers: busyServers.integral(at: end), servers: servers, cores: cores, to: end)
            metrics += group.metrics(prefix: prefix, pricePerHour: pricePerHour, to: end)
        }
        return metrics + clientMetrics(prefix: prefix, breakerTransitions: breakerTransitions)
    }

    /// The callers' view of calls to the target named by `prefix`.
    /// - Parameter breakerTransitions: state changes of the breakers guarding those calls.
    func clientMetrics(prefix: String, breakerTransitions: Int) -> [Metric] {
        let attempts = firstAttempts + retries
        return [
            Metric(prefix + "attempts", .count, Double(attempts)),
            Metric(prefix + "retries", .count, Double(retries)),
            Metric(prefix + "amplification", .count, firstAttempts > 0 ? Double(attempts) / Double(firstAttempts) : 1),
            Metric(prefix + "timeouts", .count, Double(timeouts)),
            Metric(prefix + "short_circuited", .count, Double(shortCircuited)),
            Metric(prefix + "bulkhead_rejected", .count, Double(bulkheadRejected)),
            Metric(prefix + "fallbacks", .count, Double(fallbacks)),
            Metric(prefix + "breaker_transitions", .count, Double(breakerTransitions)),
        ]
    }
}

/// What a deployable's instance group did: instances over time, failures, scaling.
struct InstanceGroupStatistics {
    var inServiceInstances = TimeWeighted()
    var aliveInstances = TimeWeighted()
    /// Cores in use over its instances (with `cores`) [count].
    var busyCores = TimeWeighted()
    var instanceFailures = 0
    var scaleOuts = 0
    var scaleIns = 0

    mutating func restart(at time: SimTime) {
        let (inService, alive, cores) = (inServiceInstances, aliveInstances, busyCores)
        self = InstanceGroupStatistics()
        inServiceInstances = TimeWeighted(value: inService.value, at: time)
        aliveInstances = TimeWeighted(value: alive.value, at: time)
        busyCores = TimeWeighted(value: cores.value, at: time)
    }

    /// Instance time launched to terminated [h].
    func instanceHours(at end: SimTime) -> Double { aliveInstances.integral(at: end) / 3.6e12 }

    /// Share of the capacity of the group's instances in service, `perInstance` [count] each (its
    /// servers or its cores), that `busy` [busy ns] used.
    func utilisation(busy: Double, perInstance: Double, to end: SimTime) -> Double {
        let inServiceTime = inServiceInstances.integral(at: end)
        return inServiceTime > 0 ? busy / (inServiceTime * perInstance) : 0
    }

    /// `PREFIX.utilisation`, the threads' (held servers / servers, `busyServers` [busy-server ns]
    /// over `servers` per instance), and with `cores` `PREFIX.core_utilisation` (busy cores /
    /// cores).
    func utilisations(prefix: String, busyServers: Double, servers: Int, cores: Double?, to end: SimTime) -> [Metric] {
        let threads = utilisation(busy: busyServers, perInstance: Double(servers), to: end)
        var metrics = [Metric(prefix + "utilisation", .ratio, threads)]
        if let cores {
            let busy = utilisation(busy: busyCores.integral(at: end), perInstance: cores, to: end)
            metrics.append(Metric(prefix + "core_utilisation", .ratio, busy))
        }
        return metrics
    }

    /// `instances_mean` … `cost`, after `PREFIX.utilisation`.
    func metrics(prefix: String, pricePerHour: Double, to end: SimTime) -> [Metric] {
        let instanceHours = instanceHours(at: end)
        return [
            Metric(prefix + "instances_mean", .count, inServiceInstances.average(at: end)),
            Metric(prefix + "instance_failures", .count, Double(instanceFailures)),
            Metric(prefix + "scale_outs", .count, Double(scaleOuts)),
            Metric(prefix + "scale_ins", .count, Double(scaleIns)),
            Metric(prefix + "instance_hours", .hours, instanceHours),
            Metric(prefix + "cost", .usd, instanceHours * pricePerHour),
        ]
    }
}
