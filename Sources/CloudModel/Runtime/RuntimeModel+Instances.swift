import SimKernel

/// Instances as cattle: launched into the emptiest healthy zone, booting, serving, failing,
/// noticed by the health check, terminated and replaced. The group is a deployable's: a
/// monolith's instances serve, fail and scale for all of its services at once.
extension RuntimeModel {
    /// Launches one instance of server group `group` in the allowed, healthy zone with the fewest
    /// of the group's instances; none when every allowed zone is down. It boots for the
    /// deployable's boot time, or, when `bootTime` is false, until someone calls `instanceReady`
    /// (a deploy boots a new group as one). In zone `preferred` if given and up (an instance
    /// restarting in place). Returns the instance, or nil.
    @discardableResult
    mutating func launch(
        group: Int32, bootTime: Bool = true, zone preferred: Int32? = nil, in simulator: inout Simulator<Event>
    ) -> Int32? {
        let now = simulator.now
        let deployable = serverGroups[Int(group)].deployable
        let unit = Int(deployable)
        var counts = [Int](repeating: 0, count: Int(zoneCount))
        for instance in instances where instance.group == group && instance.lifecycle != .terminated {
            counts[Int(instance.zone)] += 1
        }
        let candidates =
            regionCount > 1
            ? regionalCandidates(group: group, counts: counts) : deployables[unit].allowedZones.filter { zoneUp[Int($0)] }
        guard var zone = candidates.min(by: { counts[Int($0)] < counts[Int($1)] }) else { return nil }
        if let preferred, candidates.contains(preferred) { zone = preferred }
        deployables[unit].launched += 1
        serverGroups[Int(group)].alive += 1
        statistics.deployables[unit].aliveInstances.add(1, at: now)
        instances.append(
            InstanceState(
                deployable: deployable, zone: zone, number: deployables[unit].launched, lifecycle: .booting,
                launchedAt: now, group: group))
        loads.append(InstanceLoad(zone: zone))
        if hasCores { processors.append(ProcessorSharing(cores: deployables[unit].cores ?? 0)) }
        let instance = Int32(instances.count - 1)
        if regionCount > 1 { regionAliveChanges(instance, by: 1, at: now) }
        if bootTime {
            let boot = deployables[unit].bootTime.sampleTime(deployables[unit].lifecycleStream)
            simulator.schedule(.instanceReady(instance), after: boot)
        }
        return instance
    }

    /// Several regions: the allowed zones up in the region short of the most instances (each
    /// region keeps its share of the group: the share the starting placement, round-robin over
    /// the allowed zones, gives it), ties to the first region; none when no region with a zone
    /// up is short. An instance lost with its region is thus replaced there once it is back, as
    /// each region's own auto-scaling group would.
    @inline(never)
    func regionalCandidates(group: Int32, counts: [Int]) -> [Int32] {
        let allowed = deployables[Int(serverGroups[Int(group)].deployable)].allowedZones
        let desired = serverGroups[Int(group)].desired
        var shortfall = [Int](repeating: 0, count: Int(regionCount))
        for (position, zone) in allowed.enumerated() {
            let region = Int(zoneRegion[Int(zone)])
            shortfall[region] += desired / allowed.count + (position < desired % allowed.count ? 1 : 0) - counts[Int(zone)]
        }
        var chosen = -1
        for region in shortfall.indices where shortfall[region] > 0 && (chosen < 0 || shortfall[region] > shortfall[chosen]) {
            if allowed.contains(where: { zoneRegion[Int($0)] == region && zoneUp[Int($0)] }) { chosen = region }
        }
        return allowed.filter { Int(zoneRegion[Int($0)]) == chosen && zoneUp[Int($0)] }
    }

    mutating func instanceReady(_ instance: Int32, in simulator: inout Simulator<Event>) {
        guard instances[Int(instance)].lifecycle == .booting else { return }
        let now = simulator.now
        let group = Int(instances[Int(instance)].deployable)
        instances[Int(instance)].lifecycle = .inService
        instances[Int(instance)].inServiceSince = now
        serverGroups[Int(instances[Int(instance)].group)].pool.append(instance)
        deployables[group].inService.add(1, at: now)
        statistics.deployables[group].inServiceInstances.add(1, at: now)
        if regionCount > 1 { regionInServiceChanges(instance, by: 1, at: now) }
        if let lifetime = deployables[group].timeToFailure {
            simulator.schedule(.instanceFails(instance), after: lifetime.sampleTime(deployables[group].lifecycleStream))
        }
        if !queues.isEmpty { consumerJoined(Int32(group), in: &simulator) }
    }

