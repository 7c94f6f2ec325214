import SimKernel

/// Instances as cattle: launched into the emptiest healthy zone, booting, serving, failing,
/// noticed by the health check, terminated and replaced.
extension RuntimeModel {
    /// Launches one instance of `service` in the allowed, healthy zone with the fewest of its
    /// instances; none when every allowed zone is down.
    mutating func launch(_ service: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        var counts = [Int](repeating: 0, count: Int(zoneCount))
        for instance in instances where instance.service == service && instance.lifecycle != .terminated {
            counts[Int(instance.zone)] += 1
        }
        let candidates = services[Int(service)].allowedZones.filter { zoneUp[Int($0)] }
        guard let zone = candidates.min(by: { counts[Int($0)] < counts[Int($1)] }) else { return }
        services[Int(service)].launched += 1
        services[Int(service)].alive += 1
        statistics.services[Int(service)].aliveInstances.add(1, at: now)
        instances.append(
            InstanceState(
                service: service, zone: zone, number: services[Int(service)].launched, lifecycle: .booting,
                launchedAt: now))
        let boot = services[Int(service)].bootTime.sampleTime(services[Int(service)].lifecycleStream)
        simulator.schedule(.instanceReady(Int32(instances.count - 1)), after: boot)
    }

    mutating func instanceReady(_ instance: Int32, in simulator: inout Simulator<Event>) {
        guard instances[Int(instance)].lifecycle == .booting else { return }
        let now = simulator.now
        let service = Int(instances[Int(instance)].service)
        instances[Int(instance)].lifecycle = .inService
        instances[Int(instance)].inServiceSince = now
        services[service].pool.append(instance)
        services[service].inService.add(1, at: now)
        statistics.services[service].inServiceInstances.add(1, at: now)
        if let lifetime = services[service].timeToFailure {
            simulator.schedule(.instanceFails(instance), after: lifetime.sampleTime(services[service].lifecycleStream))
        }
    }

    /// The instance breaks: work on it is lost (its callers get errors), and after the health
    /// check's delay it leaves the pool and is replaced. A booting instance is simply replaced.
    mutating func failInstance(_ instance: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let service = Int(instances[Int(instance)].service)
        switch instances[Int(instance)].lifecycle {
        case .failed, .terminated:
            return
        case .booting:
            instances[Int(instance)].lifecycle = .failed
            statistics.services[service].instanceFailures += 1
            simulator.schedule(.failureDetected(instance), after: services[service].healthCheckDelay)
            return
        case .inService, .draining:
            break
        }
        let wasDraining = instances[Int(instance)].lifecycle == .draining
        instances[Int(instance)].lifecycle = .failed
        if !wasDraining {
            // A draining instance left the in-service count when it started draining.
            services[service].inService.add(-1, at: now)
            statistics.services[service].inServiceInstances.add(-1, at: now)
        }
        statistics.services[service].instanceFailures += 1
        for slot in executions.liveSlots where executions[slot].instance == instance {
            switch executions[slot].phase {
            case .queued, .working, .waitingForChildren:
                let handle = SlotHandle(slot: slot, generation: executions.generation(of: slot))
                if executions[slot].holdsServer {
                    executions[slot].holdsServer = false
                    instances[Int(instance)].busy -= 1
                    services[service].busyServers.add(-1, at: now)
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
            simulator.schedule(.failureDetected(instance), after: services[service].healthCheckDelay)
        }
    }

    mutating func failureDetected(_ instance: Int32, in simulator: inout Simulator<Event>) {
        guard instances[Int(instance)].lifecycle == .failed else { return }
        let service = Int(instances[Int(instance)].service)
        terminate(instance, at: simulator.now)
        topUp(Int32(service), in: &simulator)
    }

    /// Launches instances until the group has as many alive as it wants.
    mutating func topUp(_ service: Int32, in simulator: inout Simulator<Event>) {
        while services[Int(service)].alive < services[Int(service)].desired {
            let before = services[Int(service)].alive
            launch(service, in: &simulator)
            if services[Int(service)].alive == before { return }  // every allowed zone is down
        }
    }

    /// The instance is gone and stops costing money.
    mutating func terminate(_ instance: Int32, at now: SimTime) {
        let service = Int(instances[Int(instance)].service)
        instances[Int(instance)].lifecycle = .terminated
        services[service].pool.removeAll { $0 == instance }
        services[service].alive -= 1
        statistics.services[service].aliveInstances.add(-1, at: now)
    }

    /// Picks an instance of `service` for a caller in zone `from`; nil when the pool is empty.
    /// - Complexity: O(pool size).
    mutating func route(service: Int32, from zone: Int32) -> Int32? {
        let index = Int(service)
        let count = services[index].pool.count
        guard count > 0 else { return nil }
        switch services[index].loadBalancing {
        case .roundRobin:
            let next = services[index].nextRoundRobin % count
            services[index].nextRoundRobin = next + 1
            return services[index].pool[next]
        case .leastOutstanding, .zoneAware:
            // One pass finds the least loaded instance overall and in the caller's zone.
            var best: Int32 = -1
            var bestLoad = Int.max
            var local: Int32 = -1
            var localLoad = Int.max
            for instance in services[index].pool {
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
            if services[index].loadBalancing == .zoneAware, local >= 0, localLoad < 2 * Int(services[index].servers) {
                return local
            }
            return best
        }
    }
}
