import SimKernel

/// The monolith's pipeline: release trains, QA, in-place rollouts in batches, and roll-forward
/// fixes (on a later train, or a hotfix).
extension DeliveryModel {
    var monolith: MonolithDelivery {
        guard case .monolith(let monolith) = spec.architecture else { preconditionFailure("not a monolith") }
        return monolith
    }

    /// A new deploy record of `changes` for `deployable`.
    mutating func newDeploy(_ deployable: Int, changes ids: [Int], hotfix: Bool = false) -> Int {
        deploys.append(
            DeployRecord(
                deployable: deployable, changes: ids, badChanges: ids.filter { changes[$0].bad }, hotfix: hotfix))
        return deploys.count - 1
    }

    /// The version `deploy` makes: the live one with its bad changes added and its fixes applied.
    mutating func newVersion(for deploy: Int, at now: SimTime) -> Int {
        let deployable = deploys[deploy].deployable
        var open = deployables[deployable].versions[deployables[deployable].live].openBad
        for change in deploys[deploy].changes {
            if changes[change].bad { open.insert(change) }
            if let fixed = changes[change].fixes { open.remove(fixed) }
        }
        deployables[deployable].versions.append(Version(openBad: open, launchedAt: now))
        let version = deployables[deployable].versions.count - 1
        deploys[deploy].version = version
        return version
    }

    /// Everything ready boards; the release goes to QA. Empty trains do not deploy.
    mutating func departTrain(in simulator: inout Simulator<Event>) {
        let boarding = deployables[0].queue
        if !boarding.isEmpty {
            deployables[0].queue = []
            let deploy = newDeploy(0, changes: boarding)
            simulator.schedule(.qaDone(deploy: deploy), after: monolith.qa.sampleTime(deployStreams[0].first))
        }
        simulator.schedule(.train, after: monolith.trainPeriod)
    }

    /// A release past QA, or a hotfix, waits for the deployable's one rollout at a time;
    /// hotfixes go first.
    mutating func releaseReady(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        if deploys[deploy].hotfix {
            deployables[deployable].waiting.insert(deploy, at: 0)
        } else {
            deployables[deployable].waiting.append(deploy)
        }
        startRollout(deployable, in: &simulator)
    }

    /// Starts the next waiting rollout: batch times are drawn now, so the error ratio the
    /// rollout will cause is known and monitoring can be followed through it.
    private mutating func startRollout(_ deployable: Int, in simulator: inout Simulator<Event>) {
        guard deployables[deployable].deploying == nil, !deployables[deployable].waiting.isEmpty else { return }
        let deploy = deployables[deployable].waiting.removeFirst()
        let now = simulator.now
        let version = newVersion(for: deploy, at: now)
        deployables[deployable].deploying = deploy
        deployables[deployable].next = version
        deployables[deployable].nextShare = 0
        deploys[deploy].start = now
        expose(deploy, at: now)
        let servers = deployables[deployable].instances
        let sizes = stride(from: 0, to: servers, by: monolith.batchSize).map { min(monolith.batchSize, servers - $0) }
        var end = now
        let ends = sizes.map { _ in
            end += monolith.batchTime.sampleTime(deployStreams[deployable].second)
            return end
        }
        rollouts[deploy] = Rollout(sizes: sizes, ends: ends)
        trafficChanged(deployable, at: now)
        simulator.schedule(.batchDone(deploy: deploy), at: ends[0])
        watchRollout(deploy, at: now, in: &simulator)
    }

    /// Share of traffic on the new version while batch `batch` is out: servers done over
    /// servers in service.
    func newShare(_ rollout: Rollout, during batch: Int, servers: Int) -> Double {
        let done = rollout.sizes[..<batch].reduce(0, +)
        return Double(done) / Double(servers - rollout.sizes[batch])
    }

    mutating func batchDone(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        var rollout = rollouts[deploy]!
        let batchStart = rollout.done == 0 ? deploys[deploy].start! : rollout.ends[rollout.done - 1]
        capacityLost += Double(rollout.sizes[rollout.done]) * Double(simulator.now - batchStart)
        rollout.done += 1
        rollouts[deploy] = rollout
        let now = simulator.now
        if rollout.done < rollout.sizes.count {
            deployables[deployable].nextShare = newShare(
                rollout, during: rollout.done, servers: deployables[deployable].instances)
            trafficChanged(deployable, at: now)
            simulator.schedule(.batchDone(deploy: deploy), at: rollout.ends[rollout.done])
            return
        }
        rollouts[deploy] = nil
        finishRollout(deploy, at: now)
        startRollout(deployable, in: &simulator)
    }

    /// All traffic on the deploy's version: its changes serve; the previous version retires.
    mutating func finishRollout(_ deploy: Int, at now: SimTime) {
        let deployable = deploys[deploy].deployable
        let old = deployables[deployable].live
        deployables[deployable].versions[old].terminatedAt = now + keepOld
        deployables[deployable].live = deploys[deploy].version!
        deployables[deployable].liveHistory.append(deploys[deploy].version!)
        deployables[deployable].next = nil
        deployables[deployable].nextShare = 0
        deployables[deployable].deploying = nil
        deploys[deploy].full = now
        for change in deploys[deploy].changes { changes[change].servingAt = now }
        trafficChanged(deployable, at: now)
        markRestored(deployable, at: now)
    }

    /// How long a superseded server group is kept [ns]: none for in-place updates.
    var keepOld: SimTime {
        if case .microservices(let micro) = spec.architecture { return micro.keepOld }
        return 0
    }

    /// Roll-forward: every bad change serving and not yet being fixed gets a fix, shipped as a
    /// hotfix after the hotfix delay, or on a train once its fix time has passed.
    mutating func rollForward(_ deploy: Int, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        deployables[deployable].actionPending = false
        let unit = deployables[deployable]
        let serving = unit.versions[unit.live].openBad.union(unit.next.map { unit.versions[$0].openBad } ?? [])
        let open = serving.subtracting(fixRequested).sorted()
        guard !open.isEmpty else { return }
        fixRequested.formUnion(open)
        let now = simulator.now
        if let hotfix = monolith.hotfix {
            let ready = now + hotfix.sampleTime(hotfixStream)
            let fixes = open.map { addFix(for: $0, readyAt: ready) }
            simulator.schedule(.hotfixReady(deploy: newDeploy(deployable, changes: fixes, hotfix: true)), at: ready)
        } else {
            for bad in open {
                let ready = now + spec.organisation.fixTime.sampleTime(fixStreams[changes[bad].service])
                simulator.schedule(.changeReturns(change: addFix(for: bad, readyAt: ready)), at: ready)
            }
        }
    }

    private mutating func addFix(for bad: Int, readyAt: SimTime) -> Int {
        changes.append(Change(service: changes[bad].service, readyAt: readyAt, bad: false, fixes: bad))
        return changes.count - 1
    }
}
