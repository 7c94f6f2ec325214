import CloudModel
import SimKernel
import Yams

/// `delivery.architecture`: exactly one of `monolith` (release trains, in-place rollouts,
/// roll-forward) or `microservices` (independent immutable deploys with canary and rollback).
extension NodeReader {
    func deliveryArchitecture(_ node: Node) -> DeliveryArchitecture? {
        let expected = "a mapping with `monolith:` or `microservices:`"
        guard let mapping = mapping(node, what: "`architecture`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`architecture`", allowed: ["monolith", "microservices"])
        let rule = "`architecture` needs exactly one of `monolith:` or `microservices:`"
        switch oneOf("monolith", "microservices", in: fields, rule: rule) {
        case "monolith": return fields["monolith"].flatMap(monolith).map(DeliveryArchitecture.monolith)
        case "microservices": return fields["microservices"].flatMap { microservices($0) }.map(DeliveryArchitecture.microservices)
        default:
            // Both given: each is still read, so that its own problems are reported too.
            _ = fields["monolith"].flatMap(monolith)
            _ = fields["microservices"].flatMap { microservices($0) }
            return nil
        }
    }

    private func monolith(_ node: Node) -> MonolithDelivery? {
        let expected = "a mapping with `instances:`, `release_train:` and `rollout:`"
        guard let mapping = mapping(node, what: "`monolith`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`monolith`",
            allowed: ["instances", "price_per_hour", "release_train", "qa", "rollout", "hotfix"])
        let instances = required("instances", in: fields).flatMap { wholeNumber($0, key: "instances", atLeast: 2) }
        let price = optional("price_per_hour", in: fields, default: 0) { pricePerHour($0) }
        let train = required("release_train", in: fields).flatMap(releaseTrain)
        let qa = optional("qa", in: fields, default: .constant(0)) { distribution($0, key: "qa") }
        let rollout = required("rollout", in: fields).flatMap { self.rollout($0, instances: instances) }
        let hotfix = optionalSetting("hotfix", in: fields) { distribution($0, key: "hotfix") }
        guard let instances, let price, let train, let qa, let rollout, let hotfix else { return nil }
        return MonolithDelivery(
            instances: instances, pricePerHour: price, trainPeriod: train.period, trainOffset: train.offset, qa: qa,
            batchSize: rollout.batchSize, batchTime: rollout.batchTime, hotfix: hotfix)
    }

    private func releaseTrain(_ node: Node) -> (period: SimTime, offset: SimTime)? {
        guard let mapping = mapping(node, what: "`release_train`", expected: "a mapping with `period:`") else {
            return nil
        }
        let fields = fields(of: node, mapping, place: "`release_train`", allowed: ["period", "offset"])
        let period = required("period", in: fields).flatMap { simTime($0, key: "period", positive: true) }
        let offset = optional("offset", in: fields, default: 0) { simTime($0, key: "offset") }
        if let period, let offset, offset >= period, let offsetNode = fields["offset"] {
            report("`offset` must be shorter than the train's `period`, found \(found(offsetNode))", at: offsetNode)
            return nil
        }
        guard let period, let offset else { return nil }
        return (period, offset)
    }

    /// Batches of an in-place rollout: fewer servers than the monolith has, so some always serve.
    private func rollout(_ node: Node, instances: Int?) -> (batchSize: Int, batchTime: Distribution)? {
        let expected = "a mapping with `batch_size:` and `batch_time:`"
        guard let mapping = mapping(node, what: "`rollout`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`rollout`", allowed: ["batch_size", "batch_time"])
        let sizeNode = required("batch_size", in: fields)
        var size = sizeNode.flatMap { wholeNumber($0, key: "batch_size", atLeast: 1) }
        if let value = size, let instances, value >= instances, let sizeNode {
            report(
                "`batch_size` must be smaller than the monolith's \(instances) `instances` (some must keep serving), "
                    + "found \(found(sizeNode))", at: sizeNode)
            size = nil
        }
        let time = required("batch_time", in: fields).flatMap { distribution($0, key: "batch_time") }
        guard let size, let time else { return nil }
        return (size, time)
    }

    /// Immutable deploys with a canary: `microservices` here, `immutable` in a runtime's delivery.
    func microservices(_ node: Node, key: String = "microservices") -> MicroserviceDelivery? {
        let expected = "a mapping with `canary:` and deploy settings"
        guard let mapping = mapping(node, what: "`\(key)`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`\(key)`", allowed: ["boot_time", "canary", "rollback_time", "keep_old"])
        let boot = optional("boot_time", in: fields, default: .constant(120)) { distribution($0, key: "boot_time") }
        let canary = required("canary", in: fields).flatMap(canary)
        let rollback = optional("rollback_time", in: fields, default: .constant(5)) {
            distribution($0, key: "rollback_time")
        }
        let keepOld = optional("keep_old", in: fields, default: 3_600 * SimTime.nanosecondsPerSecond) {
            simTime($0, key: "keep_old")
        }
        guard let boot, let canary, let rollback, let keepOld else { return nil }
        return MicroserviceDelivery(
            bootTime: boot, canaryShare: canary.share, bake: canary.bake, rollbackTime: rollback, keepOld: keepOld)
    }

    private func canary(_ node: Node) -> (share: Double, bake: SimTime)? {
        let expected = "a mapping with `share:` and `bake:`"
        guard let mapping = mapping(node, what: "`canary`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`canary`", allowed: ["share", "bake"])
        let share = required("share", in: fields).flatMap {
            number($0, key: "share", expected: "a number above 0 and below 1") { $0 > 0 && $0 < 1 }
        }
        let bake = required("bake", in: fields).flatMap { simTime($0, key: "bake", positive: true) }
        guard let share, let bake else { return nil }
        return (share, bake)
    }
}
