import CloudModel
import SimKernel
import Yams

/// The `model` mapping: services, and request types whose paths call them.
extension NodeReader {
    /// A whole model: the base `model`, or a variant's overrides merged into it.
    func model(_ node: Node) -> ModelSpec? {
        guard let mapping = mapping(node, what: "`model`", expected: "a mapping with `services:` and `requests:`")
        else { return nil }
        let fields = fields(of: node, mapping, place: "`model`", allowed: ["services", "requests"])
        let serviceEntries = required("services", in: fields).flatMap {
            namedEntries($0, key: "services", expected: "a mapping of service names to their settings")
        }
        let requestEntries = required("requests", in: fields).flatMap {
            namedEntries($0, key: "requests", expected: "a mapping of request names to their arrivals and paths")
        }
        let services = serviceEntries?.map(service)
        let requests = requestEntries?.map { request($0, services: serviceEntries) }
        guard let services, let requests, !services.contains(nil), !requests.contains(nil) else { return nil }
        return ModelSpec(services: services.compactMap { $0 }, requests: requests.compactMap { $0 })
    }

    /// The entries of a non-empty mapping from names to settings, such as `services`.
    func namedEntries(_ node: Node, key: String, expected: String) -> [Entry]? {
        guard let mapping = mapping(node, what: "`\(key)`", expected: expected) else { return nil }
        guard !mapping.isEmpty else {
            report("`\(key)` expects \(expected), found an empty mapping", at: node)
            return nil
        }
        return entries(of: mapping, place: "`\(key)`")
    }

    /// The value of an optional key as `read` gives it, or `defaultValue` when the key is
    /// absent; nil when given but invalid (reported).
    func optional<Value>(
        _ key: String, in fields: Fields, default defaultValue: Value, _ read: (Node) -> Value?
    ) -> Value? {
        guard let node = fields[key] else { return defaultValue }
        return read(node)
    }

    /// The value of a key whose absence means "none": `.some(nil)` when absent, the value as
    /// `read` gives it when given, nil when given but invalid (reported).
    func optionalSetting<Value>(_ key: String, in fields: Fields, _ read: (Node) -> Value?) -> Value?? {
        guard let node = fields[key] else { return .some(nil) }
        return read(node).map { .some($0) }
    }

    private func service(_ entry: Entry) -> ServiceSpec? {
        let name = name(entry.key, what: "a service name")
        let place = "service `\(entry.name)`"
        let expected = "a mapping of settings (`{}` for all defaults)"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(
            of: entry.value, mapping, place: place, allowed: ["instances", "servers", "queue_capacity", "routing"])
        let instances = optional("instances", in: fields, default: 1) { wholeNumber($0, key: "instances", atLeast: 1) }
        let servers = optional("servers", in: fields, default: 1) { wholeNumber($0, key: "servers", atLeast: 1) }
        let queueCapacity = optional("queue_capacity", in: fields, default: nil, queueCapacity)
        let routing = optional("routing", in: fields, default: Routing.roundRobin) { choice($0, key: "routing") }
        guard let name, let instances, let servers, let queueCapacity, let routing else { return nil }
        return ServiceSpec(
            name: name, instances: instances, servers: servers, queueCapacity: queueCapacity, routing: routing)
    }

    /// A waiting room size: `unlimited` reads as `.some(nil)`, an invalid value as nil.
    func queueCapacity(_ node: Node) -> Int?? {
        if node.scalar?.string == "unlimited" { return .some(nil) }
        let expected = "a whole number of at least 0, or `unlimited`"
        guard let text = scalarText(node, key: "queue_capacity", expected: expected) else { return nil }
        guard let capacity = Int(text), capacity >= 0 else {
            report("`queue_capacity` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        return .some(capacity)
    }

    /// A request type; `services` (nil when they could not be read) are those it may call.
    private func request(_ entry: Entry, services: [Entry]?) -> RequestTypeSpec? {
        let name = name(entry.key, what: "a request name")
        if let namesake = services?.first(where: { $0.name == entry.name }) {
            reportSameName(entry, kind: "request", otherKind: "service", givenAt: namesake.key)
        }
        let place = "request `\(entry.name)`"
        let expected = "a mapping with `arrival_rate:` (or `interarrival:`) and `path:`"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(
            of: entry.value, mapping, place: place, allowed: ["arrival_rate", "interarrival", "path"])
        let interarrival: Distribution?
        switch oneOf("arrival_rate", "interarrival", in: fields) {
        case "arrival_rate":
            // Poisson arrivals: exponential times between them, of mean 1 / rate.
            let rate = fields["arrival_rate"].flatMap { self.rate($0, key: "arrival_rate") }
            interarrival = rate.map { .exponential(mean: 1 / $0) }
        case "interarrival":
            interarrival = fields["interarrival"].flatMap { distributionWithPositiveMean($0, key: "interarrival") }
        default:
            interarrival = nil
        }
        let path = required("path", in: fields).flatMap { self.path($0, request: entry.name, services: services) }
        guard let name, let interarrival, let path else { return nil }
        return RequestTypeSpec(name: name, interarrival: interarrival, path: path)
    }

    /// A distribution of the time between events (arrivals, failures): with a mean of zero,
    /// they would never stop.
    func distributionWithPositiveMean(_ node: Node, key: String) -> Distribution? {
        guard let distribution = distribution(node, key: key) else { return nil }
        guard distribution.mean > 0 else {
            report("`\(key)` expects a distribution with a mean above zero, found one that is always 0", at: node)
            return nil
        }
        return distribution
    }

    private func path(_ node: Node, request: String, services: [Entry]?) -> [CallSpec]? {
        let expected = "a non-empty list of calls, like `- service: api`"
        guard let items = nonEmptySequence(node, key: "path", expected: expected) else { return nil }
        let calls = items.enumerated().map { index, item in
            call(item, place: "call \(index + 1) of request `\(request)`", services: services)
        }
        return calls.contains(nil) ? nil : calls.compactMap { $0 }
    }

    private func call(_ node: Node, place: String, services: [Entry]?) -> CallSpec? {
        let expected = "a mapping with `service:` and `service_time:`"
        guard let mapping = mapping(node, what: place, expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: place, allowed: ["service", "service_time", "probability"])
        let service = required("service", in: fields).flatMap {
            reference($0, key: "service", kind: "service", among: services?.map(\.name))
        }
        let serviceTime = required("service_time", in: fields).flatMap { distribution($0, key: "service_time") }
        let probability = optional("probability", in: fields, default: 1) { ratio($0, key: "probability") }
        guard let service, let serviceTime, let probability else { return nil }
        return CallSpec(service: service, serviceTime: serviceTime, probability: probability)
    }
}
