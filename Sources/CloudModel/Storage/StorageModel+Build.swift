import SimKernel

extension StorageModel {
    /// Builds the cluster and its clients from a validated description.
    ///
    /// Random streams: `REGION.CLUSTER.ring` (tokens), `.routing` (coordinator choice),
    /// `.cpu`, `.disk`, `.failures`; `REGION.network`; `REGION.WORKLOAD.arrivals` and `.keys`.
    /// `hostIndex` numbers the cluster among its host's (see `StorageEventCarrier`).
    public init(spec: StorageSpec, streams: RandomStreams, hostIndex: UInt16 = 0) {
        self.spec = spec
        self.hostIndex = hostIndex
        self.streams = streams
        let region = spec.region
        let prefix = "\(region).cluster"
        zoneCount = Int32(spec.zones.count)
        intraZone = spec.network.intraZone
        crossZone = spec.network.crossZone
        crossRegion = spec.network.crossRegion
        zoneRegion = spec.zoneRegions.map(Int32.init)
        networkStream = streams.stream("\(region).network")
        routingStream = streams.stream("\(prefix).routing")
        diskStream = streams.stream("\(prefix).disk")
        cpuStream = streams.stream("\(prefix).cpu")
        failureStream = streams.stream("\(prefix).failures")
        downed = Array(repeating: [], count: spec.failures.count)
        let profile: StorageNodeProfile
        var nodeZones: [Int32] = []
        switch spec.cluster {
        case .ring(let ring):
            profile = ring.profile
            nodeZones = ring.nodeZones(zoneCount: spec.zones.count).map(Int32.init)
            hintedHandoff = ring.hintedHandoff
            readsFromReplica = 0
            writeAmplification = ring.writeAmplification
            disks = Self.ownDisks(nodes: nodeZones.count, profile: profile, backgroundShare: ring.compactionShare)
            if ring.replicasPerRegion.isEmpty {
                self.ring = TokenRing(
                    nodeZones: nodeZones, virtualNodes: ring.virtualNodes, zoneCount: spec.zones.count,
                    replicationFactor: ring.replicationFactor, stream: streams.stream("\(prefix).ring"))
            } else {
                self.ring = nil
                replicasPerRegion = ring.replicasPerRegion
                regionRings = Self.regionRings(
                    nodeZones: nodeZones, zoneRegions: spec.zoneRegions, ring: ring, stream: streams.stream("\(prefix).ring"))
            }
            primary = nil
        case .primaryReplica(let pair):
            profile = pair.profile
            nodeZones = [pair.masterZone, pair.replicaZone].map { Int32(spec.zones.firstIndex(of: $0)!) }
            hintedHandoff = false
            readsFromReplica = pair.readsFromReplica
            writeAmplification = 1
            // The nodes' own disks are unused; the array is the one shared disk, last.
            disks = [
                DiskChannels(
                    readIOPS: pair.arrayReadIOPS, writeIOPS: pair.arrayWriteIOPS, readTime: pair.arrayReadTime,
                    writeTime: pair.arrayWriteTime, backgroundShare: 0)
            ]
            ring = nil
            primary = PrimaryState(master: 0, replica: 1)
        case .replicaSet(let set):
            profile = set.profile
            nodeZones = set.members.map { Int32(spec.zones.firstIndex(of: $0)!) }
            hintedHandoff = false
            readsFromReplica = 0
            writeAmplification = 1
            disks = Self.ownDisks(nodes: nodeZones.count, profile: profile, backgroundShare: 0)
            ring = nil
            primary = nil
            replicaSet = ReplicaSetState(
                primary: Int32(set.members.firstIndex(of: set.primaryZone)!), majority: set.majority,
                readPreference: set.readPreference, detection: set.failoverDetection, electionTime: set.electionTime)
        }
        cpuTime = profile.cpuTime
        inMemory = profile.isInMemory
        clientSharded = inMemory && replicaSet == nil
        nodes = nodeZones.map {
            StorageNodeState(zone: $0, cpuServers: Int32(clamping: profile.cpuServers), queueCapacity: profile.queueCapacity ?? .max)
        }
        nodesInZone = (0..<spec.zones.count).map { zone in
            nodeZones.indices.filter { nodeZones[$0] == Int32(zone) }.map { Int32($0) }
        }
        let replicationFactor: Int
        if case .ring(let ring) = spec.cluster { replicationFactor = ring.replicationFactor } else { replicationFactor = 1 }
        workloads = spec.workload.map { workload in
            let keys: Int
            if case .ring(let ring) = spec.cluster { keys = ring.keys } else { keys = 1 }
            // A replica set's write waits for its write concern's secondaries, the primary aside.
            var required = workload.consistency.required(replicationFactor: replicationFactor)
            if case .replicaSet(let set) = spec.cluster {
                required = workload.operation == .write ? set.writeAcknowledgements - 1 : 0
            }
            return WorkloadState(
                name: workload.name, operation: workload.operation, rate: workload.rate,
                required: required,
                consistency: workload.consistency, keys: KeySampler(distribution: workload.keys, keys: keys),
                arrivalStream: streams.stream("\(region).\(workload.name).arrivals"),
                keyStream: streams.stream("\(region).\(workload.name).keys"))
        }
        statistics = StorageStatistics(workloads: spec.workload.count, nodes: nodeZones.count)
    }

