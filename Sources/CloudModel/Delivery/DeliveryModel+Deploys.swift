import SimKernel

/// The end of a rollout and how long old groups stay, shared by both pipelines.
extension DeliveryModel {
    /// All traffic on the deploy's version: its changes serve; the previous version retires.
    mutating func finishRollout(_ deploy: Int, at now: SimTime) {
        let deployable = deploys[deploy].deployable
        ledger.finishRollout(deploy, keepOld: keepOld, at: now)
        trafficChanged(deployable, at: now)
        ledger.markRestored(deployable, at: now)
    }

    /// How long a superseded server group is kept [ns]: none for in-place updates.
    var keepOld: SimTime {
        if case .microservices(let micro) = spec.architecture { return micro.keepOld }
        return 0
    }
}
