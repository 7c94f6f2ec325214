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
        if let process = delivery.immutable {
            sentences.append(
                "\(processOwners(delivery, .immutable)) ships its waiting changes one deploy at a time as a new server group "
                    + "of real instances, booting (\(Wording.distribution(process.bootTime))); it then takes "
                    + "\(Wording.percent(process.canaryShare)) of the deployable's calls for \(Wording.time(process.bake)) "
                    + "(the canary), then all of them; the old group is kept (and paid for) \(Wording.time(process.keepOld))."
            )
        }
        if let train = delivery.train {
            sentences.append(
                "\(processOwners(delivery, .train)) rides a release train every \(Wording.time(train.trainPeriod)): the "
                    + "changes waiting board it, QA takes \(Wording.distribution(train.qa)), then the release rolls out in "
                    + "place, \(Wording.count(train.batchSize, "instance")) at a time leaving service and restarting on the new "
                    + "version for \(Wording.distribution(train.batchTime)).")
        }
        if let flags = delivery.flags {
            sentences.append(
                "\(Wording.percent(flags.share)) of changes ship dark behind a feature flag, switched on "
                    + "\(Wording.distribution(flags.enableAfter)) after their deploy serves all traffic; a bad flag is "
                    + "switched off \(Wording.time(flags.flipTime)) after monitoring's action.")
        }
        var effect: [String] = []
        if let latency = delivery.bad.extraLatency { effect.append("works \(Wording.distribution(latency)) longer") }
        if delivery.bad.errorRatio > 0 {
            effect.append("then fails with probability \(Wording.percent(delivery.bad.errorRatio))")
        }
        sentences.append(
            "A call of a service with a bad change, on an instance running it, is hit with probability "
                + "\(Wording.percent(delivery.bad.shareOfCalls)) and \(effect.joined(separator: " and ")); callers see that "
                + "through their own client policies.")
        if runtime.monitoring == nil {
            sentences.append("Nothing monitors the services, so no deploy is rolled back.")
        }
        if runtime.monitoring != nil, let process = delivery.immutable {
            sentences.append(
                "An alert on a deployable with a deploy in its canary, or one that took all traffic less than "
                    + "\(Wording.time(process.keepOld)) ago, rolls that deploy back: traffic is on the last good server group "
                    + "after the rollback time (\(Wording.distribution(process.rollbackTime)); plus a boot if that group was "
                    + "retired).")
        }
        if runtime.monitoring != nil, let train = delivery.train {
            sentences.append(
                "An alert on a train deployable rolls forward: "
                    + (train.hotfix.map {
                        "a hotfix rolls out in batches \(Wording.distribution($0)) after the action."
                    }
                        ?? "the fix boards the next train once fixed."))
        }
        return sentences
    }

    /// "Each deployable", or the deployables that use `process` when they differ.
    private func processOwners(_ delivery: RuntimeDeliverySpec, _ process: ReleaseProcess) -> String {
        let names = runtime.packaging.map(\.name).filter { delivery.process(of: $0) == process }
        if names.count == runtime.packaging.count { return "Each deployable" }
        return Wording.list(names.map { "`\($0)`" })
    }

    /// The release process under deployable `name` in `cnsim graph`.
    func releaseLabel(_ delivery: RuntimeDeliverySpec, of name: String) -> String {
        switch delivery.process(of: name) {
        case .immutable:
            guard let immutable = delivery.immutable else { return "immutable" }
            return "immutable, canary \(Wording.percent(immutable.canaryShare)) for \(Wording.time(immutable.bake))"
        case .train:
            guard let train = delivery.train else { return "release train" }
            return "train every \(Wording.time(train.trainPeriod)), batches of \(train.batchSize)"
        }
    }
}
