import CloudModel
import SimKernel
import Yams

/// Storage in a runtime: the clusters of `runtime.storage` (each a storage scenario's `cluster`,
/// in the runtime's zones), and calls that target one of them.
extension NodeReader {
    /// Every key a call to a storage cluster may have.
    static let storageCallKeys = [
        "storage", "operation", "keys", "key", "consistency", "probability", "repeat", "client", "cache",
    ]

    /// Keys of a call that only a call to a storage cluster takes.
    static let storageOnlyCallKeys = storageCallKeys.filter { !callKeys.contains($0) }

    /// One storage cluster of a runtime.
    func runtimeStorageCluster(_ entry: Entry, zones: [String]?, regions: [RegionSpec]) -> RuntimeStorageSpec? {
        let name = name(entry.key, what: "a storage cluster name")
        let cluster = storageCluster(entry.value, zones: zones, regions: regions).spec
        guard let name, let cluster else { return nil }
        return RuntimeStorageSpec(name: name, cluster: cluster)
    }

    /// Reports storage cluster names that clash with a service's or an endpoint's (each names
    /// an entity of the results), or with what `generate` makes.
    func reportStorageClashes(_ clusters: [Entry], services: [Entry], endpoints: [Entry], generated: [String]) {
        for cluster in clusters {
            if let service = services.first(where: { $0.name == cluster.name }) {
                reportSameName(cluster, kind: "storage cluster", otherKind: "service", givenAt: service.key)
            } else if generated.contains(cluster.name) {
                reportSameName(cluster, kind: "storage cluster", otherKind: "service", givenAt: nil)
            }
            if let endpoint = endpoints.first(where: { $0.name == cluster.name }) {
                reportSameName(cluster, kind: "storage cluster", otherKind: "endpoint", givenAt: endpoint.key)
            }
        }
    }

    /// A call to a storage cluster (`fields` has `storage:` and not `service:`): one operation,
    /// no work or calls of its own. `clusters` (nil when they could not be read) are those it
    /// may name.
    func storageCall(_ fields: Fields, place: String, isRoot: Bool, clusters: [String]?) -> CallNode? {
        let clusterNode = fields["storage"]!
        let cluster = reference(clusterNode, key: "storage", kind: "storage cluster", among: clusters)
        var applies = onlyKeys(
            Self.storageCallKeys, in: fields, of: "\(place), a call to storage cluster `\(text(of: clusterNode))`")
        if isRoot {
            report(
                "\(place) may not target a storage cluster: a request enters through a service, which then calls "
                    + "storage", at: clusterNode)
            return nil
        }
        let defaults = StorageAccess(operation: .read)
        let operation: StorageOperation? = required("operation", in: fields).flatMap { choice($0, key: "operation") }
        let keys = optional("keys", in: fields, default: defaults.keys, keyDistribution)
        let consistency = optional("consistency", in: fields, default: defaults.consistency) {
            choice($0, key: "consistency")
        }
        if consistency == .eachQuorum, operation == .read, let node = fields["consistency"] {
            report("`consistency` EACH_QUORUM applies to writes only (as in Cassandra); a read takes another level", at: node)
            applies = false
        }
        let key = optional("key", in: fields, default: defaults.key) { choice($0, key: "key") as KeyScope? }
        let probability = optional("probability", in: fields, default: 1) { ratio($0, key: "probability") }
        let client = optional("client", in: fields, default: ClientPolicy(), clientPolicy)
        guard applies, let cluster, let operation, let keys, let consistency, let key, let probability, let client
        else { return nil }
        return CallNode(
            storage: cluster,
            access: StorageAccess(operation: operation, keys: keys, consistency: consistency, key: key),
            probability: probability, client: client)
    }

    /// Whether `fields` gives only `keys`; reports each other key as not applying to `place`.
    func onlyKeys(_ keys: [String], in fields: Fields, of place: String) -> Bool {
        var only = true
        for entry in fields.entries where !keys.contains(entry.name) {
            report(
                "`\(entry.name)` does not apply to \(place); it takes \(Suggestions.list(keys, conjunction: "and"))",
                at: entry.key)
            only = false
        }
        return only
    }

    /// Reports keys only a storage call takes, given on a call to a service.
    func reportStorageOnlyKeys(_ fields: Fields, place: String) {
        for entry in fields.entries where Self.storageOnlyCallKeys.contains(entry.name) {
            report(
                "`\(entry.name)` applies only to a call to a storage cluster (`storage:`), not to \(place), "
                    + "a call to a service", at: entry.key)
        }
    }
}
