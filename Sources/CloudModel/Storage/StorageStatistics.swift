import SimKernel

/// What a storage replication observes after the warm-up.
struct StorageStatistics {
    var workloads: [WorkloadStatistics]
    /// Operations that arrived while some failure was on (all workloads).
    var duringFailures = WorkloadStatistics()
    /// CPU threads busy, summed over nodes.
    var cpuBusy = TimeWeighted()
    /// Disk channels busy, summed over nodes (and the array).
    var diskReadsBusy = TimeWeighted()
    var diskWritesBusy = TimeWeighted()
    var nodesUp: TimeWeighted
    var replicaWrites = 0
    /// Replica copies of writes that a node turned away or lost with its death.
    var droppedReplicaWrites = 0
    /// Disk writes, counting write amplification.
    var deviceWrites = 0.0
    var deviceReads = 0
    var hintsStored = 0
    var hintsReplayed = 0
    var rejections = 0
    var failovers = 0
    /// A replica set's primaries elected.
    var elections = 0
    /// 1 while a replica set has no primary, else 0.
    var withoutPrimary = TimeWeighted()
    /// Multi-region writes: acknowledgement to the last remote replica writing it.
    var replicationLag = Tally()
    var replicationLagPercentiles = LatencyHistogram()

    init(workloads: Int, nodes: Int) {
        self.workloads = Array(repeating: WorkloadStatistics(), count: workloads)
        nodesUp = TimeWeighted(value: Double(nodes))
    }

    mutating func record(workload: Int, failure: StorageFailure?, latency: SimTime, target: SimTime, duringFailure: Bool) {
        workloads[workload].record(failure: failure, latency: latency, target: target)
        if duringFailure { duringFailures.record(failure: failure, latency: latency, target: target) }
    }

    mutating func recordReplicationLag(_ lag: SimTime) {
        replicationLag.record(lag.seconds)
        replicationLagPercentiles.record(lag)
    }

    /// `PREFIXreplicated_writes` (writes whose lag was measured), `PREFIXreplication_lag_mean`,
    /// `_p99` and `_max` [s].
    func replicationLagMetrics(prefix: String) -> [Metric] {
        [Metric(prefix + "replicated_writes", .count, Double(replicationLag.count))]
            + Metric.mean(prefix + "replication_lag_mean", replicationLag)
            + (replicationLag.count > 0
                ? [Metric(prefix + "replication_lag_p99", .seconds, replicationLagPercentiles.percentile(99))] : [])
    }

    /// Every workload's observations together.
    var allWorkloads: WorkloadStatistics {
        var total = WorkloadStatistics()
        for workload in workloads { total.merge(workload) }
        return total
    }

    mutating func restart(at time: SimTime) {
        for index in workloads.indices { workloads[index] = WorkloadStatistics() }
        duringFailures = WorkloadStatistics()
        for keep in [\StorageStatistics.cpuBusy, \.diskReadsBusy, \.diskWritesBusy, \.nodesUp, \.withoutPrimary] {
            self[keyPath: keep].restart(at: time)
        }
        (replicaWrites, droppedReplicaWrites, deviceWrites, deviceReads) = (0, 0, 0, 0)
        (hintsStored, hintsReplayed, rejections, failovers, elections) = (0, 0, 0, 0, 0)
        (replicationLag, replicationLagPercentiles) = (Tally(), LatencyHistogram())
    }
}

/// Client operations of one workload (or all together): outcomes and latency.
struct WorkloadStatistics {
    var operations = 0
    var succeeded = 0
    var failed = [Int](repeating: 0, count: StorageFailure.allCases.count)
    /// Succeeded within the latency target.
    var withinTarget = 0
    var latency = Tally()
    var percentiles = LatencyHistogram()

    mutating func record(failure: StorageFailure?, latency duration: SimTime, target: SimTime) {
        if let failure {
            failed[Int(failure.rawValue)] += 1
            return
        }
        succeeded += 1
        if duration <= target { withinTarget += 1 }
        latency.record(duration.seconds)
        percentiles.record(duration)
    }

    /// Adds another workload's observations (for the all-workloads total).
    mutating func merge(_ other: WorkloadStatistics) {
        operations += other.operations
        succeeded += other.succeeded
        for index in failed.indices { failed[index] += other.failed[index] }
        withinTarget += other.withinTarget
        percentiles.add(other.percentiles)
        latency.merge(other.latency)
    }

    func metrics(prefix: String, seconds: Double) -> [Metric] {
        let failedTotal = failed.reduce(0, +)
        var metrics = [
            Metric(prefix + "operations", .count, Double(operations)),
            Metric(prefix + "succeeded", .count, Double(succeeded)),
        ]
        metrics += Metric.failures(prefix: prefix, counts: failed, names: StorageFailure.allCases.map(\.metricName))
        metrics += [
            Metric(prefix + "in_flight", .count, Double(operations - succeeded - failedTotal)),
            Metric(prefix + "availability", .ratio, operations > 0 ? Double(succeeded) / Double(operations) : 1),
            Metric(prefix + "throughput", .perSecond, Double(succeeded) / seconds),
            Metric(prefix + "throughput_within_target", .perSecond, Double(withinTarget) / seconds),
        ]
        return metrics + Metric.responseTimes(prefix: prefix, mean: latency, percentiles: percentiles)
    }
}
