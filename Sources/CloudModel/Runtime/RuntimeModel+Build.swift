import SimKernel

extension RuntimeModel {
    /// Builds the runtime from a validated description.
    ///
    /// Random streams are named by component path under the region: `REGION.SERVICE.lifecycle`
    /// (boot and failure times), `.routing`, `.errors`, `.chaos_latency`;
    /// `REGION.ENDPOINT.arrivals`; `REGION.ENDPOINT.call.PATH.work|call|client` for each node of
    /// the call tree (PATH like `0.2.1`); `REGION.network`, `REGION.chaos`.
    public init(spec: RuntimeSpec, streams: RandomStreams, recordTimeseries: Bool) {
        self.spec = spec
        self.streams = streams
        let region = spec.region
        zoneCount = Int32(spec.zones.count)
        zoneUp = Array(repeating: true, count: spec.zones.count)
        zoneOutages = Array(repeating: 0, count: spec.zones.count)
        intraZone = spec.network.intraZone
        crossZone = spec.network.crossZone
        networkStream = streams.stream("\(region).network")
        chaosStream = streams.stream("\(region).chaos")
        services = spec.services.map { service in
            let path = "\(region).\(service.name)"
            let zones = service.zones.isEmpty ? spec.zones : service.zones
            return ServiceState(
                name: service.name, servers: Int32(clamping: service.servers), queueCapacity: service.queueCapacity ?? .max,
                allowedZones: zones.map { Int32(spec.zones.firstIndex(of: $0)!) }, bootTime: service.bootTime,
                timeToFailure: service.timeToFailure, healthCheckDelay: service.healthCheckDelay,
                pricePerHour: service.pricePerHour, loadBalancing: service.loadBalancing,
                errorProbability: service.errorProbability, autoscaling: service.autoscaling,
                desired: service.instances, lifecycleStream: streams.stream("\(path).lifecycle"),
                routingStream: streams.stream("\(path).routing"), errorStream: streams.stream("\(path).errors"),
                chaosLatencyStream: streams.stream("\(path).chaos_latency"))
        }
        let serviceIndex = Dictionary(uniqueKeysWithValues: spec.services.enumerated().map { ($1.name, Int32($0)) })
        var nodes: [CallNodeState] = []
        var childNodes: [Int32] = []
        endpoints = spec.endpoints.map { endpoint in
            let prefix = "\(region).\(endpoint.name)"
            let root = Self.flatten(
                endpoint.root, path: "\(prefix).call", services: serviceIndex, streams: streams, nodes: &nodes,
                childNodes: &childNodes)
            return EndpointState(
                name: endpoint.name, arrivals: endpoint.arrivals,
                entryZone: endpoint.entryZone.map { Int32(spec.zones.firstIndex(of: $0)!) }, root: root,
                arrivalStream: streams.stream("\(prefix).arrivals"))
        }
        self.nodes = nodes
        self.childNodes = childNodes
        timeouts = Array(repeating: FIFOQueue(), count: nodes.count)
        statistics = RuntimeStatistics(endpoints: spec.endpoints.count, services: spec.services.count)
        timeseries = TimeseriesRecorder(resolution: spec.timeseriesResolution, enabled: recordTimeseries)
    }

    /// Appends a call tree to the flat node table, children of a node contiguous; returns the
    /// root's index.
    private static func flatten(
        _ node: CallNode, path: String, services: [String: Int32], streams: RandomStreams,
        nodes: inout [CallNodeState], childNodes: inout [Int32]
    ) -> Int32 {
        let index = Int32(nodes.count)
        let client = node.client
        let childCount = node.children.count
        let waitFor: Int
        switch node.fanOut {
        case .sequential: waitFor = childCount
        case .parallel(let k): waitFor = min(k ?? childCount, childCount)
        }
        var parallel = false
        if case .parallel = node.fanOut { parallel = true }
        nodes.append(
            CallNodeState(
                service: services[node.service]!, work: node.work, probability: node.probability, parallel: parallel,
                waitFor: Int32(waitFor), firstChild: 0, childCount: Int32(childCount), client: client,
                hasClientState: client.circuitBreaker != nil || client.bulkhead != nil || client.retry?.budget != nil,
                workStream: streams.stream("\(path).work"), callStream: streams.stream("\(path).call"),
                clientStream: streams.stream("\(path).client")))
        let children = node.children.enumerated().map { offset, child in
            flatten(child, path: "\(path).\(offset)", services: services, streams: streams, nodes: &nodes, childNodes: &childNodes)
        }
        nodes[Int(index)].firstChild = Int32(childNodes.count)
        childNodes.append(contentsOf: children)
        return index
    }

