import SimKernel

/// Observations of requests flowing end to end (all requests, or one request type).
struct FlowStatistics {
    var arrivals = 0
    var completed = 0
    var rejected = 0
    var responseTime = Tally()
    var responsePercentiles = LatencyHistogram()
    var waitingTime = Tally()
    /// Requests in the system (arrived, not yet completed or rejected).
    var inSystem = TimeWeighted()

    mutating func restart(at time: SimTime) {
        arrivals = 0
        completed = 0
        rejected = 0
        responseTime.reset()
        responsePercentiles.reset()
        waitingTime.reset()
        inSystem.restart(at: time)
    }

    /// End-to-end metrics, names prefixed with `prefix` (empty, or `entity.`).
    func metrics(prefix: String, observed seconds: Double, at end: SimTime) -> [Metric] {
        let offered = Double(arrivals)
        return [
            Metric(prefix + "arrivals", .count, offered),
            Metric(prefix + "completed", .count, Double(completed)),
            Metric(prefix + "rejected", .count, Double(rejected)),
            Metric(prefix + "rejection_ratio", .ratio, offered > 0 ? Double(rejected) / offered : 0),
            Metric(prefix + "throughput", .perSecond, Double(completed) / seconds),
            Metric(prefix + "in_system_mean", .count, inSystem.average(at: end)),
        ] + Metric.mean(prefix + "waiting_time_mean", waitingTime) + Metric.responseTimes(prefix: prefix, mean: responseTime, percentiles: responsePercentiles)
    }
}

/// Observations at one service (all its instances together).
struct ServiceStatistics {
    var arrivals = 0
    var completed = 0
    var rejected = 0
    /// Time at the service: waiting plus service.
    var responseTime = Tally()
    var responsePercentiles = LatencyHistogram()
    var waitingTime = Tally()
    /// Servers busy, summed over instances.
    var busyServers = TimeWeighted()
    /// Requests waiting, summed over instances.
    var queueLength = TimeWeighted()

    mutating func restart(at time: SimTime) {
        arrivals = 0
        completed = 0
        rejected = 0
        responseTime.reset()
        responsePercentiles.reset()
        waitingTime.reset()
        busyServers.restart(at: time)
        queueLength.restart(at: time)
    }

    /// A request finished its call here after `response` [ns], of which it waited `waited` [ns].
    mutating func recordCompletion(response: SimTime, waited: SimTime) {
        completed += 1
        responseTime.record(response.seconds)
        responsePercentiles.record(response)
        waitingTime.record(waited.seconds)
    }

    func metrics(service: String, totalServers: Int, observed seconds: Double, at end: SimTime) -> [Metric] {
        let prefix = service + "."
        return [
            Metric(prefix + "arrivals", .count, Double(arrivals)),
            Metric(prefix + "completed", .count, Double(completed)),
            Metric(prefix + "rejected", .count, Double(rejected)),
            Metric(prefix + "throughput", .perSecond, Double(completed) / seconds),
            Metric(prefix + "utilisation", .ratio, busyServers.average(at: end) / Double(totalServers)),
            Metric(prefix + "queue_length_mean", .count, queueLength.average(at: end)),
        ] + Metric.mean(prefix + "waiting_time_mean", waitingTime) + Metric.responseTimes(prefix: prefix, mean: responseTime, percentiles: responsePercentiles)
    }
}
