import SimKernel

/// A chaos item (or a bad deploy) that touches a watched service, and the span in which an alert
/// on such a service counts as detecting it.
struct MonitoredFault {
    /// Position in `RuntimeSpec.chaos`; for a bad deploy, -1 - its number.
    var chaosIndex: Int
    /// The chaos item's kind, as written in the file: `errors`, `zone_outage`…
    var kind: String
    /// When it starts and stops harming [ns]. A kill harms until the health check notices.
    var start: SimTime
    var end: SimTime
    /// The watched services it touches, by index in the runtime's services.
    var services: Set<Int32>
    /// Its number among its `random_errors` item's incidents, from 1; 0 for other faults.
    var incident = 0
    /// For an error fault that ended before the run did: when (healed or repaired).
    var restored: SimTime? = nil
    /// For an error fault that ended: user requests that failed while it was in force (of any
    /// cause; concurrent faults share theirs).
    var failedRequests: Int? = nil

    /// Whether an alert at `time` on `service` is put down to this fault: the service is touched
    /// and the alert comes between the start and the end plus `grace`.
    func explains(_ service: Int32, at time: SimTime, grace: SimTime) -> Bool {
        services.contains(service) && time >= start && time < end + grace
    }

    /// The chaos items of `spec` that touch a watched service (`watched`, by service index),
    /// but error faults (`errors`, `random_errors`), which the run realises
    /// (`RuntimeModel.monitoredErrorFaults`).
    static func faults(of spec: RuntimeSpec, watched: Set<Int32>) -> [MonitoredFault] {
        func index(_ name: String) -> Int32 { Int32(spec.services.firstIndex { $0.name == name }!) }
        return spec.chaos.enumerated().compactMap { chaosIndex, chaos in
            let kind: String
            let start: SimTime
            let end: SimTime
            let touched: [Int32]
            switch chaos {
            case .killInstances(let service, _, let at):
                (kind, start, touched) = ("kill_instances", at, [index(service)])
                end = at + spec.services[Int(index(service))].healthCheckDelay
            case .zoneOutage(let zone, let from, let to):
                (kind, start, end) = ("zone_outage", from, to)
                touched = spec.services.indices.filter { spec.services[$0].zones.isEmpty || spec.services[$0].zones.contains(zone) }
                    .map(Int32.init)
            case .regionOutage(let region, let from, let to):
                (kind, start, end) = ("region_outage", from, to)
                let zones = spec.regionList.first { $0.name == region }?.zones ?? []
                touched = spec.services.indices.filter {
                    spec.services[$0].zones.isEmpty || !Set(spec.services[$0].zones).isDisjoint(with: zones)
                }.map(Int32.init)
            case .latency(let service, _, let from, let to):
                (kind, start, end, touched) = ("latency", from, to, [index(service)])
            case .errors, .randomErrors:
                return nil
            case .storageNodesDown(let cluster, _, let from, let to):
                (kind, start, end) = ("storage_nodes_down", from, to)
                touched = callers(of: cluster, in: spec).map(index)
            }
            let services = Set(touched).intersection(watched)
            guard !services.isEmpty else { return nil }
            return MonitoredFault(chaosIndex: chaosIndex, kind: kind, start: start, end: end, services: services)
        }
    }

    /// Services that call storage cluster `cluster` somewhere in an endpoint's or a queue
    /// consumer's call tree: a call's caller is its parent's service, and a cache's follow-up
    /// calls (`on_miss`, `refill`, `on_error`) are made by the cache's caller.
    static func callers(of cluster: String, in spec: RuntimeSpec) -> Set<String> {
        var callers: Set<String> = []
        func visit(_ node: CallNode, caller: String?) {
            if let caller, node.storage != nil, node.service == cluster { callers.insert(caller) }
            if let cache = node.cache {
                for branch in [cache.onMiss] + [cache.refill, cache.onError].compactMap({ $0 }) {
                    visit(branch, caller: caller)
                }
            }
            guard node.storage == nil, !node.publish else { return }
            node.children.forEach { visit($0, caller: node.service) }
        }
        spec.endpoints.forEach { visit($0.root, caller: nil) }
        spec.queues.forEach { visit($0.consume, caller: nil) }
        return callers
    }
}
