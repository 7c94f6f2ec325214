import SimKernel

/// What decides how the runtime serves requests at one moment (`FastForwardSpec`): two moments
/// with equal regimes serve requests alike, so one's measured rates stand for the other's.
///
/// Whether a chaos window is open (no stretch then: see `fastForwardEvent`); per zone whether it
/// is up; per storage cluster its nodes up and failures on (and a replica set's primary); per service its error probabilities
/// and chaos latency; per
/// deployable the share of its routed groups' instances in service and, when its routed server groups run
/// different flaws, each group's flaws with its share of calls. Groups running the same code
/// are one: a good deploy's canary, its full traffic and the old group's retirement change
/// nothing here.
struct Regime: Hashable {
    var numbers: [UInt64] = []
    var latencies: [Distribution?] = []
    var flaws: [[FlawKey]] = []

    /// One active flaw of a group, by what it does.
    struct FlawKey: Hashable {
        var service: Int32
        var effect: BadChangeEffect
    }
}

extension RuntimeModel {
    /// The regime now.
    func currentRegime() -> Regime {
        var regime = Regime()
        regime.numbers.reserveCapacity(1 + zoneUp.count + 2 * services.count + 4 * deployables.count)
        regime.numbers.append(chaosWindowsOpen > 0 ? 1 : 0)
        for up in zoneUp { regime.numbers.append(up ? 1 : 0) }
        for service in services {
            regime.numbers.append(service.errorProbability.bitPattern)
            regime.numbers.append(service.chaosErrorProbability.bitPattern)
            regime.latencies.append(service.chaosLatency)
        }
        for cluster in storageClusters {
            regime.numbers.append(cluster.nodesUp.bitPattern)
            regime.numbers.append(UInt64(cluster.activeFailures))
            // Which member of a replica set is primary decides where writes go, and whether any can.
            if cluster.replicaSet != nil { regime.numbers.append(UInt64(bitPattern: Int64(cluster.primaryMember))) }
        }
        for index in deployables.indices {
            let deployable = deployables[index]
            var routed = [(group: Int(deployable.liveGroup), share: 1.0)]
            if deployable.canaryGroup >= 0 {
                let share = canaryShare(of: index)
                routed = [(Int(deployable.liveGroup), 1 - share), (Int(deployable.canaryGroup), share)]
            }
            // Capacity: instances in service among those the routed groups want.
            var inService = 0
            var desired = 0
            for (group, _) in routed {
                desired += serverGroups[group].desired
                inService += serverGroups[group].pool.count { instances[Int($0)].lifecycle == .inService }
            }
            regime.numbers.append((desired > 0 ? Double(inService) / Double(desired) : 1).bitPattern)
            let keys = routed.map { activeFlaws(of: $0.group) }
            if keys.allSatisfy({ $0 == keys[0] }) {
                regime.flaws.append(keys[0])
            } else {
                for ((_, share), key) in zip(routed, keys) {
                    regime.numbers.append(share.bitPattern)
                    regime.flaws.append(key)
                }
            }
        }
        return regime
    }

    /// The flaws whose code runs on server group `group`, by what they do.
    func activeFlaws(of group: Int) -> [Regime.FlawKey] {
        serverGroups[group].flaws.filter(\.active).map { Regime.FlawKey(service: $0.service, effect: $0.effect) }
    }

    /// The share of deployable `index`'s calls its canary group takes now: the canary's, or
    /// during an in-place rollout its share of the instances in service (as `routeGroup` draws).
    func canaryShare(of index: Int) -> Double {
        let deployable = deployables[index]
        guard deployable.canaryGroup >= 0 else { return 0 }
        guard deployable.sharesByInstances else { return deployable.canaryShare }
        let new = serverGroups[Int(deployable.canaryGroup)].pool.count
        let all = new + serverGroups[Int(deployable.liveGroup)].pool.count
        return all == 0 ? 0 : Double(new) / Double(all)
    }

    /// The share of its deployable's calls server group `group` takes now.
    func trafficShare(of group: Int) -> Double {
        let index = Int(serverGroups[group].deployable)
        let deployable = deployables[index]
        if group == Int(deployable.liveGroup) { return 1 - canaryShare(of: index) }
        if group == Int(deployable.canaryGroup) { return canaryShare(of: index) }
        return 0
    }
}