    /// A ring per region over its nodes (zones numbered within the region), tokens drawn from
    /// `stream` region by region.
    private static func regionRings(
        nodeZones: [Int32], zoneRegions: [Int], ring: RingClusterSpec, stream: RandomStream
    ) -> [RegionalRing] {
        ring.replicasPerRegion.indices.map { region in
            let zones = zoneRegions.indices.filter { zoneRegions[$0] == region }
            let members = nodeZones.indices.filter { zoneRegions[Int(nodeZones[$0])] == region }
            let localZones = members.map { Int32(zones.firstIndex(of: Int(nodeZones[$0]))!) }
            return RegionalRing(
                ring: TokenRing(
                    nodeZones: localZones, virtualNodes: ring.virtualNodes, zoneCount: zones.count,
                    replicationFactor: ring.replicasPerRegion[region], stream: stream),
                nodes: members.map(Int32.init))
        }
    }

    /// Schedules first arrivals, failures and the warm-up's end.
    public mutating func start(in simulator: inout Simulator<Event>, warmUp: SimTime) {
        for index in workloads.indices {
            let gap = Distribution.exponential(mean: 1 / workloads[index].rate).sampleTime(workloads[index].arrivalStream)
            simulator.schedule(.clientArrival(workload: Int32(index)), after: gap)
        }
        for (index, failure) in spec.failures.enumerated() {
            switch failure {
            case .zoneOutage(_, let from, let to), .nodesDown(_, let from, let to):
                simulator.schedule(.failureStarts(Int32(index)), at: from)
                simulator.schedule(.failureEnds(Int32(index)), at: to)
            }
        }
        if warmUp > 0 { simulator.schedule(.endWarmUp, at: warmUp, priority: -1) }
    }

    /// Client outcomes (all workloads, then each when there are several) and the cluster's
    /// capacity plan, load and cost.
    public func metrics(from start: SimTime, to end: SimTime) -> [Metric] {
        let seconds = (end - start).seconds
        var metrics = statistics.allWorkloads.metrics(prefix: "", seconds: seconds)
        if !spec.failures.isEmpty {
            metrics += statistics.duringFailures.metrics(prefix: "during_failures.", seconds: seconds)
        }
        if workloads.count > 1 {
            for (workload, observed) in zip(workloads, statistics.workloads) {
                metrics += observed.metrics(prefix: workload.name + ".", seconds: seconds)
            }
        }
        return metrics + clusterMetrics(prefix: "cluster.", from: start, to: end)
    }

