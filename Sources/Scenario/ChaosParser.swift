import CloudModel
import SimKernel
import Yams

/// The kinds of failure `chaos` can inject, with the settings each takes.
enum ChaosKind: String, CaseIterable {
    case killInstances = "kill_instances"
    case zoneOutage = "zone_outage"
    case latency
    case errors

    var keys: [String] {
        switch self {
        case .killInstances: ["service", "count", "at"]
        case .zoneOutage: ["zone", "from", "to"]
        case .latency: ["service", "extra", "from", "to"]
        case .errors: ["service", "probability", "from", "to"]
        }
    }
}

/// `chaos`: failures injected on a schedule, each a one-key mapping naming its kind.
extension NodeReader {
    /// The failures in file order; `zones` and `services` (nil when they could not be read) are
    /// those they may name.
    func chaos(_ node: Node, zones: [String]?, services: [String]?) -> [ChaosSpec]? {
        guard case .sequence(let items) = node else {
            let expected = "a list of failures, like `- zone_outage: {zone: a, from: 10m, to: 20m}`"
            report("`chaos` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        let failures = items.enumerated().map { index, item in
            failure(item, place: "chaos item \(index + 1)", zones: zones, services: services)
        }
        return failures.contains(nil) ? nil : failures.compactMap { $0 }
    }

    private func failure(_ node: Node, place: String, zones: [String]?, services: [String]?) -> ChaosSpec? {
        let kinds = ChaosKind.allCases.map(\.rawValue)
        let expected = "a mapping with one key, \(Suggestions.list(kinds))"
        guard let mapping = mapping(node, what: place, expected: expected) else { return nil }
        guard mapping.count == 1 else {
            let keys = mapping.count == 0 ? "an empty mapping" : "\(mapping.count) keys"
            report("\(place) expects \(expected), found \(keys)", at: node)
            return nil
        }
        // An unknown kind is reported here, with a suggestion.
        guard let entry = fields(of: node, mapping, place: place, allowed: kinds).entries.first,
            let kind = ChaosKind(rawValue: entry.name)
        else { return nil }
        let settingsPlace = "`\(entry.name)` (\(place))"
        let settingsExpected = "a mapping with \(Suggestions.list(kind.keys, conjunction: "and"))"
        guard let settings = self.mapping(entry.value, what: settingsPlace, expected: settingsExpected) else {
            return nil
        }
        let fields = fields(of: entry.value, settings, place: settingsPlace, allowed: kind.keys)
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
        }
    }

    /// `from` and `to` [ns], `to` the later.
    private func window(_ fields: Fields) -> (from: SimTime, to: SimTime)? {
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
