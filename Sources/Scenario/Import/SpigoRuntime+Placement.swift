import CloudModel

/// Where an imported architecture's nodes go: spigo puts `count` nodes in each of a service's
/// regions, node i of region r in zone (r · count + i) mod 3; a runtime's group fills its zones
/// in the order listed (several regions: each region to its share of that order first).
extension SpigoRuntime {
    /// The instances of service `index`, with its zones listed in an order that makes the
    /// runtime place them as spigo does: the first zone spigo fills in each region, then the
    /// second of each, then the third.
    func group(_ index: Int, regionCount: Int) -> Group {
        let service = architecture.services[index]
        let regionsUsed = service.regions * regionCount
        guard regionsUsed > 0 else { return Group(service: index, instances: 1, zones: nil, spigoZones: []) }
        let perRegion = nodesPerRegion(index)
        var rounds: [[String]] = Array(repeating: [], count: Self.zoneLetters.count)
        var perZone: [String: Int] = [:]
        for region in 0..<regionsUsed {
            let zones = regions[region].zones
            let first = (region * service.count) % zones.count
            for step in zones.indices { rounds[step].append(zones[(first + step) % zones.count]) }
            for node in 0..<perRegion { perZone[zones[(first + node) % zones.count], default: 0] += 1 }
        }
        let order = Array(rounds.joined())
        let every = regions.flatMap(\.zones)
        return Group(
            service: index, instances: perRegion * regionsUsed, zones: order == every ? nil : order,
            spigoZones: every.compactMap { zone in perZone[zone].map { (zone, $0) } })
    }

    /// The storage cluster of service `index`: a ring of all its nodes, a replica in each zone
    /// holding one when its nodes are peers (it lists itself), else one copy of each key.
    mutating func cluster(_ index: Int, regionCount: Int) -> Cluster {
        let service = architecture.services[index]
        let regionsUsed = service.regions * regionCount
        let spigoNodes = regionsUsed == 0 ? 1 : nodesPerRegion(index) * regionsUsed
        // A ring across regions needs a node in every region, and its nodes go over every zone
        // in turn: the last region's first zone is reached by node 3 (R - 1).
        let reachesEveryRegion = regions.count > 1 ? Self.zoneLetters.count * (regions.count - 1) + 1 : 1
        let nodes = max(spigoNodes, reachesEveryRegion)
        if nodes > spigoNodes {
            warnings.append(
                Diagnostic(
                    file: file, line: service.place.line, column: service.place.column,
                    message: "a ring across \(regions.count) regions needs a node in each: \(nodes) nodes where spigo has "
                        + "\(spigoNodes), as the runtime puts nodes in every zone of every region in turn",
                    severity: .warning))
        }
        let peers = service.dependencies.contains(service.name)
        let zoneCount = regions.count * Self.zoneLetters.count
        var factor = peers ? min(nodes, zoneCount, RingClusterSpec.maximumReplicationFactor) : 1
        // The ring puts node i in zone i mod Z of the runtime's zones.
        if regions.count > 1 {
            var ring = [Int](repeating: 0, count: regions.count)
            for node in 0..<nodes { ring[(node % zoneCount) / Self.zoneLetters.count] += 1 }
            // Across regions `replication_factor` counts replicas in each region: one per zone
            // of the region, no more than the region's fewest nodes.
            let fewest = max(1, ring.min() ?? 1)
            factor = peers ? min(fewest, Self.zoneLetters.count, RingClusterSpec.maximumReplicationFactor) : 1
            let spigo = regions.indices.map { $0 < max(1, regionsUsed) ? (regionsUsed == 0 ? 1 : nodesPerRegion(index)) : 0 }
            if ring != spigo {
                let names = regions.map(\.name)
                let text = { (counts: [Int]) in zip(names, counts).map { "\($0) \($1)" }.joined(separator: ", ") }
                warnings.append(
                    Diagnostic(
                        file: file, line: service.place.line, column: service.place.column,
                        message: "a ring spreads its \(nodes) nodes over every zone of the runtime in turn (\(text(ring))), "
                            + "where spigo puts them by region (\(text(spigo))); a ring kept to some regions is not in the runtime yet",
                        severity: .warning))
            }
        }
        return Cluster(
            service: index, nodes: nodes, replicationFactor: factor, peers: peers,
            crossRegion: service.dependencies.contains(SpigoArchitecture.registry))
    }

    /// Warns of services that get no requests, and balancers with nothing behind them.
    mutating func warnUnreached() {
        let called = Set(routes.joined())
        for (index, service) in architecture.services.enumerated() {
            if roles[index] == .balancer, routes[index].isEmpty {
                warnings.append(
                    Diagnostic(
                        file: file, line: service.place.line, column: service.place.column,
                        message: "`\(service.name)` (elb) balances nothing: it has no dependencies, so calls to it are left out",
                        severity: .warning))
            }
            guard roles[index] != .entry, !called.contains(index), !entries.contains(index) else { continue }
            warnings.append(
                Diagnostic(
                    file: file, line: service.place.line, column: service.place.column,
                    message: "nothing calls `\(service.name)` (no service sends it requests); it is imported, and gets none",
                    severity: .warning))
        }
    }
}
