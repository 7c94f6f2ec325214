import SimKernel

/// An event type that can carry a storage cluster's events, so that a model hosting clusters
/// (a runtime whose services call them) runs them in its own simulator: one event list, one
/// clock. `StorageModel.Event` carries itself; a host adds a case, which an enum case can
/// satisfy: `case storage(StorageModel.Event, cluster: UInt16)`.
public protocol StorageEventCarrier {
    /// The host's event for `event` of its cluster number `cluster`.
    static func storage(_ event: StorageModel.Event, cluster: UInt16) -> Self
}

extension StorageModel.Event: StorageEventCarrier {
    /// A cluster on its own: its events are the simulator's.
    public static func storage(_ event: StorageModel.Event, cluster: UInt16) -> Self { event }
}

extension Simulator where Event: StorageEventCarrier {
    /// Schedules a storage event of cluster `cluster` `delay` [ns] from now.
    @inlinable
    mutating func schedule(_ event: StorageModel.Event, of cluster: UInt16, after delay: SimTime) {
        schedule(Event.storage(event, cluster: cluster), after: delay)
    }
}

/// Identifies the host's waiting call (and which attempt of it) behind an operation.
struct StorageCaller {
    var call: SlotHandle
    var attempt: Int32
}

/// How a host's operation ended, handed back when the answer reaches the caller.
struct StorageCompletion {
    var caller: StorageCaller
    /// nil: succeeded.
    var failure: StorageFailure?
}

/// The operations a host uses besides `startOperation` (on behalf of a call) and `step`: take
/// a zone down and bring it back, restart statistics at the warm-up's end, report.
extension StorageModel {
    /// Every node in `zone` goes down (a zone outage of the host); overlapping outages nest.
    mutating func zoneGoesDown<E: StorageEventCarrier>(_ zone: Int32, in simulator: inout Simulator<E>) {
        activeFailures += 1
        for node in nodesInZone[Int(zone)] { takeDown(node, in: &simulator) }
    }

    /// The zone's outage is over: its nodes come back (each once no other failure holds it).
    mutating func zoneComesBack<E: StorageEventCarrier>(_ zone: Int32, in simulator: inout Simulator<E>) {
        activeFailures -= 1
        for node in nodesInZone[Int(zone)] { bringUp(node, in: &simulator) }
    }

    /// `count` nodes chosen with `stream` among those up go down (a storage scenario's
    /// `nodes_down`, a runtime's `storage_nodes_down`); returns them.
    mutating func nodesGoDown<E: StorageEventCarrier>(
        _ count: Int, chosenBy stream: RandomStream, in simulator: inout Simulator<E>
    ) -> [Int32] {
        activeFailures += 1
        var candidates = nodes.indices.filter { nodes[$0].up }.map { Int32($0) }
        var chosen: [Int32] = []
        for _ in 0..<min(count, candidates.count) {
            chosen.append(candidates.remove(at: stream.integer(below: candidates.count)))
        }
        for node in chosen { takeDown(node, in: &simulator) }
        return chosen
    }

    /// Nodes `nodesGoDown` took down come back (each once no other failure holds it).
    mutating func nodesComeBack<E: StorageEventCarrier>(_ chosen: [Int32], in simulator: inout Simulator<E>) {
        activeFailures -= 1
        for node in chosen { bringUp(node, in: &simulator) }
    }

    mutating func endWarmUp(at now: SimTime) {
        warmUpEnd = now
        statistics.restart(at: now)
    }

    /// Operations of every workload together, then the cluster's plan, load and cost, named
    /// `PREFIXoperations`, `PREFIXresponse_time_p99`, `PREFIXcpu_utilisation`, ….
    func hostedMetrics(prefix: String, from start: SimTime, to end: SimTime) -> [Metric] {
        statistics.allWorkloads.metrics(prefix: prefix, seconds: (end - start).seconds)
            + clusterMetrics(prefix: prefix, from: start, to: end)
    }

    /// Storage nodes up now [count].
    var nodesUp: Double { statistics.nodesUp.value }

    /// What the cluster cost from `start` to `end` [USD].
    func cost(from start: SimTime, to end: SimTime) -> Double {
        capacityPlan.costPerHour * Double(end - start) / 3.6e12
    }

    /// What the cluster's nodes in region `region` cost from `start` to `end` [USD]: the
    /// cluster's cost in proportion to its nodes there (every node costs the same).
    func cost(from start: SimTime, to end: SimTime, inRegion region: Int32) -> Double {
        let there = nodes.filter { spec.zoneRegions[Int($0.zone)] == Int(region) }.count
        return cost(from: start, to: end) * Double(there) / Double(nodes.count)
    }
}
