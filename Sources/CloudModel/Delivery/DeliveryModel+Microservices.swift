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
        let deploy = ledger.newDeploy(deployable, changes: queue)
        deployables[deployable].deploying = deploy
        deploys[deploy].start = simulator.now
        _ = ledger.newVersion(for: deploy, at: simulator.now)
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
        ledger.expose(deploy, at: now)
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
        let good = ledger.rollbackTarget(deployable)
        var target = good
        var delay = microservices.rollbackTime.sampleTime(deployStreams[deployable].second)
        if target != deployables[deployable].live, deployables[deployable].versions[target].terminatedAt <= now {
            target = ledger.relaunch(deployable, at: now)
            delay += microservices.bootTime.sampleTime(deployStreams[deployable].first)
        }
        let (fixTime, fixStreams) = (spec.organisation.fixTime, fixStreams)
        let returning = ledger.undo(deployable, since: good, ready: now + delay) { change in
            fixTime.sampleTime(fixStreams[change.service])
        }
        for (change, at) in returning { simulator.schedule(.changeReturns(change: change), at: at) }
        simulator.schedule(.rolledBack(deployable: deployable, target: target), after: delay)
    }

    /// Traffic is back on `target`: the other groups are terminated.
    mutating func rolledBack(_ deployable: Int, to target: Int, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        ledger.rolledBack(deployable, to: target, at: now)
        trafficChanged(deployable, at: now)
        ledger.markRestored(deployable, at: now)
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
