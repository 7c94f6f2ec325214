import SimKernel

/// Microservice pipelines: each team ships when a change is ready, as an immutable server group
/// with a canary; a detected bad deploy is rolled back by moving traffic to the last good group.
extension DeliveryModel {
    var microservices: MicroserviceDelivery {
        guard case .microservices(let micro) = spec.architecture else { preconditionFailure("not microservices") }
        return micro
    }

    /// Ships every waiting change of `deployable` as one deploy, unless one is in progress or
    /// traffic is moving back: a new server group launches now.
    mutating func startDeploy(_ deployable: Int, in simulator: inout Simulator<Event>) {
        // No copy of the deployable may live past here: appending a version would copy them all.
        let queue = deployables[deployable].queue
        let idle = deployables[deployable].deploying == nil && !deployables[deployable].rollingBack
        guard idle, !queue.isEmpty else { return }
        deployables[deployable].queue = []
        let deploy = newDeploy(deployable, changes: queue)
        deployables[deployable].deploying = deploy
        deploys[deploy].start = simulator.now
        _ = newVersion(for: deploy, at: simulator.now)
        simulator.schedule(
            .booted(deploy: deploy), after: microservices.bootTime.sampleTime(deployStreams[deployable].first))
    }

    /// The new group serves the canary share; monitoring watches the canary's own datapoints.
    mutating func booted(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        guard deployables[deployable].deploying == deploy else { return }
        let now = simulator.now
        deployables[deployable].next = deploys[deploy].version
        deployables[deployable].nextShare = microservices.canaryShare
        deploys[deploy].canary = now
        expose(deploy, at: now)
        trafficChanged(deployable, at: now)
        simulator.schedule(.fullTraffic(deploy: deploy), after: microservices.bake)
        watchCanary(deploy, at: now, in: &simulator)
    }

    /// The bake is over without a rollback: all traffic moves to the new group.
    mutating func fullTraffic(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        guard deployables[deployable].deploying == deploy else { return }
        finishRollout(deploy, at: simulator.now)
        watchService(deploy, at: simulator.now, in: &simulator)
        startDeploy(deployable, in: &simulator)
    }

    /// Rollback: traffic moves to the last version that served everyone without a bad change;
    /// within `rollback_time` while its group is kept, else after relaunching it (boot time too).
    /// Every deploy since is undone: its changes return, bad ones after their fix time.
    mutating func rollBack(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        deployables[deployable].actionPending = false
        guard deploys[deploy].restoredAt == nil, !deployables[deployable].rollingBack else { return }
        let now = simulator.now
        let unit = deployables[deployable]
        let good = unit.liveHistory.last { unit.versions[$0].openBad.isEmpty } ?? 0
        var target = good
        var delay = microservices.rollbackTime.sampleTime(deployStreams[deployable].second)
        if target != unit.live, unit.versions[target].terminatedAt <= now {
            deployables[deployable].versions.append(Version(openBad: [], launchedAt: now))
            target = deployables[deployable].versions.count - 1
            delay += microservices.bootTime.sampleTime(deployStreams[deployable].first)
        }
        // Deploys since the good version: the last exposed ones (versions grow with exposure),
        // and the one in progress if it has not met users yet.
        var undone = unit.exposed.reversed().prefix { deploys[$0].version! > good }.filter { !deploys[$0].rolledBack }
        if let inProgress = unit.deploying, !undone.contains(inProgress) { undone.append(inProgress) }
        for undoneDeploy in undone {
            deploys[undoneDeploy].rolledBack = true
            for change in deploys[undoneDeploy].changes {
                changes[change].servingAt = nil
                var returns = now + delay
                if changes[change].bad {
                    returns += spec.organisation.fixTime.sampleTime(fixStreams[changes[change].service])
                    changes[change].bad = false
                }
                simulator.schedule(.changeReturns(change: change), at: returns)
            }
        }
        deployables[deployable].deploying = nil
        deployables[deployable].rollingBack = true
        simulator.schedule(.rolledBack(deployable: deployable, target: target), after: delay)
    }

    /// Traffic is back on `target`: the other groups are terminated.
    mutating func rolledBack(_ deployable: Int, to target: Int, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        for index in deployables[deployable].versions.indices where index != target {
            let version = deployables[deployable].versions[index]
            if version.terminatedAt > now { deployables[deployable].versions[index].terminatedAt = now }
        }
        deployables[deployable].versions[target].terminatedAt = .max
        deployables[deployable].live = target
        deployables[deployable].liveHistory.append(target)
        deployables[deployable].next = nil
        deployables[deployable].nextShare = 0
        deployables[deployable].rollingBack = false
        trafficChanged(deployable, at: now)
        markRestored(deployable, at: now)
        startDeploy(deployable, in: &simulator)
    }

    /// People or automation react to an alert: roll back, or roll forward on a monolith.
    mutating func act(on deploy: Int, in simulator: inout Simulator<Event>) {
        switch spec.architecture {
        case .monolith: rollForward(deploy, in: &simulator)
        case .microservices: rollBack(deploy, in: &simulator)
        }
    }
}
