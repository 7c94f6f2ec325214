import SimKernel

/// Requests of one time-series bucket, end to end or of one endpoint.
struct RequestBucket {
    var requests = 0
    var answered = 0
    var failed = 0
    var latency = LatencyHistogram()
    /// The bucket's 99th percentile response time when no request was simulated in it: its
    /// fast-forwarded regime's [s].
    var fastP99: Double? = nil

    mutating func record(_ outcome: Outcome, latency: SimTime) {
        if outcome.answered {
            answered += 1
            self.latency.record(latency)
        } else {
            failed += 1
        }
    }

    /// `requests` drawn by the fast path, split as success, degraded, then failures.
    mutating func addDrawn(requests: Int, split: [Int]) {
        self.requests += requests
        answered += split[0] + split[1]
        failed += requests - split[0] - split[1]
    }

    /// Before the bucket closes: the fast-forwarded regime's latencies (`outcomes`) stand in
    /// for its part of the bucket.
    mutating func addFastForwarded(_ outcomes: RegimeRates.Outcomes) {
        if latency.count == 0 {
            fastP99 = Swift.max(fastP99 ?? 0, outcomes.p99)
        } else {
            latency.add(outcomes.histogram)
        }
    }

    mutating func reset() {
        requests = 0
        answered = 0
        failed = 0
        latency.reset()
        fastP99 = nil
    }

    /// The bucket's `request_rate`, `error_ratio` and `response_time_p99` points.
    func points(entity: String, seconds: Double, add: (String, String, MetricUnit, Double) -> Void) {
        add(entity, "request_rate", .perSecond, Double(requests) / seconds)
        add(entity, "error_ratio", .ratio, TimeseriesRecorder.errorRatio(failed: failed, succeeded: answered))
        add(entity, "response_time_p99", .seconds, fastP99 ?? latency.percentile(99))
    }
}

/// Counts of one time-series bucket, reset at each bucket's end.
struct BucketCounters {
    /// Every request.
    var endToEnd = RequestBucket()
    /// Per endpoint, when there is more than one (`RuntimeSpec.endpoints` order).
    var endpoints: [RequestBucket]
    /// Per call target: services, then storage clusters (operations they answered).
    var services: SharedTable<ServiceBucket>

    struct ServiceBucket {
        var arrivals = 0
        var succeeded = 0
        var failed = 0

        mutating func record(_ outcome: Outcome) {
            if outcome.answered { succeeded += 1 } else { failed += 1 }
        }
    }

    init(endpoints: Int, services: Int) {
        self.endpoints = endpoints > 1 ? Array(repeating: RequestBucket(), count: endpoints) : []
        self.services = SharedTable(repeatElement(ServiceBucket(), count: services))
    }

    mutating func requestArrived(endpoint: Int) {
        endToEnd.requests += 1
        if !endpoints.isEmpty { endpoints[endpoint].requests += 1 }
    }

    mutating func recordRequest(endpoint: Int, _ outcome: Outcome, latency: SimTime) {
        endToEnd.record(outcome, latency: latency)
        if !endpoints.isEmpty { endpoints[endpoint].record(outcome, latency: latency) }
    }

    mutating func reset() {
        endToEnd.reset()
        for index in endpoints.indices { endpoints[index].reset() }
        for index in services.indices { services[index] = ServiceBucket() }
    }
}

/// Turns each bucket's counts into tidy time-series points.
struct TimeseriesRecorder {
    let resolution: SimTime
    let enabled: Bool
    var points: [TimeseriesPoint] = []

    /// Error share of the calls that finished in a bucket; 0 when none did.
    static func errorRatio(failed: Int, succeeded: Int) -> Double {
        failed + succeeded > 0 ? Double(failed) / Double(failed + succeeded) : 0
    }
}

extension RuntimeModel {
    /// Closes the bucket that ends now and schedules the next boundary.
    mutating func sample(in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let resolution = timeseries.resolution
        simulator.schedule(.sample, after: resolution)
        drawBucket(endingAt: now)
        defer { statistics.bucket.reset() }
        guard timeseries.enabled else { return }
        let start = (now - resolution).seconds
        let seconds = resolution.seconds
        let bucket = statistics.bucket
        func add(_ entity: String, _ metric: String, _ unit: MetricUnit, _ value: Double) {
            timeseries.points.append(
                TimeseriesPoint(time: start, entity: entity, metric: metric, unit: unit, value: value))
        }
        bucket.endToEnd.points(entity: spec.region, seconds: seconds, add: add)
        for (index, endpoint) in bucket.endpoints.enumerated() {
            endpoint.points(entity: endpoints[index].name, seconds: seconds, add: add)
        }
        var openBreakers = [Int](repeating: 0, count: bucket.services.count)
        for (client, service) in zip(clientStates, clientServices) {
            if case .open = client.breaker?.state { openBreakers[Int(service)] += 1 }
        }
        for (index, service) in services.enumerated() {
            let counts = bucket.services[index]
            add(service.name, "request_rate", .perSecond, Double(counts.arrivals) / seconds)
            add(service.name, "error_ratio", .ratio, TimeseriesRecorder.errorRatio(failed: counts.failed, succeeded: counts.succeeded))
            add(service.name, "instances_in_service", .count, deployables[Int(service.deployable)].inService.value)
            add(service.name, "breakers_open", .count, Double(openBreakers[index]))
        }
        for queue in queues {
            add(queue.name, "queue_length", .count, Double(queue.waiting.count))
            add(queue.name, "redelivering", .count, Double(queue.redeliveries.count))
        }
        for deployable in deployables where !deployable.isMicroservice {
            add(deployable.name, "instances_in_service", .count, deployable.inService.value)
        }
        for (index, cluster) in storageClusters.enumerated() {
            let name = spec.storage[index].name
            let counts = bucket.services[services.count + index]
            add(name, "request_rate", .perSecond, Double(counts.arrivals) / seconds)
            add(name, "error_ratio", .ratio, TimeseriesRecorder.errorRatio(failed: counts.failed, succeeded: counts.succeeded))
            add(name, "nodes_up", .count, cluster.nodesUp)
            add(name, "breakers_open", .count, Double(openBreakers[services.count + index]))
        }
    }
}
