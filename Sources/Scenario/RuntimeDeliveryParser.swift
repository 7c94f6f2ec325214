import CloudModel
import SimKernel
import Yams

/// `runtime.delivery`: teams' changes shipped as immutable deploys with a canary, or on release
/// trains rolled out in place, on the runtime's own instances; some behind feature flags. Teams
/// own services or deployables.
///
/// ```yaml
/// runtime:
///   delivery:
///     organisation:                 # optional: random changes from teams
///       change_rate: 1/day          # per developer
///       bad_change_probability: 0.1
///       fix_time: 2h
///       teams: {reviews: {developers: 4, services: [ratings]}}
///     immutable: {boot_time: 2m, canary: {share: 0.05, bake: 10m}, rollback_time: 5s, keep_old: 1h}
///     train: {period: 1d, offset: 2h, qa: 1h, batch_size: 2, batch_time: 5m, hotfix: 30m}
///     release: train                # both configured: the default process
///     flags: {share: 0.8, enable_after: 1h, flip_time: 5s}
///     bad: {error_ratio: 1, extra_latency: 2s, share_of_calls: 1}
///     deploys:                      # optional: changes ready at fixed times
///       - {deployable: ratings, at: 5m, bad: true}
/// ```
extension NodeReader {
    static let runtimeDeliveryKeys = ["organisation", "immutable", "train", "release", "flags", "bad", "deploys"]
    static let scheduledDeployKeys = ["deployable", "at", "bad", "service"]
    static let releaseTrainKeys = ["period", "offset", "qa", "batch_size", "batch_time", "hotfix"]
    static let featureFlagKeys = ["share", "enable_after", "flip_time"]

    /// `deployables` are the runtime's deployables (packaged or a service on its own) with their
    /// services; nil when they could not be read (reported). `releases` are the `release:` keys
    /// given on `runtime.deployables` entries, by deployable name.
    func runtimeDelivery(
        _ node: Node, deployables: [(name: String, services: [String])]?, releases: [(name: String, node: Node)] = []
    ) -> RuntimeDeliverySpec? {
        let expected = "a mapping with `immutable:` or `train:`, `bad:`, and `organisation:` or `deploys:`"
        guard let mapping = mapping(node, what: "`delivery`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`delivery`", allowed: Self.runtimeDeliveryKeys)
        // A team owns services or deployables: a change to a service goes to its deployable.
        let ownable = deployables.map { units in
            var names: [String] = []
            for name in units.flatMap({ [$0.name] + $0.services }) where !names.contains(name) { names.append(name) }
            return names
        }
        let organisation = optionalSetting("organisation", in: fields) {
            self.organisation($0, ownable: ownable)
        }
        let immutable = optionalSetting("immutable", in: fields) { immutableDeploys($0) }
        let train = optionalSetting("train", in: fields) { releaseTrain($0) }
        let process: ReleaseProcess?? = optionalSetting("release", in: fields) { (node: Node) -> ReleaseProcess? in
            choice(node, key: "release")
        }
        let flags = optionalSetting("flags", in: fields) { featureFlags($0) }
        let bad = required("bad", in: fields).flatMap(badChangeEffect)
        let deploys = optional("deploys", in: fields, default: []) { scheduledDeploys($0, deployables: deployables) }
        if fields["organisation"] == nil, fields["deploys"] == nil {
            report(
                "`delivery` needs `organisation:` (changes from teams) or `deploys:` (changes at fixed times)", at: node
            )
            return nil
        }
        if fields["immutable"] == nil, fields["train"] == nil {
            report(
                "`delivery` needs `immutable:` (deploys with a canary) or `train:` (release trains), or both", at: node)
            return nil
        }
        guard let organisation, let immutable, let train, let process, let flags, let bad, let deploys else {
            return nil
        }
        let configured = Set(
            [immutable.map { _ in ReleaseProcess.immutable }, train.map { _ in .train }].compactMap { $0 })
        if configured.count == 2, process == nil {
            report(
                "`delivery` has both `immutable:` and `train:`; say which deployables use which with "
                    + "`release: train` or `release: immutable` (the default), and `release:` on a deployable", at: node
            )
            return nil
        }
        var valid = true
        var overrides: [String: ReleaseProcess] = [:]
        var uses: [(process: ReleaseProcess, node: Node)] = process.map { [($0, fields["release"]!)] } ?? []
        for (name, node) in releases {
            guard let chosen: ReleaseProcess = choice(node, key: "release") else {
                valid = false
                continue
            }
            overrides[name] = chosen
            uses.append((chosen, node))
        }
        for use in uses where !configured.contains(use.process) {
            report(
                "`release: \(use.process.rawValue)` names a process `delivery` does not configure; add "
                    + "`\(use.process.rawValue):` to `delivery`", at: use.node)
            valid = false
        }
        guard valid else { return nil }
        return RuntimeDeliverySpec(
            organisation: organisation, immutable: immutable, train: train, release: process,
            releases: overrides, bad: bad, deploys: deploys, flags: flags)
    }

