import SimKernel

/// Deploy records and versions, shared by both pipelines.
extension DeliveryModel {
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
}
