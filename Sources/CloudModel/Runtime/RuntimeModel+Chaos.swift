import SimKernel

/// Failures injected on the scenario's schedule. `kill_instances` naming a service kills
/// instances of its deployable (a monolith's, for a packaged service); `latency` and `errors`
/// touch the named service's calls alone, wherever they run.
extension RuntimeModel {
    mutating func chaosStarts(_ index: Int32, in simulator: inout Simulator<Event>) {
        if spec.chaos[Int(index)].isWindow { chaosWindowOpens(at: simulator.now) }
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
        if spec.chaos[Int(index)].isWindow { chaosWindowCloses(at: simulator.now) }
        switch spec.chaos[Int(index)] {
        case .killInstances:
            break
        case .zoneOutage(let name, _, _):
            zoneComesBack(Int32(spec.zones.firstIndex(of: name)!), in: &simulator)
            // Groups that could not replace instances while every allowed zone was down.
            for group in serverGroups.indices { topUp(group: Int32(group), in: &simulator) }
        case .regionOutage(let name, _, _):
            for zone in zones(ofRegion: name) { zoneComesBack(zone, in: &simulator) }
            for group in serverGroups.indices { topUp(group: Int32(group), in: &simulator) }
        case .latency(let name, _, _, _):
            services[Int(serviceIndex(name))].chaosLatency = nil
        case .errors, .randomErrors:
            preconditionFailure("error faults end through errorFaultEnds")
        case .storageNodesDown(let name, _, _, _):
            let nodes = chaosDownedNodes.removeValue(forKey: index) ?? []
            storageClusters[storageIndex(name)].nodesComeBack(nodes, in: &simulator)
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
    mutating func zoneComesBack(_ zone: Int32, in simulator: inout Simulator<Event>) {
        zoneOutages[Int(zone)] -= 1
        zoneUp[Int(zone)] = zoneOutages[Int(zone)] == 0
        for cluster in storageClusters.indices { storageClusters[cluster].zoneComesBack(zone, in: &simulator) }
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

extension RuntimeModel {
    /// A chaos window opens: requests arriving until every window is closed again count in the
    /// `during_chaos` measures.
    mutating func chaosWindowOpens(at now: SimTime) {
        if chaosWindowsOpen == 0 { chaosOpenSince = now }
        chaosWindowsOpen += 1
    }

    mutating func chaosWindowCloses(at now: SimTime) {
        chaosWindowsOpen -= 1
        if chaosWindowsOpen == 0 { chaosTime += now - chaosOpenSince }
    }

    /// Time chaos windows were open between the warm-up's end and `end` (the warm-up's end
    /// restarts the count, as it does every other observation's).
    func chaosDuration(to end: SimTime) -> SimTime {
        chaosTime + (chaosWindowsOpen > 0 ? max(0, end - chaosOpenSince) : 0)
    }

    /// Whether the run reports `during_chaos` measures: it has chaos windows. With `fast_forward`
    /// too, since every request arriving while a window is open is simulated: a window's opening
    /// and closing change the regime (`currentRegime`), and no stretch begins while one is open.
    var reportsDuringChaos: Bool { spec.chaos.contains { $0.isWindow } }
}

extension ChaosSpec {
    /// A fault lasting a while (outages, latency, errors, storage nodes down, random incidents),
    /// as against `kill_instances`, a moment.
    var isWindow: Bool {
        if case .killInstances = self { return false }
        return true
    }
}
