import Foundation
import SimKernel

/// Target tracking: every evaluation period, size the group so the metric would sit at its
/// target, within [min, max], with a cooldown after each action.
extension RuntimeModel {
    mutating func autoscale(deployable: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let index = Int(deployable)
        guard let policy = deployables[index].autoscaling else { return }
        // The live server group scales; a canary's or a kept old group keeps its size.
        let live = Int(deployables[index].liveGroup)
        simulator.schedule(.autoscale(deployable: deployable), after: policy.evaluationPeriod)
        // A train's rollout moves the instances between groups: the autoscaler waits for its end.
        guard !deployables[index].sharesByInstances else { return }
        // With cores, utilisation is the cores' (a CPU target, as cloud autoscalers track), else
        // the threads'.
        let cores = deployables[index].cores
        let busy = cores == nil
            ? deployables[index].busyServers.integral(at: now) : deployables[index].busyCores.integral(at: now)
        let inService = deployables[index].inService.integral(at: now)
        let last = deployables[index].lastEvaluation
        deployables[index].lastEvaluation = (now, busy, inService, deployables[index].arrivalsSoFar)
        let span = Double(now - last.time)
        let averageInService = (inService - last.inService) / span
        guard span > 0, averageInService > 0 else {
            // Nothing served all period (every instance booting, or all lost): nothing to measure,
            // but the group must still hold its minimum.
            serverGroups[live].desired = max(serverGroups[live].desired, policy.minInstances)
            topUp(group: Int32(live), in: &simulator)
            return
        }
        let load: Double
        let target: Double
        switch policy.target {
        case .utilisation(let goal):
            load = (busy - last.busy) / (inService - last.inService) / (cores ?? Double(deployables[index].servers))
            target = goal
        case .requestsPerInstance(let goal):
            load = Double(deployables[index].arrivalsSoFar - last.arrivals) / (span / 1e9) / averageInService
            target = goal
        }
        let wanted = min(policy.maxInstances, max(policy.minInstances, Int((averageInService * load / target).rounded(.up))))
        let lastAction = deployables[index].lastScalingAction
        guard lastAction == .min || now - lastAction >= policy.cooldown else { return }
        // Capacity the group has or will have: booting and in-service instances (draining and
        // failed ones are on their way out).
        var serving = 0
        for instance in instances where instance.group == live {
            if instance.lifecycle == .booting || instance.lifecycle == .inService { serving += 1 }
        }
        let alive = serverGroups[live].alive
        if wanted > serving {
            serverGroups[live].desired = alive + wanted - serving
            deployables[index].lastScalingAction = now
            statistics.deployables[index].scaleOuts += 1
            topUp(group: Int32(live), in: &simulator)
        } else if wanted < serving {
            // Only in-service instances can drain, and at least `min` of them stay.
            let drainable = Int(deployables[index].inService.value) - policy.minInstances
            let removed = scaleIn(deployable, by: min(serving - wanted, drainable), policy: policy, in: &simulator)
            if removed > 0 {
                serverGroups[live].desired = alive - removed
                deployables[index].lastScalingAction = now
                statistics.deployables[index].scaleIns += 1
            }
        }
    }

    /// Drains up to `count` in-service instances past their scale-in protection, taken from the
    /// zones with the most instances, newest first; returns how many.
    mutating func scaleIn(_ deployable: Int32, by count: Int, policy: AutoscalingSpec, in simulator: inout Simulator<Event>) -> Int {
        let now = simulator.now
        var removed = 0
        let live = Int(deployables[Int(deployable)].liveGroup)
        while removed < count {
            var perZone = [Int](repeating: 0, count: Int(zoneCount))
            for instance in serverGroups[live].pool { perZone[Int(instances[Int(instance)].zone)] += 1 }
            let candidates = serverGroups[live].pool.filter {
                instances[Int($0)].lifecycle == .inService
                    && now - instances[Int($0)].inServiceSince >= policy.scaleInProtection
            }
            guard let victim = candidates.max(by: { a, b in
                let (za, zb) = (perZone[Int(instances[Int(a)].zone)], perZone[Int(instances[Int(b)].zone)])
                return za != zb ? za < zb : a < b
            }) else { break }
            drain(victim, at: now)
            removed += 1
        }
        return removed
    }

    /// Out of the pool now; terminated once its last call is done.
    mutating func drain(_ instance: Int32, at now: SimTime) {
        let group = Int(instances[Int(instance)].deployable)
        instances[Int(instance)].lifecycle = .draining
        serverGroups[Int(instances[Int(instance)].group)].pool.removeAll { $0 == instance }
        deployables[group].inService.add(-1, at: now)
        statistics.deployables[group].inServiceInstances.add(-1, at: now)
        if regionCount > 1 { regionInServiceChanges(instance, by: -1, at: now) }
        if loads[Int(instance)].busy == 0 { terminate(instance, at: now) }
    }
}
