import CloudModel
import SimKernel
import Yams

/// The `runtime` mapping: zones, the network between them, services, endpoints, a generated
/// graph and chaos.
extension NodeReader {
    /// Every key a `runtime` mapping may have.
    static let runtimeKeys = [
        "region", "zones", "regions", "dns_failover", "timeseries_resolution", "network", "services", "deployables", "endpoints", "storage",
        "queues", "generate", "chaos", "monitoring", "delivery", "fast_forward", "latency_target",
    ]

    /// A whole runtime: the base `runtime`, or a variant's overrides merged into it. `seed` draws
    /// the graph of `generate`, so that every variant (and replication) has the same one.
    func runtime(_ node: Node, seed: UInt64) -> RuntimeSpec? {
        let expected = "a mapping with `zones:`, `services:` and `endpoints:`"
        guard let mapping = mapping(node, what: "`runtime`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`runtime`", allowed: Self.runtimeKeys)
        let defaults = RuntimeSpec(zones: [], services: [], endpoints: [])
        let place = runtimeRegions(fields, defaultRegion: defaults.region)
        let region = place.region
        let zones = place.zones
        let regions = place.regions
        let dnsFailover = optional("dns_failover", in: fields, default: defaults.dnsFailover) {
            simTime($0, key: "dns_failover")
        }
        let latencyTarget = optionalSetting("latency_target", in: fields) {
            simTime($0, key: "latency_target", positive: true)
        }
        let resolution = optional("timeseries_resolution", in: fields, default: defaults.timeseriesResolution) {
            simTime($0, key: "timeseries_resolution", positive: true)
        }
        let network = optional("network", in: fields, default: defaults.network) { self.network($0, crossRegion: true) }
        let generated = optionalSetting("generate", in: fields) {
            syntheticGraph($0).map { SyntheticGraph.generate($0, seed: seed) }
        }
        let isGenerated = fields["generate"] != nil
        let serviceEntries = handWritten(
            "services", in: fields, isGenerated: isGenerated, expected: "a mapping of service names to their settings")
        let endpointEntries = handWritten(
            "endpoints", in: fields, isGenerated: isGenerated,
            expected: "a mapping of endpoint names to their arrivals and calls")
        // Names that calls and chaos may refer to; nil when some could not be read (reported).
        let generatedNames = generated.map { $0?.services.map(\.name) ?? [] }
        var serviceNames: [String]? = nil
        if let serviceEntries, let generatedNames {
            serviceNames = serviceEntries.map(\.name) + generatedNames
        }
        let storageEntries = optional("storage", in: fields, default: []) {
            namedEntries(
                $0, key: "storage",
                expected: "a mapping of storage cluster names to their cluster, like `users: {ring: {…}}`")
        }
        reportClashes(
            services: serviceEntries ?? [], endpoints: endpointEntries ?? [], generated: generatedNames ?? [],
            isGenerated: isGenerated)
        reportStorageClashes(
            storageEntries ?? [], services: serviceEntries ?? [], endpoints: endpointEntries ?? [],
            generated: generatedNames ?? [])
        let deployableEntries = optional("deployables", in: fields, default: []) {
            namedEntries(
                $0, key: "deployables",
                expected: "a mapping of deployable names to their services and instances, like "
                    + "`shop: {services: [web, catalog], instances: 3}`")
        }
        reportPackagingConflicts(
            deployableEntries ?? [], services: serviceEntries ?? [], generated: generatedNames ?? [],
            endpoints: endpointEntries ?? [], storage: storageEntries ?? [])
        let deployables = deployableEntries?.map { deployable($0, zones: zones, services: serviceNames) }
        let services = serviceEntries?.map { runtimeService($0, zones: zones) }
        let storage = storageEntries?.map { runtimeStorageCluster($0, zones: zones, regions: regions ?? []) }
        let clusterNames = storageEntries?.map(\.name)
        // Which deployable packages each service, for calls that are in-process.
        let packagedIn = Dictionary(
            (deployables ?? []).compactMap { $0 }.flatMap { deployable in
                deployable.services.map { ($0, deployable.name) }
            },
            uniquingKeysWith: { first, _ in first })
        let queueEntries = optional("queues", in: fields, default: []) {
            namedEntries(
                $0, key: "queues",
                expected: "a mapping of queue names to their settings, like `writes: {capacity: 1000, consume: {…}}`")
        }
        reportQueueClashes(
            queueEntries ?? [],
            others: [
                ("service", serviceEntries ?? []), ("endpoint", endpointEntries ?? []),
                ("storage cluster", storageEntries ?? []),
            ], generated: generatedNames ?? [])
        let queueNames = queueEntries?.map(\.name)
        let endpoints = endpointEntries?.map {
            endpoint(
                $0, zones: zones, services: serviceNames, clusters: clusterNames, queues: queueNames,
                packagedIn: packagedIn)
        }
        let queues = queueEntries?.map {
            queue(
                $0,
                scope: CallScope(
                    tree: "", services: serviceNames, clusters: clusterNames, queues: queueNames,
                    packagedIn: packagedIn))
        }
        // Cluster sizes bound `storage_nodes_down`; unknown when a cluster could not be read.
        let clusterSizes = storage.flatMap { parsed -> [(name: String, nodes: Int)]? in
            guard !parsed.contains(nil) else { return nil }
            return parsed.compactMap { $0 }.map { storage in
                switch storage.cluster {
                case .ring(let ring): (storage.name, ring.nodes)
                case .primaryReplica: (storage.name, 2)
                case .replicaSet(let set): (storage.name, set.members.count)
                }
            }
        }
        let chaos = optional("chaos", in: fields, default: []) {
            self.chaos(
                $0, zones: zones, regions: regions.flatMap { $0.isEmpty ? region.map { [$0] } : $0.map(\.name) },
                services: serviceNames, clusters: clusterSizes)
        }
        let monitoring = optionalSetting("monitoring", in: fields) { runtimeMonitoring($0, services: serviceNames) }
        // Every deployable: those packaged, and each other service on its own.
        let packaging = serviceNames.flatMap { names in
            deployables.map { parsed in
                let packaged = parsed.compactMap { $0 }
                let inPackage = Set(packaged.flatMap(\.services))
                return packaged.map { ($0.name, $0.services) }
                    + names.filter { !inPackage.contains($0) }.map { ($0, [$0]) }
            }
        }
        // `release:` on a deployable chooses its delivery process.
        let releases = (deployableEntries ?? []).compactMap { entry -> (name: String, node: Node)? in
            guard case .mapping(let settings) = entry.value,
                let node = settings.first(where: { $0.key.scalar?.string == "release" })?.value
            else { return nil }
            return (entry.name, node)
        }
        let delivery = optionalSetting("delivery", in: fields) {
            runtimeDelivery($0, deployables: packaging, releases: releases)
        }
        var fastForward = optionalSetting("fast_forward", in: fields) { self.fastForward($0) }
        if let given = fields.entries.first(where: { $0.name == "fast_forward" }), fields["queues"] != nil {
            report(
                "`fast_forward` does not apply with `queues`: a queue's backlog carries from one moment to the next, "
                    + "so no stretch can be accounted from rates", at: given.key)
            fastForward = nil
        }
        if fields["delivery"] == nil, let first = releases.first {
            report("`release` chooses a delivery process, but `runtime` has no `delivery:`", at: first.node)
        }
        guard let region, let zones, let regions, let dnsFailover, let latencyTarget, let resolution, let network, let generated, let services, let deployables,
            let endpoints, let storage, let chaos, let monitoring, let delivery, let fastForward, !services.contains(nil),
            !deployables.contains(nil),
            !endpoints.contains(nil), !storage.contains(nil), let queues, !queues.contains(nil)
        else { return nil }
        var spec = RuntimeSpec(
            region: region, zones: zones, regions: regions, dnsFailover: dnsFailover, network: network,
            services: services.compactMap { $0 } + (generated?.services ?? []),
            deployables: deployables.compactMap { $0 },
            endpoints: endpoints.compactMap { $0 } + (generated.map { [$0.endpoint] } ?? []),
            storage: storage.compactMap { $0 }, chaos: chaos, timeseriesResolution: resolution,
            monitoring: monitoring, delivery: delivery, fastForward: fastForward)
        spec.latencyTarget = latencyTarget
        spec.queues = queues.compactMap { $0 }
        if fastForward != nil, let node = fields["fast_forward"] { reportFastForwardLimits(spec, at: node) }
        return spec
    }