    /// The capacity plan, load and cost, named `PREFIXnodes`, `PREFIXcpu_utilisation`, ….
    func clusterMetrics(prefix: String, from start: SimTime, to end: SimTime) -> [Metric] {
        let plan = capacityPlan
        let readConsistency = spec.workload.first { $0.operation == .read }?.consistency ?? .quorum
        let span = Double(end - start)
        let cpuServers = Double(nodes.reduce(0) { $0 + Int($1.cpuServers) })
        let readChannels = Double(disks.reduce(0) { $0 + Int($1.readChannels) })
        let writeChannels = Double(disks.reduce(0) { $0 + Int($1.writeChannels) })
        let replicaWrites = Double(statistics.replicaWrites)
        // An in-memory cluster has no disk: its capacity is memory [GB], and no disk measure applies.
        let capacity =
            inMemory
            ? [
                Metric(prefix + "raw_capacity", .gigabytes, plan.rawCapacityGB),
                Metric(prefix + "usable_capacity", .gigabytes, plan.usableCapacityGB),
            ]
            : [
                Metric(prefix + "raw_capacity", .terabytes, plan.rawCapacityTB),
                Metric(prefix + "usable_capacity", .terabytes, plan.usableCapacityTB),
                Metric(prefix + "read_iops", .perSecond, plan.readIOPS),
                Metric(prefix + "write_iops", .perSecond, plan.writeIOPS),
            ]
        let disk =
            inMemory
            ? []
            : [
                Metric(
                    prefix + "disk_read_utilisation", .ratio,
                    statistics.diskReadsBusy.integral(at: end) / (readChannels * span)),
                Metric(
                    prefix + "disk_write_utilisation", .ratio,
                    statistics.diskWritesBusy.integral(at: end) / (writeChannels * span)),
            ]
        let deviceWrites =
            inMemory
            ? []
            : [
                Metric(prefix + "device_writes", .count, statistics.deviceWrites),
                Metric(
                    prefix + "write_amplification", .count,
                    replicaWrites > Double(statistics.droppedReplicaWrites)
                        ? statistics.deviceWrites / (replicaWrites - Double(statistics.droppedReplicaWrites)) : 0),
            ]
        return [Metric(prefix + "nodes", .count, Double(nodes.count))] + capacity + [
            Metric(prefix + "max_client_writes", .perSecond, plan.maxClientWritesPerSecond),
            Metric(prefix + "max_client_reads", .perSecond, plan.maxClientReadsPerSecond(consistency: readConsistency)),
            Metric(prefix + "cost_per_hour", .usdPerHour, plan.costPerHour),
            Metric(prefix + "nodes_up_mean", .count, statistics.nodesUp.average(at: end)),
            Metric(prefix + "cpu_utilisation", .ratio, statistics.cpuBusy.integral(at: end) / (cpuServers * span)),
        ] + disk + [
            Metric(prefix + "replica_writes", .count, replicaWrites),
            Metric(prefix + "dropped_replica_writes", .count, Double(statistics.droppedReplicaWrites)),
        ] + deviceWrites + [
            Metric(prefix + "hints_stored", .count, Double(statistics.hintsStored)),
            Metric(prefix + "hints_replayed", .count, Double(statistics.hintsReplayed)),
            Metric(prefix + "rejections", .count, Double(statistics.rejections)),
            Metric(prefix + "failovers", .count, Double(statistics.failovers)),
            Metric(prefix + "cost", .usd, cost(from: start, to: end)),
        ] + (regionRings.isEmpty ? [] : statistics.replicationLagMetrics(prefix: prefix))
            + replicaSetMetrics(prefix: prefix, at: end)
    }

    /// The cluster's capacity, IOPS and price, from its description.
    var capacityPlan: CapacityPlan {
        switch spec.cluster {
        case .ring(let ring): CapacityPlan(cluster: ring)
        case .primaryReplica(let pair): CapacityPlan(primaryReplica: pair)
        case .replicaSet(let set): CapacityPlan(replicaSet: set)
        }
    }

    /// One disk per node, each as `profile` has it; none for in-memory nodes.
    static func ownDisks(nodes: Int, profile: StorageNodeProfile, backgroundShare: Double) -> [DiskChannels] {
        guard let readIOPS = profile.readIOPS, let writeIOPS = profile.writeIOPS, let readTime = profile.readTime,
            let writeTime = profile.writeTime
        else { return [] }
        return (0..<nodes).map { _ in
            DiskChannels(
                readIOPS: readIOPS, writeIOPS: writeIOPS, readTime: readTime, writeTime: writeTime,
                backgroundShare: backgroundShare)
        }
    }
}
