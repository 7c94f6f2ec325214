import SimKernel

extension RuntimeModel {
    /// Builds the runtime from a validated description.
    ///
    /// Random streams are named by component path under the region: `REGION.DEPLOYABLE.lifecycle`
    /// (boot and failure times), `.routing` (a service on its own is its deployable, by its
    /// name); `REGION.SERVICE.errors`, `.chaos_latency`;
    /// `REGION.SERVICE.flaws` (a bad change's hits);
    /// `REGION.ENDPOINT.arrivals`, `REGION.ENDPOINT.keys` (request keys);
    /// `REGION.ENDPOINT.call.PATH.work|call|client` for each node of the call tree (PATH like
    /// `0.2.1`); `REGION.network`, `REGION.chaos`; `REGION.monitoring.SERVICE.stage.NAME|reaction`
    /// for a watched service; a storage cluster's
    /// under `REGION.CLUSTER` (see `StorageModel.init`), its key streams
    /// `REGION.CLUSTER.ENDPOINT.call.PATH.keys` per call node.
    public init(spec: RuntimeSpec, streams: RandomStreams, recordTimeseries: Bool) {
        self.spec = spec
        self.streams = streams
        let region = spec.region
        zoneCount = Int32(spec.zones.count)
        regionCount = Int32(spec.regionList.count)
        zoneRegion = spec.zoneRegions.map(Int32.init)
        flawsPossible = spec.delivery != nil
        hasCores = spec.packaging.contains { $0.cores != nil }
        zoneUp = Array(repeating: true, count: spec.zones.count)
        zoneOutages = Array(repeating: 0, count: spec.zones.count)
        intraZone = spec.network.intraZone
        crossZone = spec.network.crossZone
        crossRegion = spec.network.crossRegion
        networkStream = streams.stream("\(region).network").draws
        chaosStream = streams.stream("\(region).chaos")
        repairStream = streams.stream("\(region).monitoring.repair")
        let packaging = spec.packaging
        deployables = SharedTable(
            packaging.enumerated().map { index, deployable in
                DeployableState(deployable, liveGroup: Int32(index), region: region, zones: spec.zones, streams: streams)
            })
        serverGroups = packaging.indices.map {
            ServerGroupState(deployable: Int32($0), version: 0, desired: packaging[$0].instances)
        }
        let deployableOf = Dictionary(
            uniqueKeysWithValues: packaging.enumerated().flatMap { index, deployable in
                deployable.services.map { ($0, Int32(index)) }
            })
        services = spec.services.map { service in
            let path = "\(region).\(service.name)"
            return ServiceState(
                name: service.name, deployable: deployableOf[service.name]!, errorProbability: service.errorProbability,
                errorStream: streams.stream("\(path).errors"), chaosLatencyStream: streams.stream("\(path).chaos_latency"),
                flawStream: streams.stream("\(path).flaws"))
        }
        var tree = CallTreeTables(spec: spec, deployables: services.map(\.deployable))
        endpoints = spec.endpoints.map { endpoint in
            let prefix = "\(region).\(endpoint.name)"
            let root = Self.flatten(
                endpoint.root, caller: -1, path: "\(prefix).call", streams: streams, into: &tree)
            return EndpointState(
                name: endpoint.name, arrivals: endpoint.arrivals,
                entryZone: endpoint.entryZone.map { Int32(spec.zones.firstIndex(of: $0)!) }, root: root,
                arrivalStream: streams.stream("\(prefix).arrivals"), keyStream: streams.stream("\(prefix).keys"))
        }
        queues = spec.queues.map { queue in
            let root = Self.flatten(
                queue.consume, caller: -1, path: "\(region).\(queue.name).consume", streams: streams, into: &tree)
            return QueueState(
                name: queue.name, capacity: queue.capacity, maxAge: queue.maxAge,
                concurrency: Int32(queue.concurrency), redeliveryDelay: queue.redeliveryDelay, root: root,
                deployable: tree.deployables[Int(tree.targets[queue.consume.service]!)])
        }
        self.nodes = tree.nodes
        self.nodeWork = tree.nodeWork
        self.nodeClients = tree.nodeClients
        self.childNodes = tree.childNodes
        self.callDecisions = CallDecisions(tree.nodes, children: tree.childNodes)
        self.drawnRepetitions = tree.drawnRepetitions
        if !tree.caches.isEmpty {
            hasCaches = true
            caches = tree.caches
            cacheLinks = tree.cacheLinks
            cacheLinks += Array(repeating: CacheLink(), count: tree.nodes.count - cacheLinks.count)
        }
        storageClusters = spec.storage.enumerated().map { index, storage in
            let cluster = StorageSpec(
                region: "\(region).\(storage.name)", zones: spec.zones, network: spec.network,
                cluster: storage.cluster, workload: tree.storageWorkloads[index],
                zoneRegions: spec.regions.isEmpty ? [] : spec.zoneRegions)
            return StorageModel(spec: cluster, streams: streams, hostIndex: UInt16(index))
        }
        let timeoutLengths = Self.assignTimeoutQueues(&self.nodes)
        timeouts = Array(repeating: FIFOQueue(), count: timeoutLengths)
        statistics = RuntimeStatistics(
            endpoints: spec.endpoints.count, services: spec.services.count, deployables: deployables.count,
            storageClusters: spec.storage.count, regions: spec.regionList.count, latencyTarget: spec.latencyTarget)
        regions = RegionState(spec: spec, deployables: deployables.count)
        timeseries = TimeseriesRecorder(resolution: spec.timeseriesResolution, enabled: recordTimeseries)
        monitor = spec.monitoring.map {
            RuntimeMonitor(
                spec: $0, services: spec.services.map(\.name), deployableOfService: services.map(\.deployable),
                region: region, streams: streams)
        }
        delivery = spec.delivery.map {
            RuntimeDelivery(
                spec: $0, packaging: packaging, services: spec.services.map(\.name), region: region, streams: streams)
        }

    }

