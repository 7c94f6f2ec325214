import SimKernel

/// Rollback in the runtime: an alert on a deployable with a deploy in flight (its canary), or
/// one that took all traffic less than `keep_old` ago, moves traffic back to the last version
/// that served everyone without a bad change — `rollback_time` later while its group is kept,
/// or after booting it again once it was retired.
extension RuntimeModel {
    /// The deploy an alert on `deployable` at `now` is put down to: the one in progress, else the
    /// newest that took all traffic within `keep_old` and was not rolled back; nil for none
    /// (chaos or noise: the alert stays an alert).
    func deployBehindAlert(on deployable: Int, at now: SimTime) -> Int? {
        guard let delivery else { return nil }
        let unit = delivery.ledger.deployables[deployable]
        if let deploying = unit.deploying, delivery.ledger.deploys[deploying].exposedAt != nil { return deploying }
        guard let newest = unit.exposed.last, !delivery.ledger.deploys[newest].rolledBack,
            let full = delivery.ledger.deploys[newest].full, now - full < delivery.spec.immutable!.keepOld
        else { return nil }
        return newest
    }

    /// Rolls back the newest deploy of the deployable whose series raised alert `alert`, if a
    /// deploy is behind it and no rollback is under way; records the alert and action on it.
    mutating func rollBack(for alert: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        let group = Int(monitor!.alerts[alert].key.group)
        let deployable = Int(serverGroups[group].deployable)
        guard let deploy = deployBehindAlert(on: deployable, at: now),
            !delivery!.ledger.deployables[deployable].rollingBack
        else { return }
        if delivery!.ledger.deploys[deploy].alertAt == nil {
            delivery!.ledger.deploys[deploy].alertAt = monitor!.alerts[alert].fired.alert
            delivery!.ledger.deploys[deploy].actionAt = now
        }
        let good = delivery!.ledger.rollbackTarget(deployable)
        let unit = delivery!.ledger.deployables[deployable]
        // Nothing to undo: the alert is about a good version that serves everyone.
        guard good != unit.live || unit.deploying != nil else { return }
        let streams = delivery!.deployStreams[deployable]
        var target = good
        var delay = delivery!.spec.immutable!.rollbackTime.sampleTime(streams.rollback)
        if target != unit.live, unit.versions[target].terminatedAt <= now {
            target = delivery!.ledger.relaunch(deployable, at: now)
            delay += delivery!.spec.immutable!.bootTime.sampleTime(streams.boot)
            launchGroup(
                deployable, version: target, instances: serverGroups[Int(deployables[deployable].liveGroup)].desired,
                in: &simulator)
        }
        let (fixTime, fixStreams) = (delivery!.spec.fixTime, delivery!.fixStreams)
        let returning = delivery!.ledger.undo(deployable, since: good, ready: now + delay) { change in
            fixTime.sampleTime(fixStreams[change.service])
        }
        for (change, at) in returning { simulator.schedule(.delivery(.changeReturns(change: Int32(change))), at: at) }
        simulator.schedule(.delivery(.rolledBack(deployable: Int32(deployable), target: Int32(target))), after: delay)
    }

    /// Traffic is back on version `target`: its group serves everything, every other group of the
    /// deployable is retired now, and the next deploy may start.
    mutating func rolledBack(_ deployable: Int, to target: Int, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let group = delivery!.groupOfVersion[deployable][target]
        readyGroup(group, in: &simulator)
        deployables[deployable].liveGroup = group
        deployables[deployable].canaryGroup = -1
        deployables[deployable].canaryShare = 0
        for other in delivery!.groupOfVersion[deployable] where other != group && serverGroups[Int(other)].desired > 0 {
            retire(group: other, at: now)
        }
        serverGroups[Int(group)].retireAt = .max
        delivery!.ledger.rolledBack(deployable, to: target, at: now)
        delivery!.ledger.markRestored(deployable, at: now)
        startDeploy(deployable, in: &simulator)
    }
}
