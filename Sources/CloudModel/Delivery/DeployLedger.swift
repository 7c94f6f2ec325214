import SimKernel

/// The bookkeeping of a deploy process (a runtime's delivery): changes, deploys, each
/// deployable's versions and which one serves, and the DORA measures over them.
struct DeployLedger {
    var changes: [Change] = []
    var deploys: [DeployRecord] = []
    var deployables: [Deployable] = []

    /// A new deploy record of `changes` for `deployable`.
    mutating func newDeploy(_ deployable: Int, changes ids: [Int], hotfix: Bool = false) -> Int {
        deploys.append(
            DeployRecord(
                deployable: deployable, changes: ids,
                badChanges: ids.filter { changes[$0].bad && !changes[$0].flagged },
                hotfix: hotfix))
        return deploys.count - 1
    }

    /// The bad changes among `ids` whose code is active: not behind a flag, or with the flag on.
    func activeBad(_ ids: Set<Int>) -> Set<Int> {
        ids.filter { !changes[$0].flagged || changes[$0].flagOn }
    }

    /// The flag of `change` is switched on now: a record exposed now, an incident if the change
    /// is bad. Not among the deployable's `exposed` deploys: a rollback never undoes a flag.
    mutating func flagOn(_ change: Int, deployable: Int, at now: SimTime) -> Int {
        changes[change].flagOn = true
        changes[change].servingAt = now
        let bad = changes[change].bad
        var record = DeployRecord(deployable: deployable, changes: [change], badChanges: bad ? [change] : [])
        record.flag = true
        record.start = now
        record.full = now
        record.exposedAt = now
        deploys.append(record)
        if bad { deployables[deployable].openIncidents.append(deploys.count - 1) }
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

    /// `deploy`'s new code meets users from now on.
    mutating func expose(_ deploy: Int, at now: SimTime) {
        let deployable = deploys[deploy].deployable
        deployables[deployable].exposed.append(deploy)
        if deploys[deploy].bad { deployables[deployable].openIncidents.append(deploy) }
        deploys[deploy].exposedAt = now
    }

    /// All traffic on the deploy's version: its changes serve; the previous version retires
    /// `keepOld` from now.
    mutating func finishRollout(_ deploy: Int, keepOld: SimTime, at now: SimTime) {
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
    }

    /// Marks as restored every exposed bad deploy of `deployable` none of whose bad changes
    /// serve traffic any more.
    mutating func markRestored(_ deployable: Int, at now: SimTime) {
        let unit = deployables[deployable]
        let serving = activeBad(
            unit.versions[unit.live].openBad.union(unit.next.map { unit.versions[$0].openBad } ?? []))
        var open: [Int] = []
        for deploy in unit.openIncidents where deploys[deploy].restoredAt == nil {
            if serving.isDisjoint(with: deploys[deploy].badChanges) {
                deploys[deploy].restoredAt = now
            } else {
                open.append(deploy)
            }
        }
        deployables[deployable].openIncidents = open
    }

    // MARK: Rollback

    /// The version a rollback of `deployable` returns to: the last that served all traffic
    /// without a bad change.
    func rollbackTarget(_ deployable: Int) -> Int {
        let unit = deployables[deployable]
        return unit.liveHistory.last { activeBad(unit.versions[$0].openBad).isEmpty } ?? 0
    }

    /// A relaunch of version `good`'s code, whose group was terminated: a new version without
    /// bad changes, launched now.
    mutating func relaunch(_ deployable: Int, at now: SimTime) -> Int {
        deployables[deployable].versions.append(Version(openBad: [], launchedAt: now))
        return deployables[deployable].versions.count - 1
    }

    /// Undoes every deploy since version `good` — the last exposed ones (versions grow with
    /// exposure) and the one in progress if it has not met users yet — and starts the rollback.
    /// Their changes stop serving and return, bad ones fixed: the returned pairs are each change
    /// and when it is ready again (`ready`, plus the fix time `fixTime(change)` for a bad one).
    mutating func undo(
        _ deployable: Int, since good: Int, ready: SimTime, fixTime: (Change) -> SimTime
    ) -> [(change: Int, at: SimTime)] {
        let unit = deployables[deployable]
        var undone = unit.exposed.reversed().prefix { deploys[$0].version! > good }.filter { !deploys[$0].rolledBack }
        if let inProgress = unit.deploying, !undone.contains(inProgress) { undone.append(inProgress) }
        var returning: [(change: Int, at: SimTime)] = []
        for undoneDeploy in undone {
            deploys[undoneDeploy].rolledBack = true
            for change in deploys[undoneDeploy].changes {
                changes[change].servingAt = nil
                // A flag goes off with its code; the next deploy of the change switches it on again.
                changes[change].flagOn = false
                var returns = ready
                if changes[change].bad {
                    returns += fixTime(changes[change])
                    changes[change].bad = false
                }
                returning.append((change, returns))
            }
        }
        deployables[deployable].deploying = nil
        deployables[deployable].rollingBack = true
        return returning
    }

    /// Traffic is back on `target`: the other versions are terminated now.
    mutating func rolledBack(_ deployable: Int, to target: Int, at now: SimTime) {
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
    }
}
