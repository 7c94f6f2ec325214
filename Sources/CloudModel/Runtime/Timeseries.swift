import SimKernel

/// Counts of one time-series bucket, reset at each bucket's end.
struct BucketCounters {
    var requests = 0
    var answered = 0
    var failed = 0
    var latency = LatencyHistogram()
    /// The bucket's 99th percentile response time when no request was simulated in it: its
    /// fast-forwarded regime's [s].
    var fastP99: Double? = nil
    /// Per call target: services, then storage clusters (operations they answered).
    var services: [ServiceBucket]

    struct ServiceBucket {
        var arrivals = 0
        var succeeded = 0
        var failed = 0

        mutating func record(_ outcome: Outcome) {
            if outcome.answered { succeeded += 1 } else { failed += 1 }
        }
    }

    init(services: Int) {
        self.services = Array(repeating: ServiceBucket(), count: services)
    }

    mutating func recordRequest(_ outcome: Outcome, latency: SimTime) {
        if outcome.answered {
            answered += 1
            self.latency.record(latency)
        } else {
            failed += 1
        }
    }

    mutating func reset() {
        requests = 0
        answered = 0
        failed = 0
        latency.reset()
        fastP99 = nil
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
        func add(_ entity: String, _ metric: String, _ value: Double) {
            timeseries.points.append(TimeseriesPoint(time: start, entity: entity, metric: metric, value: value))
        }
        add(spec.region, "request_rate", Double(bucket.requests) / seconds)
        add(spec.region, "error_ratio", TimeseriesRecorder.errorRatio(failed: bucket.failed, succeeded: bucket.answered))
        add(spec.region, "response_time_p99", bucket.fastP99 ?? bucket.latency.percentile(99))
        var openBreakers = [Int](repeating: 0, count: bucket.services.count)
        for (client, service) in zip(clientStates, clientServices) {
            if case .open = client.breaker?.state { openBreakers[Int(service)] += 1 }
        }
        for (index, service) in services.enumerated() {
            let counts = bucket.services[index]
            add(service.name, "request_rate", Double(counts.arrivals) / seconds)
            add(service.name, "error_ratio", TimeseriesRecorder.errorRatio(failed: counts.failed, succeeded: counts.succeeded))
            add(service.name, "instances_in_service", deployables[Int(service.deployable)].inService.value)
            add(service.name, "breakers_open", Double(openBreakers[index]))
        }
        for deployable in deployables where !deployable.isMicroservice {
            add(deployable.name, "instances_in_service", deployable.inService.value)
        }
        for (index, cluster) in storageClusters.enumerated() {
            let name = spec.storage[index].name
            let counts = bucket.services[services.count + index]
            add(name, "request_rate", Double(counts.arrivals) / seconds)
            add(name, "error_ratio", TimeseriesRecorder.errorRatio(failed: counts.failed, succeeded: counts.succeeded))
            add(name, "nodes_up", cluster.nodesUp)
            add(name, "breakers_open", Double(openBreakers[services.count + index]))
        }
    }
}
