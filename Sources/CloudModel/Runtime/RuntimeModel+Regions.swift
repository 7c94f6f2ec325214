import SimKernel

/// What the world keeps about its regions beyond their zones; empty tables for one region,
/// whose runs never touch them.
struct RegionState {
    /// Instances in service per (deployable, region): `deployable × regions + region`.
    var inService: [Int32]
    /// When a region's users may be sent elsewhere, per (deployable, region): `dns_failover`
    /// after the deployable lost its last instance in service there. Users of a region where
    /// the entry service never runs go elsewhere at once (0).
    var failoverAt: [SimTime]
    /// Smooth weighted round-robin credit per (endpoint, region): which region the next user
    /// starts in, in proportion to `traffic`, without drawing random numbers.
    var entryCredit: [Double]
    /// Per (endpoint, region): the next of the region's zones a user enters through.
    var entryTurn: [Int32]
    /// The zones of each region, by index.
    let zonesOfRegion: [[Int32]]
    /// `traffic` by region.
    let traffic: [Double]

    init(spec: RuntimeSpec, deployables: Int) {
        let regions = spec.regionList
        let count = regions.count > 1 ? regions.count : 0
        inService = Array(repeating: 0, count: deployables * count)
        failoverAt = Array(repeating: 0, count: deployables * count)
        entryCredit = Array(repeating: 0, count: spec.endpoints.count * count)
        entryTurn = Array(repeating: 0, count: spec.endpoints.count * count)
        let zoneRegions = spec.zoneRegions
        zonesOfRegion = regions.indices.map { region in
            zoneRegions.indices.filter { zoneRegions[$0] == region }.map(Int32.init)
        }
        traffic = regions.map(\.traffic)
    }
}

/// Several regions (`runtime.regions`): routing that stays in the caller's region, users spread
/// over regions by `traffic` and sent elsewhere by DNS failover, cross-region delays, and
/// per-region measures. Every function here runs only when the world has more than one region;
/// the one-region paths only test `regionCount`.
extension RuntimeModel {
    /// The zone a user's request enters through: a region chosen by smooth weighted round-robin
    /// over `traffic` (the region furthest behind its share), then that region's zones in turn.
    @inline(never)
    mutating func regionalEntryZone(_ endpoint: Int32) -> Int32 {
        let base = Int(endpoint) * Int(regionCount)
        var chosen = 0
        for region in 0..<Int(regionCount) {
            regions.entryCredit[base + region] += regions.traffic[region]
            if regions.entryCredit[base + region] > regions.entryCredit[base + chosen] { chosen = region }
        }
        regions.entryCredit[base + chosen] -= 1
        let zones = regions.zonesOfRegion[chosen]
        let turn = regions.entryTurn[base + chosen]
        regions.entryTurn[base + chosen] = (turn + 1) % Int32(zones.count)
        return zones[Int(turn)]
    }

    /// A user's request enters in zone `zone`: its region counts it (when `counted`, after the
    /// warm-up) and ends it.
    @inline(never)
    mutating func regionRequestArrives(_ request: Int32, zone: Int32, counted: Bool) {
        let region = zoneRegion[Int(zone)]
        requests[request].region = region
        if counted { statistics.perRegion[Int(region)].requests += 1 }
    }

