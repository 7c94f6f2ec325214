import SimKernel

/// Immutable deploys in the runtime: a change ready ships as a new server group of real
/// instances, which takes the canary share of its deployable's calls for the bake, then all of
/// them; the old group is kept (and paid for) `keep_old`, then retired. One deploy at a time
/// per deployable: changes ready meanwhile wait and ship together.
extension RuntimeModel {
    /// Schedules the first change of each team and the scheduled changes.
    mutating func startDelivery(in simulator: inout Simulator<Event>) {
        guard let delivery else { return }
        for team in delivery.teamStreams.indices { scheduleChange(team: team, in: &simulator) }
        for (index, deploy) in delivery.spec.deploys.enumerated() {
            simulator.schedule(.delivery(.scheduledChange(Int32(index))), at: deploy.at)
        }
        startTrains(in: &simulator)
    }

    /// Routes one delivery event. Out of line: rare work kept out of `handle`.
    @inline(never)
    mutating func deliveryEvent(_ event: RuntimeDelivery.Event, in simulator: inout Simulator<Event>) {
        switch event {
        case .changeArrives(let team): changeArrives(team: Int(team), in: &simulator)
        case .scheduledChange(let index): scheduledChange(Int(index), in: &simulator)
        case .changeReturns(let change): enqueue(Int(change), in: &simulator)
        case .groupBooted(let deploy): groupBooted(Int(deploy), in: &simulator)
        case .fullTraffic(let deploy): fullTraffic(Int(deploy), in: &simulator)
        case .retire(let group):
            if serverGroups[Int(group)].retireAt == simulator.now { retire(group: group, at: simulator.now) }
        case .rolledBack(let deployable, let target): rolledBack(Int(deployable), to: Int(target), in: &simulator)
        case .trainDeparts(let deployable): trainDeparts(Int(deployable), in: &simulator)
        case .releaseReady(let deploy): releaseReady(Int(deploy), in: &simulator)
        case .batchDone(let deploy): batchDone(Int(deploy), in: &simulator)
        case .flagOn(let change, let deploy): flagOn(Int(change), shippedBy: Int(deploy), at: simulator.now)
        case .flagOff(let change): flagOff(Int(change), at: simulator.now)
        }
    }

    // MARK: Changes

    private mutating func scheduleChange(team: Int, in simulator: inout Simulator<Event>) {
        let rate = delivery!.changeRate(team: team)
        guard rate > 0, !delivery!.teamTargets[team].isEmpty else { return }
        let gap = Distribution.exponential(mean: 1 / rate).sampleTime(delivery!.teamStreams[team].changes)
        simulator.schedule(.delivery(.changeArrives(team: Int32(team))), after: gap)
    }

    /// A developer finished a change to one of the team's deployables, to one of the services it
    /// owns there, bad with the organisation's probability.
    private mutating func changeArrives(team: Int, in simulator: inout Simulator<Event>) {
        let streams = delivery!.teamStreams[team]
        let owned = delivery!.teamTargets[team]
        let services = owned[streams.target.integer(below: owned.count)].services
        let service = services[streams.target.integer(below: services.count)]
        let bad = streams.bad.bernoulli(delivery!.spec.organisation!.badChangeProbability)
        var change = Change(service: service, readyAt: simulator.now, bad: bad)
        change.flagged = drawsFlag(service: service)
        delivery!.ledger.changes.append(change)
        enqueue(delivery!.ledger.changes.count - 1, in: &simulator)
        scheduleChange(team: team, in: &simulator)
    }

    private mutating func scheduledChange(_ index: Int, in simulator: inout Simulator<Event>) {
        let scheduled = delivery!.spec.deploys[index]
        let deployable = deployables.firstIndex { $0.name == scheduled.deployable }!
        let service =
            scheduled.service.map { serviceIndex($0) } ?? Int32(delivery!.ledger.deployables[deployable].services[0])
        var change = Change(service: Int(service), readyAt: simulator.now, bad: scheduled.bad)
        change.flagged = drawsFlag(service: Int(service))
        delivery!.ledger.changes.append(change)
        enqueue(delivery!.ledger.changes.count - 1, in: &simulator)
    }

    /// A ready change waits in its deployable's queue: an immutable deployable ships it at once
    /// if nothing is deploying; a train deployable's next train takes it.
    private mutating func enqueue(_ change: Int, in simulator: inout Simulator<Event>) {
        let deployable = Int(services[delivery!.ledger.changes[change].service].deployable)
        delivery!.ledger.deployables[deployable].queue.append(change)
        if delivery!.process[deployable] == .immutable { startDeploy(deployable, in: &simulator) }
    }

    // MARK: Deploys

