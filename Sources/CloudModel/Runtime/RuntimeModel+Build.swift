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
        deployables = packaging.enumerated().map { index, deployable in
            DeployableState(deployable, liveGroup: Int32(index), region: region, zones: spec.zones, streams: streams)
        }
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
        self.nodeClients = tree.nodeClients
        self.childNodes = tree.childNodes
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

    /// Appends a call tree to the flat node table, children of a node contiguous; returns the
    /// root's index. A storage call becomes a workload of its cluster, named by the node's path
    /// under the region (`home.call.0`), which also names its key stream. A call from another
    /// service (`caller`, -1 for the user) of the callee's own deployable is in-process, and has
    /// no client policy but a fallback: there is no network hop to guard, only a failure to
    /// catch. A service calling itself still calls another instance, as it always has.
    ///
    /// A call in several stages has a group per stage as its children, in sequence (see
    /// `RuntimeModel+CallGroups`); its calls keep the paths of their place in its `children`.
    private static func flatten(
        _ node: CallNode, caller: Int32, path: String, streams: RandomStreams, into tree: inout CallTreeTables
    ) -> Int32 {
        let index = Int32(tree.nodes.count)
        if node.publish { return appendPublish(to: node, path: path, streams: streams, into: &tree) }
        let target = tree.targets[node.service]!
        let deployable = node.storage == nil ? tree.deployables[Int(target)] : -1
        let inProcess = deployable >= 0 && caller >= 0 && caller != target && tree.deployables[Int(caller)] == deployable
        let client = inProcess ? ClientPolicy(fallback: node.client.fallback) : node.client
        let stages = node.childStages
        let inStages = stages.count > 1
        let childCount = inStages ? stages.count : node.children.count
        let fanOut = inStages ? FanOut.sequential : stages[0].fanOut
        var state = CallNodeState(
            service: target, waitFor: Int32(fanOut.waitFor(of: childCount)), firstChild: 0,
            childCount: Int32(childCount), parallel: fanOut.isParallel,
            hasClientState: client.circuitBreaker != nil || client.bulkhead != nil || client.retry?.budget != nil,
            probability: node.probability, workStream: streams.stream("\(path).work").draws,
            callStream: streams.stream("\(path).call").draws, timeout: client.timeout, work: node.work)
        let clientStream = streams.stream("\(path).client")
        state.deployable = deployable
        state.inProcess = inProcess
        state.onCores = deployable >= 0 && tree.hasCores[Int(deployable)]
        if let access = node.storage {
            let cluster = Int(state.service) - tree.serviceCount
            state.storageCluster = Int32(cluster)
            state.storageWorkload = Int32(tree.storageWorkloads[cluster].count)
            state.requestKey = access.key == .request
            tree.storageWorkloads[cluster].append(
                StorageWorkloadSpec(
                    name: String(path.dropFirst(tree.region.count + 1)), operation: access.operation, rate: 0,
                    keys: access.keys, consistency: access.consistency))
        }
        tree.nodes.append(state)
        tree.nodeClients.append(CallNodeClient(policy: client, stream: clientStream))
        func flattenChildren(_ range: Range<Int>, fanOut: FanOut) -> [Int32] {
            range.map {
                flattenRepeated(
                    node.children[$0], fanOut: fanOut, caller: target, path: "\(path).\($0)", streams: streams,
                    into: &tree)
            }
        }
        var children: [Int32] = []
        if inStages {
            var first = 0
            for (number, stage) in stages.enumerated() {
                let group = appendGroup(
                    of: target, fanOut: stage.fanOut, members: stage.calls, path: "\(path).stage\(number)",
                    streams: streams, into: &tree)
                setChildren(of: group, flattenChildren(first..<first + stage.calls, fanOut: stage.fanOut), in: &tree)
                children.append(group)
                first += stage.calls
            }
        } else {
            children = flattenChildren(0..<node.children.count, fanOut: fanOut)
        }
        setChildren(of: index, children, in: &tree)
        if let cache = node.cache {
            flattenCache(cache, of: index, caller: caller, path: path, streams: streams, into: &tree)
        }
        return index
    }

    /// Appends a child call at `path` among calls run under `fanOut`: the call itself, or for a
    /// repeated call a group (path `PATH.repeat`) that lists it as often as it may be made, run
    /// under `fanOut` and waiting for all; the group has the call's probability, and a drawn
    /// count skips the calls not made (`RuntimeModel.startGroup`).
    private static func flattenRepeated(
        _ node: CallNode, fanOut: FanOut, caller: Int32, path: String, streams: RandomStreams,
        into tree: inout CallTreeTables
    ) -> Int32 {
        guard let count = node.repetitions else {
            return flatten(node, caller: caller, path: path, streams: streams, into: &tree)
        }
        let group = appendGroup(
            of: caller, fanOut: fanOut.isParallel ? .parallel(waitFor: nil) : .sequential, members: count.most,
            path: "\(path).repeat", probability: node.probability, streams: streams, into: &tree)
        switch count {
        case .fixed: break
        case .poisson, .uniform, .empirical:
            tree.drawnRepetitions[group] = CallRepetition(count: count, stream: streams.stream("\(path).repeat"))
        }
        var once = node
        once.repetitions = nil
        once.probability = 1
        let call = flatten(once, caller: caller, path: path, streams: streams, into: &tree)
        setChildren(of: group, Array(repeating: call, count: count.most), in: &tree)
        return group
    }

    /// Appends a group of `members` calls of the service `target` (a stage, or a call's
    /// repetitions), run under `fanOut`; its calls are set once flattened (`setChildren`). Its
    /// stream, named by `path`, draws whether it is made (`probability`) and a drawn count.
    private static func appendGroup(
        of target: Int32, fanOut: FanOut, members: Int, path: String, probability: Double = 1,
        streams: RandomStreams, into tree: inout CallTreeTables
    ) -> Int32 {
        let stream = streams.stream(path)
        var state = CallNodeState(
            service: target, waitFor: Int32(fanOut.waitFor(of: members)), firstChild: 0, childCount: Int32(members),
            parallel: fanOut.isParallel, hasClientState: false, probability: probability, workStream: stream.draws,
            callStream: stream.draws, timeout: nil, work: .constant(0))
        state.deployable = tree.deployables[Int(target)]
        state.inProcess = true
        state.kind = .group
        tree.nodes.append(state)
        tree.nodeClients.append(CallNodeClient(policy: ClientPolicy(), stream: stream))
        return Int32(tree.nodes.count - 1)
    }

    /// Appends a node that publishes to a queue: its `service` is the queue's index, its stream
    /// (`PATH.call`) draws whether the message is sent.
    private static func appendPublish(
        to node: CallNode, path: String, streams: RandomStreams, into tree: inout CallTreeTables
    ) -> Int32 {
        let stream = streams.stream("\(path).call")
        var state = CallNodeState(
            service: tree.queues[node.service]!, waitFor: 0, firstChild: 0, childCount: 0, parallel: false,
            hasClientState: false, probability: node.probability, workStream: stream.draws, callStream: stream.draws,
            timeout: nil, work: .constant(0))
        state.kind = .publish
        tree.nodes.append(state)
        tree.nodeClients.append(CallNodeClient(policy: ClientPolicy(), stream: stream))
        setChildren(of: Int32(tree.nodes.count - 1), [], in: &tree)
        return Int32(tree.nodes.count - 1)
    }

    /// Places `children` as node `index`'s, after every node's placed so far.
    private static func setChildren(of index: Int32, _ children: [Int32], in tree: inout CallTreeTables) {
        tree.nodes[Int(index)].firstChild = Int32(tree.childNodes.count)
        tree.childNodes.append(contentsOf: children)
    }

    /// The calls a cache node `index` makes on a miss (`PATH.miss`) and on an error
    /// (`PATH.on_error`), on behalf of its own `caller`, and its hit stream (`PATH.cache`).
    private static func flattenCache(
        _ cache: CachePolicy, of index: Int32, caller: Int32, path: String, streams: RandomStreams,
        into tree: inout CallTreeTables
    ) {
        let onMiss = flatten(cache.onMiss, caller: caller, path: "\(path).miss", streams: streams, into: &tree)
        let onError = cache.onError.map {
            flatten($0, caller: caller, path: "\(path).on_error", streams: streams, into: &tree)
        }
        tree[link: index].cache = Int32(tree.caches.count)
        if let onError { tree[link: onError].rescues = tree.nodes[Int(index)].service }
        tree.caches.append(
            CacheNodeState(
                hitRatio: cache.hitRatio, stream: streams.stream("\(path).cache").draws, onMiss: onMiss,
                onError: onError ?? -1))
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

/// The flat call-tree tables under construction, and what call nodes name.
private struct CallTreeTables {
    var nodes: [CallNodeState] = []
    var nodeClients: [CallNodeClient] = []
    var childNodes: [Int32] = []
    var caches: [CacheNodeState] = []
    /// As `nodes`, up to the last node with a part in a cache.
    var cacheLinks: [CacheLink] = []
    /// Index of each call target: services first, then storage clusters.
    let targets: [String: Int32]
    /// Index of each queue.
    let queues: [String: Int32]
    let serviceCount: Int
    let region: String
    /// Per storage cluster, a workload for each call node that targets it.
    var storageWorkloads: [[StorageWorkloadSpec]]
    /// The groups of repeated calls whose count is drawn, by node.
    var drawnRepetitions: [Int32: CallRepetition] = [:]

    /// The deployable of each service, by service index.
    let deployables: [Int32]
    /// Whether each deployable has `cores`, by deployable index.
    let hasCores: [Bool]

    init(spec: RuntimeSpec, deployables: [Int32]) {
        self.deployables = deployables
        hasCores = spec.packaging.map { $0.cores != nil }
        let names = spec.services.map(\.name) + spec.storage.map(\.name)
        targets = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        queues = Dictionary(uniqueKeysWithValues: spec.queues.enumerated().map { ($1.name, Int32($0)) })
        serviceCount = spec.services.count
        region = spec.region
        storageWorkloads = Array(repeating: [], count: spec.storage.count)
    }

    /// The cache part of node `index`, made on first use.
    subscript(link index: Int32) -> CacheLink {
        get { cacheLinks.count > Int(index) ? cacheLinks[Int(index)] : CacheLink() }
        set {
            while cacheLinks.count <= Int(index) { cacheLinks.append(CacheLink()) }
            cacheLinks[Int(index)] = newValue
        }
    }
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
