import CloudModel

/// Sentences on a runtime's `delivery` block: where changes come from, the immutable deploy with
/// its canary, what a bad change does, and what an alert does about it.
extension RuntimePresenter {
    func deliverySentences(_ delivery: RuntimeDeliverySpec) -> [String] {
        var sentences: [String] = []
        if let organisation = delivery.organisation {
            let teams = organisation.teams.map { team in
                "`\(team.name)` (\(Wording.count(team.developers, "developer")), owning "
                    + Wording.list(team.services.map { "`\($0)`" }) + ")"
            }
            sentences.append(
                "Teams \(Wording.list(teams)) each finish changes at \(Wording.number(organisation.changeRate * 86_400)) "
                    + "a day per developer, each bad with probability \(Wording.percent(organisation.badChangeProbability)); "
                    + "a rolled-back bad change is fixed in \(Wording.distribution(organisation.fixTime)).")
        }
        for deploy in delivery.deploys {
            sentences.append(
                "A \(deploy.bad ? "bad" : "good") change to `\(deploy.service ?? deploy.deployable)` of deployable "
                    + "`\(deploy.deployable)` is ready at \(Wording.time(deploy.at)).")
        }
        let process = delivery.immutable
        sentences.append(
            "Each deployable ships its waiting changes one deploy at a time as a new server group of real instances, "
                + "booting (\(Wording.distribution(process.bootTime))); it then takes \(Wording.percent(process.canaryShare)) "
                + "of the deployable's calls for \(Wording.time(process.bake)) (the canary), then all of them; the old group "
                + "is kept (and paid for) \(Wording.time(process.keepOld)).")
        var effect: [String] = []
        if let latency = delivery.bad.extraLatency { effect.append("works \(Wording.distribution(latency)) longer") }
        if delivery.bad.errorRatio > 0 { effect.append("then fails with probability \(Wording.percent(delivery.bad.errorRatio))") }
        sentences.append(
            "A call of a service with a bad change, on an instance running it, is hit with probability "
                + "\(Wording.percent(delivery.bad.shareOfCalls)) and \(effect.joined(separator: " and ")); callers see that "
                + "through their own client policies.")
        sentences.append(
            runtime.monitoring == nil
                ? "Nothing monitors the services, so no deploy is rolled back."
                : "An alert on a deployable with a deploy in its canary, or one that took all traffic less than "
                    + "\(Wording.time(process.keepOld)) ago, rolls that deploy back: traffic is on the last good server group "
                    + "after the rollback time (\(Wording.distribution(process.rollbackTime)); plus a boot if that group was retired).")
        return sentences
    }

    /// The release process under a deployable's name in `cnsim graph`.
    func releaseLabel(_ delivery: RuntimeDeliverySpec) -> String {
        "immutable, canary \(Wording.percent(delivery.immutable.canaryShare)) for \(Wording.time(delivery.immutable.bake))"
    }
}
