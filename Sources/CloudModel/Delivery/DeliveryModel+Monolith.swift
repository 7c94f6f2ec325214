import SimKernel

/// The monolith's pipeline: release trains, QA, in-place rollouts in batches, and roll-forward
/// fixes (on a later train, or a hotfix).
extension DeliveryModel {
    var monolith: MonolithDelivery {
        guard case .monolith(let monolith) = spec.architecture else { preconditionFailure("not a monolith") }
        return monolith
    }

    /// Everything ready boards; the release goes to QA. Empty trains do not deploy.
    mutating func departTrain(in simulator: inout Simulator<Event>) {
        let boarding = deployables[0].queue
        if !boarding.isEmpty {
            deployables[0].queue = []
            let deploy = ledger.newDeploy(0, changes: boarding)
            simulator.schedule(.qaDone(deploy: deploy), after: monolith.train.qa.sampleTime(deployStreams[0].first))
        }
        simulator.schedule(.train, after: monolith.train.trainPeriod)
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
        let version = ledger.newVersion(for: deploy, at: now)
        deployables[deployable].deploying = deploy
        deployables[deployable].next = version
        deployables[deployable].nextShare = 0
        deploys[deploy].start = now
        ledger.expose(deploy, at: now)
        let servers = deployables[deployable].instances
        let sizes = stride(from: 0, to: servers, by: monolith.train.batchSize).map { min(monolith.train.batchSize, servers - $0) }
        var end = now
        let ends = sizes.map { _ in
            end += monolith.train.batchTime.sampleTime(deployStreams[deployable].second)
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
        capacityLost += Double(rollout.sizes[rollout.done]) * Double(max(0, simulator.now - max(batchStart, warmUp)))
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
        if let hotfix = monolith.train.hotfix {
            let ready = now + hotfix.sampleTime(hotfixStream)
            let fixes = open.map { addFix(for: $0, readyAt: ready) }
            simulator.schedule(.hotfixReady(deploy: ledger.newDeploy(deployable, changes: fixes, hotfix: true)), at: ready)
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