    /// The entries of `services` or `endpoints`: required unless `generate` makes some, so
    /// absent reads as none then.
    private func handWritten(_ key: String, in fields: Fields, isGenerated: Bool, expected: String) -> [Entry]? {
        guard let node = fields[key] else {
            if isGenerated { return [] }
            report("missing required key `\(key)` in `runtime` (or `generate:` for a generated graph)", at: fields.node)
            return nil
        }
        return namedEntries(node, key: key, expected: expected)
    }

    /// Reports hand-written names that clash: with what `generate` makes (the services named
    /// `generated`, and its endpoint), or endpoints named like services (both name entities in
    /// the results).
    private func reportClashes(services: [Entry], endpoints: [Entry], generated: [String], isGenerated: Bool) {
        let generatedServices = Set(generated)
        for service in services where generatedServices.contains(service.name) {
            report(
                "service `\(service.name)` has the same name as a service that `generate` makes; rename it",
                at: service.key)
        }
        for endpoint in endpoints {
            if let service = services.first(where: { $0.name == endpoint.name }) {
                reportSameName(endpoint, kind: "endpoint", otherKind: "service", givenAt: service.key)
            } else if generatedServices.contains(endpoint.name) {
                reportSameName(endpoint, kind: "endpoint", otherKind: "service", givenAt: nil)
            }
            if isGenerated, endpoint.name == SyntheticGraph.endpointName {
                report(
                    "endpoint `\(endpoint.name)` has the same name as the endpoint that `generate` makes; rename it",
                    at: endpoint.key)
            }
        }
    }

