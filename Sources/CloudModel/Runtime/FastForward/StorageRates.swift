import SimKernel

/// A hosted storage cluster's share of the work per user request, measured over a regime's
/// sample (`RegimeRates`): per workload its operations, how they end and how long they take;
/// busy CPU and disk time; the cluster's counters (replica writes, device reads and writes,
/// hints, rejections, failovers).
struct StorageRates {
    struct Workload {
        var operations: Double
        /// Succeeded, then each failure reason.
        var outcomes: RegimeRates.Outcomes
        /// Share of the succeeded within the latency target.
        var withinTarget: Double
    }

    var workloads: [Workload]
    /// CPU, disk-read and disk-write busy time per request [busy ns].
    var busy: [Double]
    /// `StorageStatistics.counters` order.
    var counters: [Double]
}

/// A storage cluster's observations at a sample's start.
struct StorageSnapshot {
    var statistics: StorageStatistics
    var busy: [Double]
}

extension StorageStatistics {
    /// The busy integrals at `time`: CPU, disk reads, disk writes [busy ns].
    func busyIntegrals(at time: SimTime) -> [Double] {
        [cpuBusy.integral(at: time), diskReadsBusy.integral(at: time), diskWritesBusy.integral(at: time)]
    }

    /// Replica writes, dropped replica writes, device writes, device reads, hints stored and
    /// replayed, rejections, failovers.
    var counters: [Double] {
        [
            Double(replicaWrites), Double(droppedReplicaWrites), deviceWrites, Double(deviceReads), Double(hintsStored),
            Double(hintsReplayed), Double(rejections), Double(failovers),
        ]
    }

    /// Adds drawn counters, in `counters` order.
    mutating func addCounters(_ drawn: [Int]) {
        replicaWrites += drawn[0]
        droppedReplicaWrites += drawn[1]
        deviceWrites += Double(drawn[2])
        deviceReads += drawn[3]
        hintsStored += drawn[4]
        hintsReplayed += drawn[5]
        rejections += drawn[6]
        failovers += drawn[7]
    }

    /// What happened since `start`, per user request of the `requests` that arrived meanwhile.
    func rates(since start: StorageSnapshot, at now: SimTime, requests: Double) -> StorageRates {
        let workloads = zip(workloads, start.statistics.workloads).map { after, before in
            let succeeded = Double(after.succeeded - before.succeeded)
            return StorageRates.Workload(
                operations: Double(after.operations - before.operations) / requests,
                outcomes: RegimeRates.Outcomes(
                    [succeeded] + zip(after.failed, before.failed).map { Double($0 - $1) },
                    histogram: after.percentiles.subtracting(before.percentiles)),
                withinTarget: succeeded > 0 ? Double(after.withinTarget - before.withinTarget) / succeeded : 1)
        }
        return StorageRates(
            workloads: workloads, busy: zip(busyIntegrals(at: now), start.busy).map { ($0 - $1) / requests },
            counters: zip(counters, start.statistics.counters).map { ($0 - $1) / requests })
    }
}

extension WorkloadStatistics {
    /// Drawn latencies of succeeded operations, as (value [ns], count).
    mutating func recordLatencies(_ drawn: [(value: UInt64, count: Int)]) {
        drawn.record(into: &percentiles, &latency)
    }

    /// `operations` drawn operations, split as succeeded then each failure reason, `within` of
    /// them within the latency target; latencies come later.
    mutating func addDrawn(operations: Int, split: [Int], within: Int) {
        self.operations += operations
        succeeded += split[0]
        for reason in 1..<split.count { failed[reason - 1] += split[reason] }
        withinTarget += within
    }
}

extension RuntimeModel {
    /// The storage clusters' share of `requests` drawn requests: operations per workload split
    /// by outcome, busy time, counters. Returns the succeeded operations per (cluster, workload),
    /// whose latencies `drawStorageLatencies` draws.
    mutating func drawStorage(_ rates: [StorageRates], requests: Int, stream: RandomStream) -> [[Int]] {
        var succeeded: [[Int]] = []
        for (cluster, rate) in rates.enumerated() {
            var perWorkload: [Int] = []
            let failing = storageClusters[cluster].activeFailures > 0
            for (workload, share) in rate.workloads.enumerated() {
                let operations = stream.roundRandomly(share.operations * Double(requests))
                let split = operations > 0 ? stream.multinomial(trials: operations, weights: share.outcomes.weights) : [0]
                let within = stream.binomial(trials: split[0], p: share.withinTarget)
                if operations > 0 {
                    storageClusters[cluster].statistics.workloads[workload].addDrawn(operations: operations, split: split, within: within)
                    if failing {
                        storageClusters[cluster].statistics.duringFailures.addDrawn(operations: operations, split: split, within: within)
                    }
                }
                perWorkload.append(split[0])
            }
            succeeded.append(perWorkload)
            let busy = rate.busy.map { $0 * Double(requests) }
            storageClusters[cluster].statistics.cpuBusy.addArea(busy[0])
            storageClusters[cluster].statistics.diskReadsBusy.addArea(busy[1])
            storageClusters[cluster].statistics.diskWritesBusy.addArea(busy[2])
            let counters = rate.counters.map { stream.roundRandomly($0 * Double(requests)) }
            storageClusters[cluster].statistics.addCounters(counters)
            storageClusters[cluster].holdHints(counters[4], stream: stream)
        }
        return succeeded
    }

    /// Latencies of `succeeded` operations per (cluster, workload), from the sample's.
    mutating func drawStorageLatencies(_ rates: [StorageRates], succeeded: [[Int]], stream: RandomStream) {
        for (cluster, perWorkload) in succeeded.enumerated() {
            let failing = storageClusters[cluster].activeFailures > 0
            for (workload, count) in perWorkload.enumerated() where count > 0 {
                let drawn = rates[cluster].workloads[workload].outcomes.drawLatencies(count, stream: stream)
                storageClusters[cluster].statistics.workloads[workload].recordLatencies(drawn)
                if failing { storageClusters[cluster].statistics.duringFailures.recordLatencies(drawn) }
            }
        }
    }
}

extension StorageModel {
    /// `count` drawn hints, held for the nodes down in equal shares (at random), to be replayed
    /// when they return as simulated ones are.
    mutating func holdHints(_ count: Int, stream: RandomStream) {
        let down = nodes.indices.filter { !nodes[$0].up }
        guard count > 0, !down.isEmpty else { return }
        let shares = stream.multinomial(trials: count, weights: down.map { _ in 1 })
        for (node, share) in zip(down, shares) { nodes[node].hints += share }
    }
}
