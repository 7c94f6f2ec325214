import CloudModel
import SimKernel
import Yams

/// `runtime.delivery`: teams' changes shipped as immutable deploys with a canary on the runtime's
/// own instances. The organisation and the deploy settings read as in a `delivery:` scenario
/// (same readers), except that teams own `deployables`.
///
/// ```yaml
/// runtime:
///   delivery:
///     organisation:                 # optional: random changes from teams
///       change_rate: 1/day          # per developer
///       bad_change_probability: 0.1
///       fix_time: 2h
///       teams: {reviews: {developers: 4, deployables: [ratings]}}
///     immutable: {boot_time: 2m, canary: {share: 0.05, bake: 10m}, rollback_time: 5s, keep_old: 1h}
///     bad: {error_ratio: 1, extra_latency: 2s, share_of_calls: 1}
///     deploys:                      # optional: changes ready at fixed times
///       - {deployable: ratings, at: 5m, bad: true}
/// ```
extension NodeReader {
    static let runtimeDeliveryKeys = ["organisation", "immutable", "bad", "deploys"]
    static let scheduledDeployKeys = ["deployable", "at", "bad", "service"]

    /// `deployables` are the runtime's deployables (packaged or a service on its own) with their
    /// services; nil when they could not be read (reported).
    func runtimeDelivery(_ node: Node, deployables: [(name: String, services: [String])]?) -> RuntimeDeliverySpec? {
        let expected = "a mapping with `immutable:`, `bad:`, and `organisation:` or `deploys:`"
        guard let mapping = mapping(node, what: "`delivery`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`delivery`", allowed: Self.runtimeDeliveryKeys)
        let names = deployables?.map(\.name)
        let organisation = optionalSetting("organisation", in: fields) {
            self.organisation($0, services: nil, ownedKey: "deployables", ownable: names)
        }
        let immutable = required("immutable", in: fields).flatMap { microservices($0, key: "immutable") }
        let bad = required("bad", in: fields).flatMap(badChangeEffect)
        let deploys = optional("deploys", in: fields, default: []) { scheduledDeploys($0, deployables: deployables) }
        if fields["organisation"] == nil, fields["deploys"] == nil {
            report("`delivery` needs `organisation:` (changes from teams) or `deploys:` (changes at fixed times)", at: node)
            return nil
        }
        guard let organisation, let immutable, let bad, let deploys else { return nil }
        return RuntimeDeliverySpec(organisation: organisation, immutable: immutable, bad: bad, deploys: deploys)
    }

    /// What a bad change does: `error_ratio` and/or `extra_latency`, on `share_of_calls`.
    private func badChangeEffect(_ node: Node) -> BadChangeEffect? {
        let expected = "a mapping with `error_ratio:` and/or `extra_latency:`, and optionally `share_of_calls:`"
        guard let mapping = mapping(node, what: "`bad`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`bad`", allowed: ["error_ratio", "extra_latency", "share_of_calls"])
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
    private func scheduledDeploys(_ node: Node, deployables: [(name: String, services: [String])]?) -> [ScheduledDeploy]? {
        guard case .sequence(let items) = node else {
            report("`deploys` expects a list like `- {deployable: ratings, at: 5m, bad: true}`, found \(found(node))", at: node)
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
        guard let mapping = mapping(node, what: place, expected: "a mapping with `deployable:` and `at:`") else { return nil }
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
            report("service `\(name)` is not in deployable `\(deployable)`; its services are \(Suggestions.list(packaged, conjunction: "and"))", at: node)
            return nil
        }
        guard let deployable, let at, let bad, let service else { return nil }
        return ScheduledDeploy(deployable: deployable, at: at, bad: bad, service: service)
    }
}