    /// The availability zones of a region: a non-empty list of distinct names.
    func zoneNames(_ node: Node) -> [String]? {
        distinctNames(
            node, key: "zones", expected: "a non-empty list of zone names, like `[a, b, c]`", allowingEmpty: false
        ) { name($0, what: "a zone name") }
    }

    /// One-way delays between instances (or storage nodes and clients), in the same zone and
    /// across zones, and (a runtime's, `crossRegion`) across regions.
    func network(_ node: Node, crossRegion: Bool = false) -> NetworkSpec? {
        let keys = ["intra_zone", "cross_zone"] + (crossRegion ? ["cross_region"] : [])
        let expected = "a mapping with \(Suggestions.list(keys.map { "\($0):" }, conjunction: "and")) delay distributions"
        guard let mapping = mapping(node, what: "`network`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`network`", allowed: keys)
        let defaults = NetworkSpec()
        let intraZone = optional("intra_zone", in: fields, default: defaults.intraZone) {
            distribution($0, key: "intra_zone")
        }
        let crossZone = optional("cross_zone", in: fields, default: defaults.crossZone) {
            distribution($0, key: "cross_zone")
        }
        let crossRegion = optional("cross_region", in: fields, default: defaults.crossRegion) {
            distribution($0, key: "cross_region")
        }
        guard let intraZone, let crossZone, let crossRegion else { return nil }
        return NetworkSpec(intraZone: intraZone, crossZone: crossZone, crossRegion: crossRegion)
    }
}