    /// Launches every deployable's group, schedules arrivals, autoscaling, chaos, sampling and
    /// the warm-up's end. Groups start in service (a run begins with a warm system; boot times
    /// apply to launches during the run).
    public mutating func start(in simulator: inout Simulator<Event>, warmUp: SimTime) {
        for deployable in deployables.indices {
            for _ in 0..<serverGroups[deployable].desired {
                launch(group: Int32(deployable), in: &simulator)
                let instance = Int32(instances.count - 1)
                instanceReady(instance, in: &simulator)
            }
            if let policy = deployables[deployable].autoscaling {
                simulator.schedule(.autoscale(deployable: Int32(deployable)), after: policy.evaluationPeriod)
            }
        }
        for endpoint in endpoints.indices { scheduleNextArrival(Int32(endpoint), in: &simulator) }
        for (index, chaos) in spec.chaos.enumerated() {
            switch chaos {
            case .killInstances(_, _, let at):
                simulator.schedule(.chaosStarts(Int32(index)), at: at)
            case .zoneOutage(_, let from, let to), .regionOutage(_, let from, let to), .latency(_, _, let from, let to),
                .storageNodesDown(_, _, let from, let to):
                simulator.schedule(.chaosStarts(Int32(index)), at: from)
                simulator.schedule(.chaosEnds(Int32(index)), at: to)
            case .errors(let service, let probability, let from, let to):
                scheduleErrors(index, service: service, probability: probability, from: from, to: to, in: &simulator)
            case .randomErrors(_, let incidents):
                scheduleFirstIncident(index, incidents: incidents, in: &simulator)
            }
        }
        simulator.schedule(.sample, after: timeseries.resolution)
        startMonitoring(in: &simulator)
        delivery?.warmUp = warmUp
        startDelivery(in: &simulator)
        if warmUp > 0 { simulator.schedule(.endWarmUp, at: warmUp, priority: -1) }
        startFastForward(warmUp: warmUp, in: &simulator)
    }

    /// Summary metrics from the warm-up's end to `end`: end to end, per endpoint (when there
    /// are several), per service, per storage cluster, and totals of cost (storage included).
    public func metrics(from start: SimTime, to end: SimTime) -> [Metric] {
        let parts = metricParts(from: start, to: end)
        return parts.overall + parts.components
    }

