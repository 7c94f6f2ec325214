import CloudModel
import SimKernel
import Yams

/// A runtime delivery's `immutable`: new server groups with a canary, rollback, the old group kept.
extension NodeReader {
    /// Immutable deploys with a canary.
    func immutableDeploys(_ node: Node, key: String = "immutable") -> MicroserviceDelivery? {
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
