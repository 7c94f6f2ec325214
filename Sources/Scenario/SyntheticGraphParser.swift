import CloudModel
import SimKernel
import Yams

/// `generate`: the parameters of a synthetic layered call graph.
extension NodeReader {
    /// Largest call tree `generate` may make [nodes]. The tree repeats a service under each of its
    /// callers, so it grows as fan-out to the power of layers; past this it would not fit a run.
    static let largestGeneratedCallTree = 1_000_000

    func syntheticGraph(_ node: Node) -> SyntheticGraphSpec? {
        let expected = "a mapping with `services:`, `layers:`, `fan_out:` and `arrival_rate:`"
        guard let mapping = mapping(node, what: "`generate`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`generate`",
            allowed: [
                "services", "layers", "fan_out", "instances", "servers", "cores", "work", "arrival_rate",
                "price_per_hour", "client",
            ])
        let servicesNode = required("services", in: fields)
        var services = servicesNode.flatMap { wholeNumber($0, key: "services", atLeast: 1) }
        let layers = required("layers", in: fields).flatMap { wholeNumber($0, key: "layers", atLeast: 1) }
        // Every layer needs a service, and with one layer there is only the edge.
        if let servicesNode, let given = services, let layers, given < layers || (layers == 1 && given > 1) {
            let expected =
                layers == 1 ? "1 with `layers: 1` (the edge alone)" : "a whole number of at least `layers` (\(layers))"
            report("`services` expects \(expected), found \(found(servicesNode))", at: servicesNode)
            services = nil
        }
        let fanOut = required("fan_out", in: fields).flatMap { wholeNumber($0, key: "fan_out", atLeast: 1) }
        let arrivalRate = required("arrival_rate", in: fields).flatMap { rate($0, key: "arrival_rate") }
        let defaults = SyntheticGraphSpec(services: 1, layers: 1, fanOut: 1, arrivalRate: 1)
        let instances = optional("instances", in: fields, default: defaults.instancesPerService) {
            wholeNumber($0, key: "instances", atLeast: 1)
        }
        let servers = optional("servers", in: fields, default: defaults.servers) {
            wholeNumber($0, key: "servers", atLeast: 1)
        }
        let cores = optionalSetting("cores", in: fields, cores)
        let work = optional("work", in: fields, default: defaults.work) { distribution($0, key: "work") }
        let price = optional("price_per_hour", in: fields, default: defaults.pricePerHour, pricePerHour)
        let client = optional("client", in: fields, default: defaults.client, clientPolicy)
        guard let services, let layers, let fanOut, let arrivalRate, let instances, let servers, let cores, let work,
            let price, let client
        else { return nil }
        let spec = SyntheticGraphSpec(
            services: services, layers: layers, fanOut: fanOut, instancesPerService: instances, servers: servers,
            cores: cores, work: work, arrivalRate: arrivalRate, pricePerHour: price, client: client)
        let treeSize = SyntheticGraph.callTreeSize(spec)
        guard treeSize <= Self.largestGeneratedCallTree else {
            let size = treeSize == Int.max ? "more than \(Int.max)" : "\(treeSize)"
            report(
                "`generate` would make a call tree of \(size) calls, more than the \(Self.largestGeneratedCallTree) "
                    + "a run can hold; use fewer `layers`, a smaller `fan_out` or fewer `services`", at: node)
            return nil
        }
        return spec
    }
}
