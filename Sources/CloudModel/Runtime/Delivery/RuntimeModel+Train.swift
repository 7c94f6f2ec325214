import SimKernel

/// Release trains in the runtime: the changes waiting when a deployable's train departs form a
/// release; after QA it rolls out in place, `batch_size` instances at a time. A batch leaves
/// service (draining: its calls finish), restarts for `batch_time` and comes back in the new
/// version's server group, so capacity is really lost meanwhile. The balancer spreads calls over
/// both groups in proportion to their instances in service. Roll-forward only: a bad release is
/// fixed by a hotfix rollout, or by a fix riding a later train.
extension RuntimeModel {
    /// Schedules the first departure of the train of every deployable that rides one.
    mutating func startTrains(in simulator: inout Simulator<Event>) {
        guard let train = delivery!.spec.train else { return }
        for deployable in deployables.indices where delivery!.process[deployable] == .train {
            simulator.schedule(.delivery(.trainDeparts(deployable: Int32(deployable))), at: train.trainOffset)
        }
    }

    /// Everything waiting boards; the release goes to QA. Empty trains do not deploy.
    mutating func trainDeparts(_ deployable: Int, in simulator: inout Simulator<Event>) {
        let train = delivery!.spec.train!
        let boarding = delivery!.ledger.deployables[deployable].queue
        if !boarding.isEmpty {
            delivery!.ledger.deployables[deployable].queue = []
            let deploy = delivery!.ledger.newDeploy(deployable, changes: boarding)
            let qa = train.qa.sampleTime(delivery!.trainStreams[deployable].qa)
            simulator.schedule(.delivery(.releaseReady(deploy: Int32(deploy))), after: qa)
        }
        simulator.schedule(.delivery(.trainDeparts(deployable: Int32(deployable))), after: train.trainPeriod)
    }

    /// A release past QA, or a hotfix, waits for the deployable's one rollout at a time; hotfixes
    /// go first.
    mutating func releaseReady(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = delivery!.ledger.deploys[deploy].deployable
        if delivery!.ledger.deploys[deploy].hotfix {
            delivery!.ledger.deployables[deployable].waiting.insert(deploy, at: 0)
        } else {
            delivery!.ledger.deployables[deployable].waiting.append(deploy)
        }
        startRollout(deployable, in: &simulator)
    }

    /// Starts the next waiting release: its version gets an empty server group, which the
    /// instances join batch by batch.
    private mutating func startRollout(_ deployable: Int, in simulator: inout Simulator<Event>) {
        guard delivery!.rollouts[deployable] == nil, !delivery!.ledger.deployables[deployable].waiting.isEmpty
        else { return }
        let now = simulator.now
        let deploy = delivery!.ledger.deployables[deployable].waiting.removeFirst()
        delivery!.ledger.deployables[deployable].deploying = deploy
        delivery!.ledger.deploys[deploy].start = now
        let version = delivery!.ledger.newVersion(for: deploy, at: now)
        delivery!.ledger.deployables[deployable].next = version
        let group = launchGroup(deployable, version: version, instances: 0, in: &simulator)
        deployables[deployable].canaryGroup = group
        deployables[deployable].sharesByInstances = true
        delivery!.rollouts[deployable] = RuntimeDelivery.TrainRollout(deploy: deploy, group: group)
        startBatch(deployable, in: &simulator)
    }

    /// The next `batch_size` instances of the old group leave service and restart, in their
    /// zones, as instances of the new group that come back when the batch is done.
    private mutating func startBatch(_ deployable: Int, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let train = delivery!.spec.train!
        var rollout = delivery!.rollouts[deployable]!
        let old = deployables[deployable].liveGroup
        let moving = serverGroups[Int(old)].pool.filter { instances[Int($0)].lifecycle == .inService }
            .prefix(train.batchSize)
        rollout.batch = []
        rollout.out = moving.count
        rollout.batchStart = now
        for instance in moving {
            serverGroups[Int(old)].desired -= 1
            drain(instance, at: now)
            serverGroups[Int(rollout.group)].desired += 1
            if let restarted = launch(
                group: rollout.group, bootTime: false, zone: instances[Int(instance)].zone, in: &simulator)
            {
                rollout.batch.append(restarted)
            }
        }
        delivery!.rollouts[deployable] = rollout
        if delivery!.ledger.deploys[rollout.deploy].exposedAt != nil, !oldGroupServes(deployable) {
            allOnNewVersion(deployable, at: now, in: &simulator)
        }
        let time = train.batchTime.sampleTime(delivery!.trainStreams[deployable].batch)
        simulator.schedule(.delivery(.batchDone(deploy: Int32(rollout.deploy))), after: time)
    }

