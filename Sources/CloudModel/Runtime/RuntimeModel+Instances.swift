import SimKernel

/// Instances as cattle: launched into the emptiest healthy zone, booting, serving, failing,
/// noticed by the health check, terminated and replaced. The group is a deployable's: a
/// monolith's instances serve, fail and scale for all of its services at once.
extension RuntimeModel {
    /// Launches one instance of `deployable` in the allowed, healthy zone with the fewest of its
    /// instances; none when every allowed zone is down.
    mutating func launch(_ deployable: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let group = Int(deployable)
        var counts = [Int](repeating: 0, count: Int(zoneCount))
        for instance in instances where instance.deployable == deployable && instance.lifecycle != .terminated {
            counts[Int(instance.zone)] += 1
        }
        let candidates = deployables[group].allowedZones.filter { zoneUp[Int($0)] }
        guard let zone = candidates.min(by: { counts[Int($0)] < counts[Int($1)] }) else { return }
        deployables[group].launched += 1
        deployables[group].alive += 1
        statistics.deployables[group].aliveInstances.add(1, at: now)
        instances.append(
            InstanceState(
                deployable: deployable, zone: zone, number: deployables[group].launched, lifecycle: .booting,
                launchedAt: now))
        let boot = deployables[group].bootTime.sampleTime(deployables[group].lifecycleStream)
        simulator.schedule(.instanceReady(Int32(instances.count - 1)), after: boot)
    }

    mutating func instanceReady(_ instance: Int32, in simulator: inout Simulator<Event>) {
        guard instances[Int(instance)].lifecycle == .booting else { return }
        let now = simulator.now
        let group = Int(instances[Int(instance)].deployable)
        instances[Int(instance)].lifecycle = .inService
        instances[Int(instance)].inServiceSince = now
        deployables[group].pool.append(instance)
        deployables[group].inService.add(1, at: now)
        statistics.deployables[group].inServiceInstances.add(1, at: now)
        if let lifetime = deployables[group].timeToFailure {
            simulator.schedule(.instanceFails(instance), after: lifetime.sampleTime(deployables[group].lifecycleStream))
        }
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
        }
        statistics.deployables[group].instanceFailures += 1
        for slot in executions.liveSlots where executions[slot].instance == instance {
            switch executions[slot].phase {
            case .queued, .working, .waitingForChildren:
                let handle = SlotHandle(slot: slot, generation: executions.generation(of: slot))
                if executions[slot].holdsServer {
                    executions[slot].holdsServer = false
                    instances[Int(instance)].busy -= 1
                    deployables[group].busyServers.add(-1, at: now)
                    let service = Int(nodes[Int(executions[slot].node)].service)
                    statistics.services[service].busyServers.add(-1, at: now)
                }
                respond(handle, outcome: .failed(.error), in: &simulator)
            case .travelling, .responding:
                break
            }
        }
        while instances[Int(instance)].queue.pop() != nil {}
        if wasDraining {
            terminate(instance, at: now)
        } else {
            simulator.schedule(.failureDetected(instance), after: deployables[group].healthCheckDelay)
        }
    }

    mutating func failureDetected(_ instance: Int32, in simulator: inout Simulator<Event>) {
        guard instances[Int(instance)].lifecycle == .failed else { return }
        let deployable = instances[Int(instance)].deployable
        terminate(instance, at: simulator.now)
        topUp(deployable, in: &simulator)
    }

    /// Launches instances until the group has as many alive as it wants.
    mutating func topUp(_ deployable: Int32, in simulator: inout Simulator<Event>) {
        while deployables[Int(deployable)].alive < deployables[Int(deployable)].desired {
            let before = deployables[Int(deployable)].alive
            launch(deployable, in: &simulator)
            if deployables[Int(deployable)].alive == before { return }  // every allowed zone is down
        }
    }

    /// The instance is gone and stops costing money.
    mutating func terminate(_ instance: Int32, at now: SimTime) {
        let group = Int(instances[Int(instance)].deployable)
        instances[Int(instance)].lifecycle = .terminated
        deployables[group].pool.removeAll { $0 == instance }
        deployables[group].alive -= 1
        statistics.deployables[group].aliveInstances.add(-1, at: now)
    }

    /// Picks an instance of `deployable` for a caller in zone `from`; nil when the pool is empty.
    /// - Complexity: O(pool size).
    mutating func route(deployable: Int32, from zone: Int32) -> Int32? {
        let index = Int(deployable)
        let count = deployables[index].pool.count
        guard count > 0 else { return nil }
        switch deployables[index].loadBalancing {
        case .roundRobin:
            let next = deployables[index].nextRoundRobin % count
            deployables[index].nextRoundRobin = next + 1
            return deployables[index].pool[next]
        case .leastOutstanding, .zoneAware:
            // One pass finds the least loaded instance overall and in the caller's zone.
            var best: Int32 = -1
            var bestLoad = Int.max
            var local: Int32 = -1
            var localLoad = Int.max
            for instance in deployables[index].pool {
                let load = instances[Int(instance)].outstanding
                if load < bestLoad {
                    best = instance
                    bestLoad = load
                }
                if load < localLoad, instances[Int(instance)].zone == zone {
                    local = instance
                    localLoad = load
                }
            }
            // Zone-aware: stay local unless the zone has no instance or its best one is
            // saturated (every server busy and as many calls waiting).
            if deployables[index].loadBalancing == .zoneAware, local >= 0, localLoad < 2 * Int(deployables[index].servers) {
                return local
            }
            return best
        }
    }
}
