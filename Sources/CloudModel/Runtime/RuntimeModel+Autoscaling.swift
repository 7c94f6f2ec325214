import Foundation
import SimKernel

/// Target tracking: every evaluation period, size the group so the metric would sit at its
/// target, within [min, max], with a cooldown after each action.
extension RuntimeModel {
    mutating func autoscale(service: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let index = Int(service)
        guard let policy = services[index].autoscaling else { return }
        simulator.schedule(.autoscale(service: service), after: policy.evaluationPeriod)
        let busy = services[index].busyServers.integral(at: now)
        let inService = services[index].inService.integral(at: now)
        let last = services[index].lastEvaluation
        services[index].lastEvaluation = (now, busy, inService, services[index].arrivalsSoFar)
        let span = Double(now - last.time)
        let averageInService = (inService - last.inService) / span
        guard span > 0, averageInService > 0 else {
            // Nothing served all period (every instance booting, or all lost): nothing to measure,
            // but the group must still hold its minimum.
            services[index].desired = max(services[index].desired, policy.minInstances)
            topUp(service, in: &simulator)
            return
        }
        let load: Double
        let target: Double
        switch policy.target {
        case .utilisation(let goal):
            load = (busy - last.busy) / (inService - last.inService) / Double(services[index].servers)
            target = goal
        case .requestsPerInstance(let goal):
            load = Double(services[index].arrivalsSoFar - last.arrivals) / (span / 1e9) / averageInService
            target = goal
        }
        let wanted = min(policy.maxInstances, max(policy.minInstances, Int((averageInService * load / target).rounded(.up))))
        let lastAction = services[index].lastScalingAction
        guard lastAction == .min || now - lastAction >= policy.cooldown else { return }
        // Capacity the group has or will have: booting and in-service instances (draining and
        // failed ones are on their way out).
        var serving = 0
        for instance in instances where instance.service == service {
            if instance.lifecycle == .booting || instance.lifecycle == .inService { serving += 1 }
        }
        let alive = services[index].alive
        if wanted > serving {
            services[index].desired = alive + wanted - serving
            services[index].lastScalingAction = now
            statistics.services[index].scaleOuts += 1
            topUp(service, in: &simulator)
        } else if wanted < serving {
            // Only in-service instances can drain, and at least `min` of them stay.
            let drainable = Int(services[index].inService.value) - policy.minInstances
            let removed = scaleIn(service, by: min(serving - wanted, drainable), policy: policy, in: &simulator)
            if removed > 0 {
                services[index].desired = alive - removed
                services[index].lastScalingAction = now
                statistics.services[index].scaleIns += 1
            }
        }
    }

    /// Drains up to `count` in-service instances past their scale-in protection, taken from the
    /// zones with the most instances, newest first; returns how many.
    mutating func scaleIn(_ service: Int32, by count: Int, policy: AutoscalingSpec, in simulator: inout Simulator<Event>) -> Int {
        let now = simulator.now
        var removed = 0
        while removed < count {
            var perZone = [Int](repeating: 0, count: Int(zoneCount))
            for instance in services[Int(service)].pool { perZone[Int(instances[Int(instance)].zone)] += 1 }
            let candidates = services[Int(service)].pool.filter {
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
        let service = Int(instances[Int(instance)].service)
        instances[Int(instance)].lifecycle = .draining
        services[service].pool.removeAll { $0 == instance }
        services[service].inService.add(-1, at: now)
        statistics.services[service].inServiceInstances.add(-1, at: now)
        if instances[Int(instance)].busy == 0 { terminate(instance, at: now) }
    }
}