    /// The batch is back, serving the new version: its code meets users from the first batch on.
    mutating func batchDone(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = delivery!.ledger.deploys[deploy].deployable
        guard let rollout = delivery!.rollouts[deployable], rollout.deploy == deploy else { return }
        let now = simulator.now
        let start = max(rollout.batchStart, delivery!.warmUp)
        delivery!.capacityLost += Double(rollout.out) * Double(max(0, now - start))
        for instance in rollout.batch { instanceReady(instance, in: &simulator) }
        if delivery!.ledger.deploys[deploy].exposedAt == nil { delivery!.ledger.expose(deploy, at: now) }
        if delivery!.ledger.deploys[deploy].full == nil, !oldGroupServes(deployable) {
            allOnNewVersion(deployable, at: now, in: &simulator)
        }
        guard delivery!.ledger.deploys[deploy].full != nil else { return startBatch(deployable, in: &simulator) }
        delivery!.rollouts[deployable] = nil
        deployables[deployable].sharesByInstances = false
        startRollout(deployable, in: &simulator)
    }

    /// Whether an instance of the deployable's old group is still in service.
    private func oldGroupServes(_ deployable: Int) -> Bool {
        serverGroups[Int(deployables[deployable].liveGroup)].pool.contains {
            instances[Int($0)].lifecycle == .inService
        }
    }

    /// The last instance of the old version has left service: all traffic is on the new one,
    /// whose group takes over the old one's remaining size (replacements still booting), and
    /// the old version's bad changes stop serving now.
    private mutating func allOnNewVersion(_ deployable: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        let rollout = delivery!.rollouts[deployable]!
        let old = deployables[deployable].liveGroup
        serverGroups[Int(rollout.group)].desired += serverGroups[Int(old)].desired
        retire(group: old, at: now)
        deployables[deployable].liveGroup = rollout.group
        deployables[deployable].canaryGroup = -1
        topUp(group: rollout.group, in: &simulator)
        delivery!.ledger.finishRollout(rollout.deploy, keepOld: 0, at: now)
        delivery!.ledger.markRestored(deployable, at: now)
        scheduleFlags(of: rollout.deploy, in: &simulator)
    }

    /// Roll-forward after an alert on a train deployable: every bad change serving and not yet
    /// being fixed gets a fix, shipped as a hotfix (no QA) after the hotfix delay, or boarding a
    /// later train once its fix time has passed. The alert and action are recorded on the
    /// incidents open.
    mutating func rollForward(_ deployable: Int, alert: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        recordAction(on: deployable, alert: alert, at: now)
        let unit = delivery!.ledger.deployables[deployable]
        let serving = delivery!.ledger.activeBad(
            unit.versions[unit.live].openBad.union(unit.next.map { unit.versions[$0].openBad } ?? []))
        let open = serving.subtracting(delivery!.fixRequested).sorted()
        guard !open.isEmpty else { return }
        delivery!.fixRequested.formUnion(open)
        if let hotfix = delivery!.spec.train!.hotfix {
            let ready = now + hotfix.sampleTime(delivery!.trainStreams[deployable].hotfix)
            let fixes = open.map { addFix(for: $0, readyAt: ready) }
            let deploy = delivery!.ledger.newDeploy(deployable, changes: fixes, hotfix: true)
            simulator.schedule(.delivery(.releaseReady(deploy: Int32(deploy))), at: ready)
        } else {
            for bad in open {
                let service = delivery!.ledger.changes[bad].service
                let ready = now + delivery!.spec.fixTime.sampleTime(delivery!.fixStreams[service])
                simulator.schedule(
                    .delivery(.changeReturns(change: Int32(addFix(for: bad, readyAt: ready)))), at: ready)
            }
        }
    }

    /// Marks the alert and the action on every open incident of the deployable (but flags)
    /// without one.
    private mutating func recordAction(on deployable: Int, alert: Int, at now: SimTime) {
        let ledger = delivery!.ledger
        for deploy in ledger.deployables[deployable].openIncidents
        where ledger.deploys[deploy].restoredAt == nil && ledger.deploys[deploy].alertAt == nil
            && !ledger.deploys[deploy].flag
        {
            delivery!.ledger.deploys[deploy].alertAt = monitor!.alerts[alert].fired.alert
            delivery!.ledger.deploys[deploy].actionAt = now
        }
    }

    private mutating func addFix(for bad: Int, readyAt: SimTime) -> Int {
        let service = delivery!.ledger.changes[bad].service
        delivery!.ledger.changes.append(Change(service: service, readyAt: readyAt, bad: false, fixes: bad))
        return delivery!.ledger.changes.count - 1
    }
}