    /// Ships every waiting change of `deployable` as one deploy, unless one is in progress or
    /// traffic is moving back: a new server group, as large as the live one, boots now.
    mutating func startDeploy(_ deployable: Int, in simulator: inout Simulator<Event>) {
        let unit = delivery!.ledger.deployables[deployable]
        guard unit.deploying == nil, !unit.rollingBack, !unit.queue.isEmpty else { return }
        let now = simulator.now
        delivery!.ledger.deployables[deployable].queue = []
        let deploy = delivery!.ledger.newDeploy(deployable, changes: unit.queue)
        delivery!.ledger.deployables[deployable].deploying = deploy
        delivery!.ledger.deploys[deploy].start = now
        let version = delivery!.ledger.newVersion(for: deploy, at: now)
        let size = serverGroups[Int(deployables[deployable].liveGroup)].desired
        launchGroup(deployable, version: version, instances: size, in: &simulator)
        let boot = delivery!.spec.immutable!.bootTime.sampleTime(delivery!.deployStreams[deployable].boot)
        simulator.schedule(.delivery(.groupBooted(deploy: Int32(deploy))), after: boot)
    }

    /// A new server group running `version`, its instances booting until the deploy says they
    /// are ready (`readyGroup`). Its calls of a service with a bad change are flawed.
    @discardableResult
    mutating func launchGroup(
        _ deployable: Int, version: Int, instances count: Int, in simulator: inout Simulator<Event>
    ) -> Int32 {
        let ledger = delivery!.ledger
        let flaws = ledger.deployables[deployable].versions[version].openBad.sorted().map {
            Flaw(
                service: Int32(ledger.changes[$0].service), effect: delivery!.spec.bad, change: Int32($0),
                active: !ledger.changes[$0].flagged || ledger.changes[$0].flagOn)
        }
        serverGroups.append(
            ServerGroupState(deployable: Int32(deployable), version: Int32(version), desired: count, flaws: flaws))
        let group = Int32(serverGroups.count - 1)
        delivery!.groupOfVersion[deployable].append(group)
        monitor?.addGroup(group, services: ledger.deployables[deployable].services.map(Int32.init), version: version)
        for _ in 0..<count { launch(group: group, bootTime: false, in: &simulator) }
        return group
    }

    /// Every instance of `group` still booting is in service now.
    mutating func readyGroup(_ group: Int32, in simulator: inout Simulator<Event>) {
        for instance in instances.indices
        where instances[instance].group == group && instances[instance].lifecycle == .booting {
            instanceReady(Int32(instance), in: &simulator)
        }
    }

    /// The new group serves the canary share of the deployable's calls.
    private mutating func groupBooted(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = delivery!.ledger.deploys[deploy].deployable
        guard delivery!.ledger.deployables[deployable].deploying == deploy else { return }
        let now = simulator.now
        let version = delivery!.ledger.deploys[deploy].version!
        let group = delivery!.groupOfVersion[deployable][version]
        readyGroup(group, in: &simulator)
        deployables[deployable].canaryGroup = group
        deployables[deployable].canaryShare = delivery!.spec.immutable!.canaryShare
        delivery!.ledger.deployables[deployable].next = version
        delivery!.ledger.deployables[deployable].nextShare = delivery!.spec.immutable!.canaryShare
        delivery!.ledger.deploys[deploy].canary = now
        delivery!.ledger.expose(deploy, at: now)
        simulator.schedule(.delivery(.fullTraffic(deploy: Int32(deploy))), after: delivery!.spec.immutable!.bake)
    }

    /// The bake is over without a rollback: all traffic moves to the new group; the old one is
    /// kept `keep_old`.
    private mutating func fullTraffic(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = delivery!.ledger.deploys[deploy].deployable
        guard delivery!.ledger.deployables[deployable].deploying == deploy else { return }
        let now = simulator.now
        let keepOld = delivery!.spec.immutable!.keepOld
        let old = deployables[deployable].liveGroup
        deployables[deployable].liveGroup = deployables[deployable].canaryGroup
        deployables[deployable].canaryGroup = -1
        deployables[deployable].canaryShare = 0
        serverGroups[Int(old)].retireAt = now + keepOld
        simulator.schedule(.delivery(.retire(group: old)), after: keepOld)
        delivery!.ledger.finishRollout(deploy, keepOld: keepOld, at: now)
        delivery!.ledger.markRestored(deployable, at: now)
        scheduleFlags(of: deploy, in: &simulator)
        startDeploy(deployable, in: &simulator)
    }

    /// The group stops costing money: its instances terminate, busy ones once their calls end.
    mutating func retire(group: Int32, at now: SimTime) {
        serverGroups[Int(group)].desired = 0
        serverGroups[Int(group)].retireAt = .max
        for instance in instances.indices where instances[instance].group == group {
            switch instances[instance].lifecycle {
            case .booting, .failed: terminate(Int32(instance), at: now)
            case .inService: drain(Int32(instance), at: now)
            case .draining, .terminated: break
            }
        }
    }
}
