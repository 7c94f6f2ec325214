import SimKernel

/// Failures injected on the scenario's schedule. `kill_instances` naming a service kills
/// instances of its deployable (a monolith's, for a packaged service); `latency` and `errors`
/// touch the named service's calls alone, wherever they run.
extension RuntimeModel {
    mutating func chaosStarts(_ index: Int32, in simulator: inout Simulator<Event>) {
        switch spec.chaos[Int(index)] {
        case .killInstances(let name, let count, _):
            let deployable = services[Int(serviceIndex(name))].deployable
            let live = Int(deployables[Int(deployable)].liveGroup)
            var candidates = serverGroups[live].pool.filter { instances[Int($0)].lifecycle == .inService }
            for _ in 0..<min(count, candidates.count) {
                let victim = candidates.remove(at: chaosStream.integer(below: candidates.count))
                failInstance(victim, in: &simulator)
            }
        case .zoneOutage(let name, _, _):
            zoneGoesDown(Int32(spec.zones.firstIndex(of: name)!), in: &simulator)
        case .regionOutage(let name, _, _):
            for zone in zones(ofRegion: name) { zoneGoesDown(zone, in: &simulator) }
        case .latency(let name, let extra, _, _):
            services[Int(serviceIndex(name))].chaosLatency = extra
        case .errors, .randomErrors:
            preconditionFailure("error faults start through errorFaultStarts")
        case .storageNodesDown(let name, let count, _, _):
            let cluster = storageIndex(name)
            chaosDownedNodes[index] = storageClusters[cluster].nodesGoDown(count, chosenBy: chaosStream, in: &simulator)
        }
    }

    mutating func chaosEnds(_ index: Int32, in simulator: inout Simulator<Event>) {
        switch spec.chaos[Int(index)] {
        case .killInstances:
            break
        case .zoneOutage(let name, _, _):
            zoneComesBack(Int32(spec.zones.firstIndex(of: name)!), at: simulator.now)
            // Groups that could not replace instances while every allowed zone was down.
            for group in serverGroups.indices { topUp(group: Int32(group), in: &simulator) }
        case .regionOutage(let name, _, _):
            for zone in zones(ofRegion: name) { zoneComesBack(zone, at: simulator.now) }
            for group in serverGroups.indices { topUp(group: Int32(group), in: &simulator) }
        case .latency(let name, _, _, _):
            services[Int(serviceIndex(name))].chaosLatency = nil
        case .errors, .randomErrors:
            preconditionFailure("error faults end through errorFaultEnds")
        case .storageNodesDown(let name, _, _, _):
            let nodes = chaosDownedNodes.removeValue(forKey: index) ?? []
            storageClusters[storageIndex(name)].nodesComeBack(nodes, at: simulator.now)
        }
    }

    /// Zone `zone` goes down: its instances stop, and so do storage nodes, which are machines in
    /// the zone too.
    mutating func zoneGoesDown(_ zone: Int32, in simulator: inout Simulator<Event>) {
        zoneOutages[Int(zone)] += 1
        zoneUp[Int(zone)] = false
        for instance in instances.indices where instances[instance].zone == zone {
            failInstance(Int32(instance), in: &simulator)
        }
        for cluster in storageClusters.indices { storageClusters[cluster].zoneGoesDown(zone, in: &simulator) }
    }

    /// An outage of zone `zone` ends; overlapping outages of one zone: it is back when the last
    /// one ends. The caller tops groups up.
    mutating func zoneComesBack(_ zone: Int32, at now: SimTime) {
        zoneOutages[Int(zone)] -= 1
        zoneUp[Int(zone)] = zoneOutages[Int(zone)] == 0
        for cluster in storageClusters.indices { storageClusters[cluster].zoneComesBack(zone, at: now) }
    }

    /// The zones (indices into `spec.zones`) of region `name`.
    func zones(ofRegion name: String) -> [Int32] {
        guard let region = spec.regionList.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("unknown region \(name); scenarios are validated first")
        }
        return spec.zoneRegions.indices.filter { spec.zoneRegions[$0] == region }.map(Int32.init)
    }

    func storageIndex(_ name: String) -> Int {
        guard let index = spec.storage.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("unknown storage cluster \(name); scenarios are validated first")
        }
        return index
    }

    func serviceIndex(_ name: String) -> Int32 {
        guard let index = services.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("unknown service \(name); scenarios are validated first")
        }
        return Int32(index)
    }
}
