import SimKernel

/// Waiting times in queues (before service): their mean, how often a request waited at all, and
/// percentiles.
///
/// Only positive waits go into the histogram; a percentile at or below the share of requests
/// that did not wait is exactly 0, and one above it is the matching percentile of the positive
/// waits. (A histogram of every wait would report its lowest bucket's bound, about 1 µs, for a
/// request that never queued.)
struct WaitingTimes {
    var mean = Tally()
    /// Requests that waited longer than 0.
    var waited = 0
    var positive = LatencyHistogram()

    mutating func record(_ duration: SimTime) {
        mean.record(duration.seconds)
        guard duration > 0 else { return }
        waited += 1
        positive.record(duration)
    }

    mutating func reset() {
        mean.reset()
        waited = 0
        positive.reset()
    }

    /// The waiting time at `percentile` (0…100) [s].
    func percentile(_ percentile: Double) -> Double {
        let zeroShare = 1 - Double(waited) / Double(mean.count)
        guard percentile / 100 > zeroShare, waited > 0 else { return 0 }
        return positive.percentile(100 * (percentile / 100 - zeroShare) / (1 - zeroShare))
    }

    /// `PREFIXwaiting_time_mean`, `PREFIXwait_probability` (the share of requests that queued:
    /// Erlang C's delay probability in an M/M/c queue) and `PREFIXwaiting_time_p50`, `_p90`,
    /// `_p99` [s]; none when no request was served.
    func metrics(prefix: String) -> [Metric] {
        guard mean.count > 0 else { return [] }
        return [
            Metric(prefix + "waiting_time_mean", .seconds, mean.mean),
            Metric(prefix + "wait_probability", .ratio, Double(waited) / Double(mean.count)),
        ]
            + [(50.0, "p50"), (90, "p90"), (99, "p99")].map { value, name in
                Metric(prefix + "waiting_time_" + name, .seconds, percentile(value))
            }
    }
}

/// What completed requests saw: their response times and waits, end to end, at a service, or
/// for one request type at one service.
struct CompletionStatistics {
    var completed = 0
    var responseTime = Tally()
    var responsePercentiles = LatencyHistogram()
    var waiting = WaitingTimes()

    mutating func reset() {
        completed = 0
        responseTime.reset()
        responsePercentiles.reset()
        waiting.reset()
    }

    /// A request completed after `response` [ns], of which it waited `waited` [ns].
    mutating func record(response: SimTime, waited: SimTime) {
        completed += 1
        responseTime.record(response.seconds)
        responsePercentiles.record(response)
        waiting.record(waited)
    }

    /// Waiting and response-time metrics (`WaitingTimes.metrics`, `Metric.responseTimes`).
    func metrics(prefix: String) -> [Metric] {
        waiting.metrics(prefix: prefix)
            + Metric.responseTimes(prefix: prefix, mean: responseTime, percentiles: responsePercentiles)
    }
}

/// Observations of requests flowing end to end (all requests, or one request type).
struct FlowStatistics {
    var arrivals = 0
    var rejected = 0
    var served = CompletionStatistics()
    /// Requests in the system (arrived, not yet completed or rejected).
    var inSystem = TimeWeighted()

    mutating func restart(at time: SimTime) {
        arrivals = 0
        rejected = 0
        served.reset()
        inSystem.restart(at: time)
    }

    /// End-to-end metrics, names prefixed with `prefix` (empty, or `entity.`).
    func metrics(prefix: String, observed seconds: Double, at end: SimTime) -> [Metric] {
        let offered = Double(arrivals)
        return [
            Metric(prefix + "arrivals", .count, offered),
            Metric(prefix + "completed", .count, Double(served.completed)),
            Metric(prefix + "rejected", .count, Double(rejected)),
            Metric(prefix + "rejection_ratio", .ratio, offered > 0 ? Double(rejected) / offered : 0),
            Metric(prefix + "throughput", .perSecond, Double(served.completed) / seconds),
            Metric(prefix + "in_system_mean", .count, inSystem.average(at: end)),
        ] + served.metrics(prefix: prefix)
    }
}

/// Observations at one service (all its instances together, and each instance's busy servers).
struct ServiceStatistics {
    var arrivals = 0
    var rejected = 0
    /// Time at the service: waiting plus service.
    var served = CompletionStatistics()
    /// Servers busy, summed over instances.
    var busyServers = TimeWeighted()
    /// Servers busy per instance, when the service has more than one.
    var busyPerInstance: [TimeWeighted]
    /// Requests waiting, summed over instances.
    var queueLength = TimeWeighted()

    init(instances: Int) {
        busyPerInstance = instances > 1 ? Array(repeating: TimeWeighted(), count: instances) : []
    }

    mutating func restart(at time: SimTime) {
        arrivals = 0
        rejected = 0
        served.reset()
        busyServers.restart(at: time)
        for index in busyPerInstance.indices { busyPerInstance[index].restart(at: time) }
        queueLength.restart(at: time)
    }

    /// A server of the service's `instance`-th instance (0-based) is taken (`change` 1) or freed (-1).
    mutating func serverBusy(_ change: Double, instance: Int, at now: SimTime) {
        busyServers.add(change, at: now)
        if !busyPerInstance.isEmpty { busyPerInstance[instance].add(change, at: now) }
    }

    /// `SERVICE.metric`, and `SERVICE.N.utilisation` for each instance N (1, 2, …) of a service
    /// with several; `servers[i]` is instance i's server count.
    func metrics(service: String, servers: [Int], observed seconds: Double, at end: SimTime) -> [Metric] {
        let prefix = service + "."
        let totalServers = servers.reduce(0, +)
        return [
            Metric(prefix + "arrivals", .count, Double(arrivals)),
            Metric(prefix + "completed", .count, Double(served.completed)),
            Metric(prefix + "rejected", .count, Double(rejected)),
            Metric(prefix + "throughput", .perSecond, Double(served.completed) / seconds),
            Metric(prefix + "utilisation", .ratio, busyServers.average(at: end) / Double(totalServers)),
            Metric(prefix + "queue_length_mean", .count, queueLength.average(at: end)),
        ] + served.metrics(prefix: prefix)
            + zip(busyPerInstance, servers).enumerated().map { index, pair in
                Metric("\(prefix)\(index + 1).utilisation", .ratio, pair.0.average(at: end) / Double(pair.1))
            }
    }
}
