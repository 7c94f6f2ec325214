import CloudModel
import SimKernel
import Yams

/// A kind of failure a scenario can inject, named by the one key of its list item.
protocol FailureKind: RawRepresentable<String>, CaseIterable {
    /// The settings this kind takes.
    var keys: [String] { get }
}

/// The kinds of failure `chaos` can inject, with the settings each takes.
enum ChaosKind: String, FailureKind {
    case killInstances = "kill_instances"
    case zoneOutage = "zone_outage"
    case regionOutage = "region_outage"
    case latency
    case errors
    case randomErrors = "random_errors"
    case storageNodesDown = "storage_nodes_down"

    var keys: [String] {
        switch self {
        case .killInstances: ["service", "count", "at"]
        case .zoneOutage: ["zone", "from", "to"]
        case .regionOutage: ["region", "from", "to"]
        case .latency: ["service", "extra", "from", "to"]
        case .errors: ["service", "probability", "from", "to"]
        case .randomErrors: ["service", "rate", "probability", "duration"]
        case .storageNodesDown: ["cluster", "count", "from", "to"]
        }
    }
}

/// `chaos`: failures injected on a schedule, each a one-key mapping naming its kind.
extension NodeReader {
    /// The failures in file order; `zones`, `regions`, `services` and storage `clusters` with
    /// their node counts (nil when they could not be read) are those they may name.
    func chaos(
        _ node: Node, zones: [String]?, regions: [String]?, services: [String]?, clusters: [(name: String, nodes: Int)]?
    ) -> [ChaosSpec]? {
        failureList(node, key: "chaos", item: "chaos item") {
            failure($0, place: $1, zones: zones, regions: regions, services: services, clusters: clusters)
        }
    }

    private func failure(
        _ node: Node, place: String, zones: [String]?, regions: [String]?, services: [String]?,
        clusters: [(name: String, nodes: Int)]?
    ) -> ChaosSpec? {
        guard let (kind, fields) = failureSettings(node, place: place, of: ChaosKind.self) else { return nil }
        func serviceReference() -> String? {
            required("service", in: fields).flatMap { reference($0, key: "service", kind: "service", among: services) }
        }
        switch kind {
        case .killInstances:
            let service = serviceReference()
            let count = required("count", in: fields).flatMap { wholeNumber($0, key: "count", atLeast: 1) }
            let at = required("at", in: fields).flatMap { simTime($0, key: "at") }
            guard let service, let count, let at else { return nil }
            return .killInstances(service: service, count: count, at: at)
        case .zoneOutage:
            let zone = required("zone", in: fields).flatMap { reference($0, key: "zone", kind: "zone", among: zones) }
            let window = self.window(fields)
            guard let zone, let window else { return nil }
            return .zoneOutage(zone: zone, from: window.from, to: window.to)
        case .regionOutage:
            let region = required("region", in: fields).flatMap {
                reference($0, key: "region", kind: "region", among: regions)
            }
            let window = self.window(fields)
            guard let region, let window else { return nil }
            return .regionOutage(region: region, from: window.from, to: window.to)
        case .latency:
            let service = serviceReference()
            let extra = required("extra", in: fields).flatMap { distribution($0, key: "extra") }
            let window = self.window(fields)
            guard let service, let extra, let window else { return nil }
            return .latency(service: service, extra: extra, from: window.from, to: window.to)
        case .errors:
            let service = serviceReference()
            let probability = required("probability", in: fields).flatMap { ratio($0, key: "probability") }
            let window = self.window(fields)
            guard let service, let probability, let window else { return nil }
            return .errors(service: service, probability: probability, from: window.from, to: window.to)
        case .randomErrors:
            let service = serviceReference()
            let rate = required("rate", in: fields).flatMap { self.rate($0, key: "rate") }
            let range = required("probability", in: fields).flatMap { ratioRange($0, key: "probability") }
            let duration = optionalSetting("duration", in: fields) { distributionWithPositiveMean($0, key: "duration") }
            guard let service, let rate, let range, let duration else { return nil }
            return .randomErrors(
                service: service,
                incidents: RandomIncidents(rate: rate, minErrorRatio: range.min, maxErrorRatio: range.max, duration: duration))
        case .storageNodesDown:
            let cluster = required("cluster", in: fields).flatMap {
                reference($0, key: "cluster", kind: "storage cluster", among: clusters?.map(\.name))
            }
            var count = required("count", in: fields).flatMap { wholeNumber($0, key: "count", atLeast: 1) }
            if let cluster, let size = clusters?.first(where: { $0.name == cluster })?.nodes, let wanted = count,
                wanted >= size, let countNode = fields["count"]
            {
                report(
                    "`count` expects fewer than the \(size) nodes of `\(cluster)`, found \(found(countNode))", at: countNode)
                count = nil
            }
            let window = self.window(fields)
            guard let cluster, let count, let window else { return nil }
            return .storageNodesDown(cluster: cluster, count: count, from: window.from, to: window.to)
        }
    }

