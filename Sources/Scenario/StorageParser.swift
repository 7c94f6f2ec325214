import CloudModel
import SimKernel
import Yams

/// The kinds of failure a storage benchmark can inject, with the settings each takes.
enum StorageFailureKind: String, FailureKind {
    case zoneOutage = "zone_outage"
    case nodesDown = "nodes_down"

    var keys: [String] {
        switch self {
        case .zoneOutage: ["zone", "from", "to"]
        case .nodesDown: ["count", "from", "to"]
        }
    }
}

/// The `storage` mapping: zones, the network between them, a storage cluster, the client
/// workload it serves, and failures.
extension NodeReader {
    /// Every key a `storage` mapping may have.
    static let storageKeys = ["region", "zones", "network", "latency_target", "cluster", "workload", "failures"]

    /// Every key a workload stream may have.
    static let storageWorkloadKeys = ["operation", "rate", "keys", "consistency"]

    /// Names that start metric names of the results (`cluster.nodes`, `during_failures.availability`);
    /// a workload's own metrics, named after it, would mix with them.
    static let reservedWorkloadNames = ["cluster", "during_failures"]

    /// A whole storage benchmark: the base `storage`, or a variant's overrides merged into it.
    func storage(_ node: Node) -> StorageSpec? {
        let expected = "a mapping with `zones:`, `cluster:` and `workload:`"
        guard let mapping = mapping(node, what: "`storage`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`storage`", allowed: Self.storageKeys)
        let defaults = StorageSpec(zones: [], cluster: .ring(Self.ringDefaults), workload: [])
        let region = optional("region", in: fields, default: defaults.region) { name($0, what: "`region`") }
        let zones = required("zones", in: fields).flatMap(zoneNames)
        let network = optional("network", in: fields, default: defaults.network) { self.network($0) }
        let latencyTarget = optional("latency_target", in: fields, default: defaults.latencyTarget) {
            simTime($0, key: "latency_target", positive: true)
        }
        let cluster = required("cluster", in: fields).map { storageCluster($0, zones: zones) }
        let workload = required("workload", in: fields).flatMap {
            namedEntries($0, key: "workload", expected: "a mapping of workload names to their operation and rate")
        }.map { $0.map(workloadStream) }
        let failures = optional("failures", in: fields, default: defaults.failures) {
            failureList($0, key: "failures", item: "failure") { node, place in
                storageFailure(node, place: place, zones: zones, nodes: cluster?.nodes)
            }
        }
        guard let region, let zones, let network, let latencyTarget, let cluster = cluster?.spec, let workload,
            let failures, !workload.contains(nil)
        else { return nil }
        return StorageSpec(
            region: region, zones: zones, network: network, cluster: cluster, workload: workload.compactMap { $0 },
            failures: failures, latencyTarget: latencyTarget)
    }

    /// One stream of client operations.
    private func workloadStream(_ entry: Entry) -> StorageWorkloadSpec? {
        var name = name(entry.key, what: "a workload name")
        if Self.reservedWorkloadNames.contains(entry.name) {
            report(
                "a workload may not be named `\(entry.name)`, which starts metric names of the results "
                    + "(`\(entry.name).…`); rename it", at: entry.key)
            name = nil
        }
        let place = "workload `\(entry.name)`"
        let expected = "a mapping with `operation:` and `rate:`"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(of: entry.value, mapping, place: place, allowed: Self.storageWorkloadKeys)
        let defaults = StorageWorkloadSpec(name: entry.name, operation: .read, rate: 1)
        let operation: StorageOperation? = required("operation", in: fields).flatMap { choice($0, key: "operation") }
        let rate = required("rate", in: fields).flatMap { self.rate($0, key: "rate") }
        let keys = optional("keys", in: fields, default: defaults.keys, keyDistribution)
        let consistency = optional("consistency", in: fields, default: defaults.consistency) {
            choice($0, key: "consistency")
        }
        guard let name, let operation, let rate, let keys, let consistency else { return nil }
        return StorageWorkloadSpec(name: name, operation: operation, rate: rate, keys: keys, consistency: consistency)
    }

    /// `uniform`, or `{zipf: EXPONENT}` with an exponent above 0.
    func keyDistribution(_ node: Node) -> KeyDistribution? {
        let expected = "`uniform` or a mapping like `{zipf: 1.1}`"
        if case .scalar = node {
            guard let text = scalarText(node, key: "keys", expected: expected) else { return nil }
            guard text == "uniform" else {
                let hint = Suggestions.nearest(to: text, in: ["uniform"]).map { "; did you mean `\($0)`?" } ?? ""
                report("`keys` expects \(expected), found \(found(node))\(hint)", at: node)
                return nil
            }
            return .uniform
        }
        guard let mapping = mapping(node, what: "`keys`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`keys`", allowed: ["zipf"])
        return required("zipf", in: fields).flatMap { positiveNumber($0, key: "zipf") }.map {
            .zipf(exponent: $0)
        }
    }

    /// A failure of `failures`; `zones` and the cluster's `nodes` (each nil when they could not be
    /// read, which is reported already) bound what it may name.
    private func storageFailure(_ node: Node, place: String, zones: [String]?, nodes: Int?) -> StorageFailureSpec? {
        guard let (kind, fields) = failureSettings(node, place: place, of: StorageFailureKind.self) else {
            return nil
        }
        switch kind {
        case .zoneOutage:
            let zone = required("zone", in: fields).flatMap { reference($0, key: "zone", kind: "zone", among: zones) }
            let window = self.window(fields)
            guard let zone, let window else { return nil }
            return .zoneOutage(zone: zone, from: window.from, to: window.to)
        case .nodesDown:
            let countNode = required("count", in: fields)
            var count = countNode.flatMap { wholeNumber($0, key: "count", atLeast: 1) }
            // Every node down at once is a whole-cluster outage, not a partial failure to survive.
            if let given = count, let nodes, given >= nodes, let countNode {
                report(
                    "`count` expects fewer than the cluster's \(nodes) nodes, found \(found(countNode))", at: countNode)
                count = nil
            }
            let window = self.window(fields)
            guard let count, let window else { return nil }
            return .nodesDown(count: count, from: window.from, to: window.to)
        }
    }
}