    /// The instance breaks: work on it is lost (its callers get errors), in-process calls of a
    /// monolith's other services included, and after the health check's delay it leaves the pool
    /// and is replaced. A booting instance is simply replaced.
    mutating func failInstance(_ instance: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let group = Int(instances[Int(instance)].deployable)
        switch instances[Int(instance)].lifecycle {
        case .failed, .terminated:
            return
        case .booting:
            instances[Int(instance)].lifecycle = .failed
            statistics.deployables[group].instanceFailures += 1
            simulator.schedule(.failureDetected(instance), after: deployables[group].healthCheckDelay)
            return
        case .inService, .draining:
            break
        }
        let wasDraining = instances[Int(instance)].lifecycle == .draining
        instances[Int(instance)].lifecycle = .failed
        if !wasDraining {
            // A draining instance left the in-service count when it started draining.
            deployables[group].inService.add(-1, at: now)
            statistics.deployables[group].inServiceInstances.add(-1, at: now)
            if regionCount > 1 { regionInServiceChanges(instance, by: -1, at: now) }
        }
        statistics.deployables[group].instanceFailures += 1
        for slot in executions.liveSlots where executions[slot].instance == instance {
            switch executions[slot].phase {
            case .queued, .working, .waitingForChildren:
                let handle = SlotHandle(slot: slot, generation: executions.generation(of: slot))
                if executions[slot].holdsServer {
                    executions[slot].holdsServer = false
                    loads[Int(instance)].busy -= 1
                    deployables[group].busyServers.add(-1, at: now)
                    let service = Int(nodes[Int(executions[slot].node)].service)
                    statistics.services[service].busyServers.add(-1, at: now)
                }
                respond(handle, outcome: .failed(.error), in: &simulator)
            case .travelling, .responding:
                break
            }
        }
        while loads[Int(instance)].queue.pop() != nil {}
        if hasCores { clearCores(instance, at: now) }
        if wasDraining {
            terminate(instance, at: now)
        } else {
            simulator.schedule(.failureDetected(instance), after: deployables[group].healthCheckDelay)
        }
    }

    mutating func failureDetected(_ instance: Int32, in simulator: inout Simulator<Event>) {
        guard instances[Int(instance)].lifecycle == .failed else { return }
        let group = instances[Int(instance)].group
        terminate(instance, at: simulator.now)
        topUp(group: group, in: &simulator)
    }

    /// Launches instances until server group `group` has as many alive as it wants.
    mutating func topUp(group: Int32, in simulator: inout Simulator<Event>) {
        while serverGroups[Int(group)].alive < serverGroups[Int(group)].desired {
            // None launched: every allowed zone is down.
            if launch(group: group, in: &simulator) == nil { return }
        }
    }

    /// The instance is gone and stops costing money.
    mutating func terminate(_ instance: Int32, at now: SimTime) {
        let group = Int(instances[Int(instance)].group)
        instances[Int(instance)].lifecycle = .terminated
        serverGroups[group].pool.removeAll { $0 == instance }
        serverGroups[group].alive -= 1
        statistics.deployables[Int(instances[Int(instance)].deployable)].aliveInstances.add(-1, at: now)
        if regionCount > 1 { regionAliveChanges(instance, by: -1, at: now) }
        if serverGroups[group].alive == 0, serverGroups[group].desired == 0 { monitor?.retire(group: Int32(group)) }
    }

    /// The server group a call to deployable `index` with a canary goes to: the canary's with its
    /// share (during an in-place rollout, its share of the instances in service). Out of line,
    /// and only with a canary: a runtime without deploys draws nothing more from its routing
    /// stream, and its balancer stays as short as it was.
    @inline(never)
    mutating func routeGroup(_ index: Int) -> Int {
        let canary = deployables[index].routingStream.bernoulli(canaryShare(of: index))
        return Int(canary ? deployables[index].canaryGroup : deployables[index].liveGroup)
    }

    /// Picks an instance of `deployable` for a caller in zone `from`: in the canary's server group
    /// with the canary's share of calls, else in the live group; nil when that pool is empty.
    /// - Complexity: O(pool size).
    mutating func route(deployable: Int32, from zone: Int32) -> Int32? {
        let index = Int(deployable)
        let group = deployables[index].canaryGroup < 0 ? Int(deployables[index].liveGroup) : routeGroup(index)
        let count = serverGroups[group].pool.count
        guard count > 0 else { return nil }
        switch deployables[index].loadBalancing {
        case .roundRobin:
            let next = serverGroups[group].nextRoundRobin % count
            serverGroups[group].nextRoundRobin = next + 1
            return serverGroups[group].pool[next]
        case .leastOutstanding, .zoneAware:
            // One pass finds the least loaded instance overall and in the caller's zone.
            var best: Int32 = -1
            var bestLoad = Int.max
            var local: Int32 = -1
            var localLoad = Int.max
            for instance in serverGroups[group].pool {
                let load = loads[Int(instance)].outstanding
                if load < bestLoad {
                    best = instance
                    bestLoad = load
                }
                if load < localLoad, loads[Int(instance)].zone == zone {
                    local = instance
                    localLoad = load
                }
            }
            guard deployables[index].loadBalancing == .zoneAware else { return best }
            return Self.zoneAware(local: local, localLoad: localLoad, best: best, servers: deployables[index].servers)
        }
    }

    /// The zone-aware balancer's rule: the least loaded instance in the caller's zone, unless the
    /// zone has none or that one is saturated (every server busy and as many calls waiting); then
    /// the least loaded anywhere it may send to.
    @inline(__always)
    static func zoneAware(local: Int32, localLoad: Int, best: Int32, servers: Int32) -> Int32 {
        local >= 0 && localLoad < 2 * Int(servers) ? local : best
    }
}