    /// `train`: `{period, offset, qa, batch_size, batch_time, hotfix}`, the meanings of a delivery
    /// scenario's `monolith` keys.
    private func releaseTrain(_ node: Node) -> ReleaseTrain? {
        let expected = "a mapping with `period:`, `batch_size:` and `batch_time:`"
        guard let mapping = mapping(node, what: "`train`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`train`", allowed: Self.releaseTrainKeys)
        let period = required("period", in: fields).flatMap { simTime($0, key: "period", positive: true) }
        var offset = optional("offset", in: fields, default: 0) { simTime($0, key: "offset") }
        if let period, let value = offset, value >= period, let offsetNode = fields["offset"] {
            report("`offset` must be shorter than the train's `period`, found \(found(offsetNode))", at: offsetNode)
            offset = nil
        }
        let qa = optional("qa", in: fields, default: .constant(0)) { distribution($0, key: "qa") }
        let size = required("batch_size", in: fields).flatMap { wholeNumber($0, key: "batch_size", atLeast: 1) }
        let time = required("batch_time", in: fields).flatMap { distribution($0, key: "batch_time") }
        let hotfix = optionalSetting("hotfix", in: fields) { distribution($0, key: "hotfix") }
        guard let period, let offset, let qa, let size, let time, let hotfix else { return nil }
        return ReleaseTrain(
            trainPeriod: period, trainOffset: offset, qa: qa, batchSize: size, batchTime: time, hotfix: hotfix)
    }

    /// `flags`: `{share, enable_after, flip_time}`.
    private func featureFlags(_ node: Node) -> FeatureFlags? {
        let expected = "a mapping with `share:` and `enable_after:`"
        guard let mapping = mapping(node, what: "`flags`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`flags`", allowed: Self.featureFlagKeys)
        let share = required("share", in: fields).flatMap { ratio($0, key: "share") }
        let enable = required("enable_after", in: fields).flatMap { distribution($0, key: "enable_after") }
        let flip = optional("flip_time", in: fields, default: 5 * SimTime.nanosecondsPerSecond) {
            simTime($0, key: "flip_time")
        }
        guard let share, let enable, let flip else { return nil }
        return FeatureFlags(share: share, enableAfter: enable, flipTime: flip)
    }

    /// What a bad change does: `error_ratio` and/or `extra_latency`, on `share_of_calls`.
    private func badChangeEffect(_ node: Node) -> BadChangeEffect? {
        let expected = "a mapping with `error_ratio:` and/or `extra_latency:`, and optionally `share_of_calls:`"
        guard let mapping = mapping(node, what: "`bad`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`bad`", allowed: ["error_ratio", "extra_latency", "share_of_calls"])
        let errorRatio = optional("error_ratio", in: fields, default: 0) { ratio($0, key: "error_ratio") }
        let latency = optionalSetting("extra_latency", in: fields) { distribution($0, key: "extra_latency") }
        let share = optional("share_of_calls", in: fields, default: 1) { ratio($0, key: "share_of_calls") }
        if fields["error_ratio"] == nil, fields["extra_latency"] == nil {
            report("`bad` needs `error_ratio:` or `extra_latency:` (what a bad change does to a call)", at: node)
            return nil
        }
        guard let errorRatio, let latency, let share else { return nil }
        return BadChangeEffect(errorRatio: errorRatio, extraLatency: latency, shareOfCalls: share)
    }

    /// `deploys`: a list of `{deployable, at, bad, service}`.
    private func scheduledDeploys(_ node: Node, deployables: [(name: String, services: [String])]?)
        -> [ScheduledDeploy]?
    {
        guard case .sequence(let items) = node else {
            report(
                "`deploys` expects a list like `- {deployable: ratings, at: 5m, bad: true}`, found \(found(node))",
                at: node)
            return nil
        }
        let deploys = items.enumerated().map { index, item in
            scheduledDeploy(item, place: "deploy \(index + 1)", deployables: deployables)
        }
        return deploys.contains { $0 == nil } ? nil : deploys.compactMap { $0 }
    }

    private func scheduledDeploy(
        _ node: Node, place: String, deployables: [(name: String, services: [String])]?
    ) -> ScheduledDeploy? {
        guard let mapping = mapping(node, what: place, expected: "a mapping with `deployable:` and `at:`") else {
            return nil
        }
        let fields = fields(of: node, mapping, place: place, allowed: Self.scheduledDeployKeys)
        let deployable = required("deployable", in: fields).flatMap {
            reference($0, key: "deployable", kind: "deployable", among: deployables?.map(\.name))
        }
        let at = required("at", in: fields).flatMap { simTime($0, key: "at") }
        let bad = optional("bad", in: fields, default: false) { boolean($0, key: "bad") }
        let packaged = deployable.flatMap { name in deployables?.first { $0.name == name }?.services }
        let service = optionalSetting("service", in: fields) { node -> String? in
            guard let name = node.scalar?.string, let packaged, let deployable, !packaged.contains(name) else {
                return reference(node, key: "service", kind: "service", among: packaged)
            }
            report(
                "service `\(name)` is not in deployable `\(deployable)`; its services are \(Suggestions.list(packaged, conjunction: "and"))",
                at: node)
            return nil
        }
        guard let deployable, let at, let bad, let service else { return nil }
        return ScheduledDeploy(deployable: deployable, at: at, bad: bad, service: service)
    }
}