    /// A ratio, or `{min:, max:}` for one uniform between them.
    func ratioRange(_ node: Node, key: String) -> (min: Double, max: Double)? {
        guard case .mapping(let mapping) = node else { return ratio(node, key: key).map { ($0, $0) } }
        let fields = fields(of: node, mapping, place: "`\(key)`", allowed: ["min", "max"])
        let low = required("min", in: fields).flatMap { ratio($0, key: "min") }
        var high = required("max", in: fields).flatMap { ratio($0, key: "max") }
        if let low, let value = high, value < low, let maxNode = fields["max"] {
            report("`max` expects a number from `min` (\(text(of: fields["min"]!))) to 1, found \(found(maxNode))", at: maxNode)
            high = nil
        }
        guard let low, let high else { return nil }
        return (low, high)
    }

    /// A list of failures under `key`, in file order; `read` reads one item at its place
    /// ("chaos item 2" for `item` "chaos item").
    func failureList<Failure>(
        _ node: Node, key: String, item: String, _ read: (Node, String) -> Failure?
    ) -> [Failure]? {
        guard case .sequence(let items) = node else {
            let expected = "a list of failures, like `- zone_outage: {zone: a, from: 10m, to: 20m}`"
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        let failures = items.enumerated().map { index, node in read(node, "\(item) \(index + 1)") }
        return failures.contains { $0 == nil } ? nil : failures.compactMap { $0 }
    }

    /// A failure's kind, the one key of its mapping, and that kind's settings.
    func failureSettings<Kind: FailureKind>(
        _ node: Node, place: String, of _: Kind.Type
    ) -> (kind: Kind, settings: Fields)? {
        let kinds = Kind.allCases.map(\.rawValue)
        let expected = "a mapping with one key, \(Suggestions.list(kinds))"
        guard let mapping = mapping(node, what: place, expected: expected) else { return nil }
        guard mapping.count == 1 else {
            let keys = mapping.count == 0 ? "an empty mapping" : "\(mapping.count) keys"
            report("\(place) expects \(expected), found \(keys)", at: node)
            return nil
        }
        // An unknown kind is reported here, with a suggestion.
        guard let entry = fields(of: node, mapping, place: place, allowed: kinds).entries.first,
            let kind = Kind(rawValue: entry.name)
        else { return nil }
        let settingsPlace = "`\(entry.name)` (\(place))"
        let settingsExpected = "a mapping with \(Suggestions.list(kind.keys, conjunction: "and"))"
        guard let settings = self.mapping(entry.value, what: settingsPlace, expected: settingsExpected) else {
            return nil
        }
        return (kind, fields(of: entry.value, settings, place: settingsPlace, allowed: kind.keys))
    }

    /// `from` and `to` [ns], `to` the later.
    func window(_ fields: Fields) -> (from: SimTime, to: SimTime)? {
        let fromNode = required("from", in: fields), toNode = required("to", in: fields)
        let from = fromNode.flatMap { simTime($0, key: "from") }
        let to = toNode.flatMap { simTime($0, key: "to") }
        guard let fromNode, let toNode, let from, let to else { return nil }
        guard to > from else {
            report("`to` expects a time after `from` (\(text(of: fromNode))), found \(found(toNode))", at: toNode)
            return nil
        }
        return (from, to)
    }
}