    /// `metrics` in two parts: the whole runtime's (end to end, totals, per endpoint, the fast
    /// path's), and its components' (services, deployables, storage clusters), so that a run's
    /// own measures (monitoring, delivery) can go between them.
    func metricParts(from start: SimTime, to end: SimTime) -> (overall: [Metric], components: [Metric]) {
        let seconds = Double(end - start) / Double(SimTime.nanosecondsPerSecond)
        var metrics = statistics.endToEnd.metrics(prefix: "", seconds: seconds)
        let requests = max(1, statistics.endToEnd.requests)
        let attempts = statistics.services.reduce(0) { $0 + $1.firstAttempts + $1.retries }
        metrics.append(Metric("calls_per_request", .count, Double(attempts) / Double(requests)))
        var cost = 0.0
        var hours = 0.0
        var serviceMetrics: [Metric] = []
        let transitions = breakerTransitions()
        var inProgress = [Int](repeating: 0, count: services.count)
        for slot in executions.liveSlots {
            switch executions[slot].phase {
            case .queued, .working, .waitingForChildren:
                // A group is part of its parent's call, counted once.
                guard nodes[Int(executions[slot].node)].kind == .call else { continue }
                inProgress[Int(nodes[Int(executions[slot].node)].service)] += 1
            case .travelling, .responding: break
            }
        }
        // A deployable's servers are busy with calls to its services: their sum is its load.
        var deployableBusy = [Double](repeating: 0, count: deployables.count)
        for (index, (service, observed)) in zip(services, statistics.services).enumerated() {
            let group = Int(service.deployable)
            let deployable = deployables[group]
            deployableBusy[group] += observed.busyServers.integral(at: end)
            serviceMetrics += observed.metrics(
                service: service.name, group: statistics.deployables[group], servers: Int(deployable.servers),
                cores: deployable.cores, pricePerHour: deployable.pricePerHour, ownGroup: deployable.isMicroservice,
                breakerTransitions: transitions[index], to: end)
            serviceMetrics.append(Metric(service.name + ".in_progress", .count, Double(inProgress[index])))
        }
        for (index, (deployable, group)) in zip(deployables, statistics.deployables).enumerated() {
            hours += group.instanceHours(at: end)
            cost += group.instanceHours(at: end) * deployable.pricePerHour
            guard !deployable.isMicroservice else { continue }
            let prefix = deployable.name + "."
            serviceMetrics += group.utilisations(
                prefix: prefix, busyServers: deployableBusy[index], servers: Int(deployable.servers),
                cores: deployable.cores, to: end)
            serviceMetrics += group.metrics(prefix: prefix, pricePerHour: deployable.pricePerHour, to: end)
        }
        for (index, cluster) in storageClusters.enumerated() {
            let name = spec.storage[index].name
            let clients = statistics.services[services.count + index]
            serviceMetrics += cluster.hostedMetrics(prefix: name + ".", from: start, to: end)
                + clients.clientMetrics(prefix: name + ".", breakerTransitions: transitions[services.count + index])
            cost += cluster.cost(from: start, to: end)
        }
        serviceMetrics += cacheMetrics()
        serviceMetrics += queueMetrics(to: end)
        metrics.append(Metric("instance_hours", .hours, hours))
        metrics.append(Metric("cost", .usd, cost))
        if statistics.perEndpoint.count > 1 {
            for (endpoint, observed) in zip(endpoints, statistics.perEndpoint) {
                metrics += observed.metrics(prefix: endpoint.name + ".", seconds: seconds)
            }
        }
        if regionCount > 1 { metrics += regionMetrics(from: start, to: end) }
        if reportsDuringChaos { metrics += duringChaosMetrics(from: start, to: end) }
        return (metrics + fastForwardMetrics(from: start, to: end), serviceMetrics)
    }

    /// Requests that arrived and have not ended.
    public var requestsInFlight: Int { requests.liveCount }
}

extension RuntimeModel {
    /// Gives every node with a timeout the queue of its timeout's length, numbered in node
    /// order of first appearance; returns the number of queues.
    static func assignTimeoutQueues(_ nodes: inout [CallNodeState]) -> Int {
        var queueOfLength: [SimTime: Int32] = [:]
        for index in nodes.indices {
            guard let timeout = nodes[index].timeout else { continue }
            let queue = queueOfLength[timeout] ?? Int32(queueOfLength.count)
            queueOfLength[timeout] = queue
            nodes[index].timeoutQueue = queue
        }
        return queueOfLength.count
    }
}

extension RuntimeModel {
    /// The requests that arrived while a chaos window was open: end to end, then per endpoint,
    /// with the windows' time (after the warm-up) that their goodput is over.
    func duringChaosMetrics(from start: SimTime, to end: SimTime) -> [Metric] {
        let time = chaosDuration(to: end)
        let seconds = Double(time) / Double(SimTime.nanosecondsPerSecond)
        var metrics = [Metric("during_chaos.duration", .seconds, seconds)]
        metrics += statistics.duringChaos.metrics(prefix: "during_chaos.", seconds: seconds)
        if statistics.perEndpoint.count > 1 {
            for (endpoint, observed) in zip(endpoints, statistics.perEndpointDuringChaos) {
                metrics += observed.metrics(prefix: endpoint.name + ".during_chaos.", seconds: seconds)
            }
        }
        return metrics
    }
}