    /// Launches every group, schedules arrivals, autoscaling, chaos, sampling and the warm-up's end.
    /// Groups start in service (a run begins with a warm system; boot times apply to launches
    /// during the run).
    public mutating func start(in simulator: inout Simulator<Event>, warmUp: SimTime) {
        for service in services.indices {
            for _ in 0..<services[service].desired {
                launch(Int32(service), in: &simulator)
                let instance = Int32(instances.count - 1)
                instanceReady(instance, in: &simulator)
            }
            if let policy = services[service].autoscaling {
                simulator.schedule(.autoscale(service: Int32(service)), after: policy.evaluationPeriod)
            }
        }
        for endpoint in endpoints.indices { scheduleNextArrival(Int32(endpoint), in: &simulator) }
        for (index, chaos) in spec.chaos.enumerated() {
            switch chaos {
            case .killInstances(_, _, let at):
                simulator.schedule(.chaosStarts(Int32(index)), at: at)
            case .zoneOutage(_, let from, let to), .latency(_, _, let from, let to), .errors(_, _, let from, let to):
                simulator.schedule(.chaosStarts(Int32(index)), at: from)
                simulator.schedule(.chaosEnds(Int32(index)), at: to)
            }
        }
        simulator.schedule(.sample, after: timeseries.resolution)
        if warmUp > 0 { simulator.schedule(.endWarmUp, at: warmUp, priority: -1) }
    }

    /// Summary metrics from the warm-up's end to `end`: end to end, per endpoint (when there
    /// are several), per service, and totals of cost.
    public func metrics(from start: SimTime, to end: SimTime) -> [Metric] {
        var metrics = statistics.endToEnd.metrics(prefix: "")
        let requests = max(1, statistics.endToEnd.requests)
        let attempts = statistics.services.reduce(0) { $0 + $1.firstAttempts + $1.retries }
        metrics.append(Metric("calls_per_request", .count, Double(attempts) / Double(requests)))
        var cost = 0.0
        var hours = 0.0
        var serviceMetrics: [Metric] = []
        var transitions = [Int](repeating: 0, count: services.count)
        for (client, service) in zip(clientStates, clientServices) {
            transitions[Int(service)] += client.breaker?.transitions ?? 0
        }
        var inProgress = [Int](repeating: 0, count: services.count)
        for slot in executions.liveSlots {
            switch executions[slot].phase {
            case .queued, .working, .waitingForChildren: inProgress[Int(nodes[Int(executions[slot].node)].service)] += 1
            case .travelling, .responding: break
            }
        }
        for (index, (service, observed)) in zip(services, statistics.services).enumerated() {
            let rows = observed.metrics(
                service: service.name, servers: Int(service.servers), pricePerHour: service.pricePerHour,
                breakerTransitions: transitions[index], to: end)
                + [Metric(service.name + ".in_progress", .count, Double(inProgress[index]))]
            hours += observed.aliveInstances.integral(at: end) / 3.6e12
            cost += observed.aliveInstances.integral(at: end) / 3.6e12 * service.pricePerHour
            serviceMetrics += rows
        }
        metrics.append(Metric("instance_hours", .count, hours))
        metrics.append(Metric("cost", .usd, cost))
        if statistics.perEndpoint.count > 1 {
            for (endpoint, observed) in zip(endpoints, statistics.perEndpoint) {
                metrics += observed.metrics(prefix: endpoint.name + ".")
            }
        }
        return metrics + serviceMetrics
    }

    /// Requests that arrived and have not ended.
    public var requestsInFlight: Int { requests.liveCount }
}