    /// Picks an instance of `deployable` for a caller in zone `from`, in the caller's region when
    /// the balancer has one there (the one-region rules apply inside it), else the least loaded
    /// in any other region. A user (`user`) is sent to another region only once DNS failover
    /// has happened (`RegionState.failoverAt`); until then the request finds no instance.
    /// - Complexity: O(pool size).
    @inline(never)
    mutating func routeInRegions(deployable: Int32, from zone: Int32, user: Bool, at now: SimTime) -> Int32? {
        let index = Int(deployable)
        let group = deployables[index].canaryGroup < 0 ? Int(deployables[index].liveGroup) : routeGroup(index)
        let region = zoneRegion[Int(zone)]
        var inRegion = 0
        var best: Int32 = -1
        var bestLoad = Int.max
        var local: Int32 = -1
        var localLoad = Int.max
        var away: Int32 = -1
        var awayLoad = Int.max
        for instance in serverGroups[group].pool {
            let load = loads[Int(instance)].outstanding
            let instanceZone = instances[Int(instance)].zone
            guard zoneRegion[Int(instanceZone)] == region else {
                if load < awayLoad {
                    away = instance
                    awayLoad = load
                }
                continue
            }
            inRegion += 1
            if load < bestLoad {
                best = instance
                bestLoad = load
            }
            if load < localLoad, instanceZone == zone {
                local = instance
                localLoad = load
            }
        }
        guard inRegion > 0 else {
            guard away >= 0, !user || now >= regions.failoverAt[index * Int(regionCount) + Int(region)] else {
                return nil
            }
            return away
        }
        switch deployables[index].loadBalancing {
        case .roundRobin:
            // The region's instances in turn.
            var next = serverGroups[group].nextRoundRobin % inRegion
            serverGroups[group].nextRoundRobin = next + 1
            for instance in serverGroups[group].pool where zoneRegion[Int(instances[Int(instance)].zone)] == region {
                if next == 0 { return instance }
                next -= 1
            }
            return best
        case .leastOutstanding:
            return best
        case .zoneAware:
            return Self.zoneAware(local: local, localLoad: localLoad, best: best, servers: deployables[index].servers)
        }
    }

    /// One-way delay between zones of different regions, or of one (`crossZone`).
    @inline(never)
    mutating func crossZoneDelay(_ from: Int32, _ to: Int32) -> SimTime {
        if zoneRegion[Int(from)] != zoneRegion[Int(to)] { return crossRegion.sampleTime(networkStream) }
        return crossZone.sampleTime(networkStream)
    }

    /// A user's one-way delay to an instance in zone `to`, entering in zone `from`: none in the
    /// user's own region (as with one region), the cross-region delay in another.
    @inline(never)
    mutating func userDelay(_ from: Int32, _ to: Int32) -> SimTime {
        zoneRegion[Int(from)] == zoneRegion[Int(to)] ? 0 : crossRegion.sampleTime(networkStream)
    }

    /// Instance `instance` enters (`delta` 1) or leaves (-1) service: its region's count, and
    /// when the region's users may fail over once the last one has left.
    @inline(never)
    mutating func regionInServiceChanges(_ instance: Int32, by delta: Int32, at now: SimTime) {
        let deployable = Int(instances[Int(instance)].deployable)
        let slot = deployable * Int(regionCount) + Int(zoneRegion[Int(instances[Int(instance)].zone)])
        regions.inService[slot] += delta
        if regions.inService[slot] == 0 { regions.failoverAt[slot] = now + spec.dnsFailover }
    }

    /// Instance `instance` is launched (`delta` 1) or terminated (-1): its region's cost.
    @inline(never)
    mutating func regionAliveChanges(_ instance: Int32, by delta: Double, at now: SimTime) {
        let deployable = Int(instances[Int(instance)].deployable)
        statistics.regionAlive[deployable * Int(regionCount) + Int(zoneRegion[Int(instances[Int(instance)].zone)])]
            .add(delta, at: now)
    }

    /// Per region: its users' requests (`REGION.requests`, `.availability`, response times),
    /// its instances' hours and cost, and its share of the storage clusters' cost (their nodes
    /// are spread evenly over every zone).
    func regionMetrics(from start: SimTime, to end: SimTime) -> [Metric] {
        let regionList = spec.regionList
        var metrics: [Metric] = []
        for (region, description) in regionList.enumerated() {
            var hours = 0.0
            var cost = 0.0
            for (deployable, state) in deployables.enumerated() {
                let instanceHours = statistics.regionAlive[deployable * regionList.count + region].integral(at: end) / 3.6e12
                hours += instanceHours
                cost += instanceHours * state.pricePerHour
            }
            for cluster in storageClusters { cost += cluster.cost(from: start, to: end, inRegion: Int32(region)) }
            let prefix = description.name + "."
            metrics += statistics.perRegion[region].metrics(
                prefix: prefix, seconds: Double(end - start) / Double(SimTime.nanosecondsPerSecond))
            metrics.append(Metric(prefix + "instance_hours", .hours, hours))
            metrics.append(Metric(prefix + "cost", .usd, cost))
        }
        return metrics
    }
}
