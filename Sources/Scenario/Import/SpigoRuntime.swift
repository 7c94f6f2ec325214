import Foundation

/// What a spigo architecture becomes in a runtime: regions and zones, instance groups, storage
/// clusters, and endpoints with their trees of calls, following how spigo's actors route.
struct SpigoRuntime {
    /// A service's part: users' entry (DNS), a balancer in front of others, a service with
    /// instances, or a storage cluster.
    enum Role { case entry, balancer, service, storage }

    /// spigo's two requests: a denominator sends `GetRequest` two times in three and `Put` once.
    enum Operation: String, CaseIterable {
        case get, put
        /// Share of the entry's requests [ratio].
        var share: Double { self == .get ? 2.0 / 3 : 1.0 / 3 }
    }

    /// spigo's region names (`archaius`), in the order `-w` takes them.
    static let regionNames = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-southeast-2"]
    /// spigo's three zones of every region (zoneA, zoneB, zoneC).
    static let zoneLetters = ["a", "b", "c"]
    /// Requests per second a denominator sends: spigo's default `chat` of one every 10 ms.
    static let entryRate = 100.0
    /// Most calls the endpoints' trees may hold together.
    static let maximumCalls = 10_000
    /// The kinds staash looks a key up in, in spigo's order; a write goes to one of each.
    static let lookupOrder: [[SpigoArchitecture.Package]] = [[.cache], [.volume], [.priamCassandra, .riak], [.store], [.staash]]

    /// A call from one service to another, or to a storage cluster; its children are made while
    /// the callee holds its server.
    struct Call: Equatable {
        var target: Int
        var probability: Double
        var children: [Call]
        /// A staash write, sent to one of each kind of store at once.
        var parallel: Bool
    }

    struct Endpoint {
        var name: String
        var entry: Int
        var operation: Operation
        /// [1/s]
        var rate: Double
        var root: Call
    }

    /// The instances of a service: how many, where, and spigo's count in each zone.
    struct Group {
        var service: Int
        var instances: Int
        /// The zones in the order instances fill them; nil for every zone in the runtime's order.
        var zones: [String]?
        /// spigo's nodes in each zone, in the runtime's zone order (zones without any left out).
        var spigoZones: [(zone: String, count: Int)]
    }

    /// A storage cluster: a ring of `nodes`, a replica per zone among peers.
    struct Cluster {
        var service: Int
        var nodes: Int
        var replicationFactor: Int
        var peers: Bool
        var crossRegion: Bool
    }

    let architecture: SpigoArchitecture
    let file: String
    /// The regions and their zones.
    var regions: [(name: String, zones: [String])] = []
    /// Each service's name in the scenario.
    var names: [String] = []
    var roles: [Role] = []
    var groups: [Group] = []
    var clusters: [Cluster] = []
    var endpoints: [Endpoint] = []
    /// Where requests enter (denominators, or services nothing calls when there is none).
    var entries: [Int] = []
    var warnings: [Diagnostic] = []
    /// The services each service sends requests to, and the calls left out to break cycles.
    var routes: [[Int]] = []
    private var cut: Set<[Int]> = []
    private var callsMade = 0

    /// The runtime of `architecture` run in `regionCount` regions (spigo's `-w`).
    /// - Throws: `ScenarioError` located in `file`.
    init(_ architecture: SpigoArchitecture, file: String, regionCount: Int) throws {
        self.architecture = architecture
        self.file = file
        let services = architecture.services
        for service in services where service.regions * regionCount > Self.regionNames.count {
            throw failure(
                "`\(service.name)` would run in \(service.regions) × \(regionCount) = \(service.regions * regionCount) regions "
                    + "(`regions` × --regions), more than spigo's \(Self.regionNames.count) (\(Suggestions.list(Self.regionNames, conjunction: "and")))",
                at: service.regionsPlace)
        }
        let count = max(1, services.map { $0.regions * regionCount }.max() ?? 1)
        regions = Self.regionNames.prefix(count).map { region in (region, Self.zoneLetters.map { region + $0 }) }
        var taken: Set<String> = []
        for service in services {
            let name = ScenarioText.name(service.name, fallback: "service", taken: taken)
            taken.insert(name)
            names.append(name)
            roles.append(Self.role(service.package))
        }
        routes = services.indices.map { routing(from: $0) }
        breakCycles()
        for index in services.indices {
            let service = services[index]
            if !service.regionsGiven, roles[index] != .entry {
                warn(
                    "`\(service.name)` has no `regions`: spigo reads it as 0, one node outside every region and zone "
                        + "whatever its `count` (as for a DNS name); it is one instance here. Give `regions: 1` for `count` nodes per region",
                    at: service.place)
            }
            switch roles[index] {
            case .service: groups.append(group(index, regionCount: regionCount))
            case .storage: clusters.append(cluster(index, regionCount: regionCount))
            case .entry, .balancer: break
            }
        }
        try findEntries()
        for entry in entries { try addEndpoints(entry) }
        guard !endpoints.isEmpty else {
            throw failure(
                "no request enters the architecture: no `denominator` reaches a service, and every service is called by another",
                at: architecture.servicesPlace)
        }
        warnUnreached()
    }

    static func role(_ package: SpigoArchitecture.Package) -> Role {
        switch package {
        case .denominator: .entry
        case .elb: .balancer
        case .zuul, .karyon, .monolith, .staash: .service
        case .priamCassandra, .riak, .store, .cache, .volume, .eureka, .pirate: .storage
        }
    }

    /// Nodes spigo makes per region: `count`, or one for a count of 0 (or no regions).
    func nodesPerRegion(_ index: Int) -> Int {
        let service = architecture.services[index]
        return service.regions == 0 || service.count == 0 ? 1 : service.count
    }

    func index(of name: String) -> Int? { architecture.services.firstIndex { $0.name == name } }

    private func failure(_ message: String, at place: SpigoArchitecture.Place) -> ScenarioError {
        ScenarioError(diagnostics: [Diagnostic(file: file, line: place.line, column: place.column, message: message)])
    }

    private mutating func warn(_ message: String, at place: SpigoArchitecture.Place) {
        warnings.append(Diagnostic(file: file, line: place.line, column: place.column, message: message, severity: .warning))
    }

    /// The services `index` sends requests to, as spigo's actor for its package does: stores
    /// answer (and replicate to their peers) without calling on; staash calls stores and staash
    /// only; the others call any dependency. Itself (peers) and `eureka` are no calls.
    private mutating func routing(from index: Int) -> [Int] {
        let service = architecture.services[index]
        var targets: [Int] = []
        for (name, place) in zip(service.dependencies, service.dependencyPlaces) {
            guard name != service.name, name != SpigoArchitecture.registry, let target = self.index(of: name),
                !targets.contains(target)
            else { continue }
            let package = architecture.services[target].package
            if roles[index] == .storage {
                warn(
                    "`\(service.name)` (\(service.package.rawValue)) sends no requests on: spigo's stores answer, and "
                        + "replicate only to nodes of their own service; its dependency `\(name)` is left out", at: place)
            } else if service.package == .staash, !Self.lookupOrder.joined().contains(package) {
                warn(
                    "spigo's staash sends requests only to cache, volume, priamCassandra, riak, store and staash dependencies; "
                        + "`\(name)` (\(package.rawValue)) gets none from `\(service.name)`", at: place)
            } else {
                targets.append(target)
            }
        }
        return targets
    }

    /// Leaves out the calls that close a cycle (found depth first from the entries, then from
    /// every service in file order), so that every request ends.
    private mutating func breakCycles() {
        var state = [Int](repeating: 0, count: routes.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ node: Int) {
            state[node] = 1
            path.append(node)
            for target in routes[node] {
                if state[target] == 1 {
                    cut.insert([node, target])
                    let service = architecture.services[node]
                    let cycle = path[path.lastIndex(of: target)!...].map { "`\(architecture.services[$0].name)`" } + ["`\(architecture.services[target].name)`"]
                    let place = service.dependencyPlaces[service.dependencies.firstIndex(of: architecture.services[target].name)!]
                    warn(
                        "a cycle of calls, \(cycle.joined(separator: " → ")): the call from `\(service.name)` to "
                            + "`\(architecture.services[target].name)` is left out so that every request ends", at: place)
                } else if state[target] == 0 {
                    visit(target)
                }
            }
            path.removeLast()
            state[node] = 2
        }
        let order = routes.indices.filter { roles[$0] == .entry } + Array(routes.indices)
        for node in order where state[node] == 0 { visit(node) }
    }

    /// The denominators, or (when there is none) every service nothing calls.
    private mutating func findEntries() throws {
        entries = roles.indices.filter { roles[$0] == .entry }
        guard entries.isEmpty else { return }
        let called = Set(routes.joined())
        entries = roles.indices.filter { roles[$0] == .service && !called.contains($0) }
        for entry in entries {
            warn(
                "no `denominator` in the architecture: requests enter at `\(architecture.services[entry].name)`, which "
                    + "nothing calls, at a denominator's rate", at: architecture.services[entry].place)
        }
    }

    /// The endpoints of one entry: its gets and its puts, one endpoint per service it reaches
    /// first (a denominator or balancer picks among them at random).
    private mutating func addEndpoints(_ entry: Int) throws {
        let service = architecture.services[entry]
        var taken = Set(names + endpoints.map(\.name))
        for operation in Operation.allCases {
            let roots =
                roles[entry] == .entry
                ? try calls(from: entry, operation, at: service.place).calls
                : [Call(target: entry, probability: 1, children: try calls(from: entry, operation, at: service.place).calls, parallel: false)]
            let stores = roots.filter { roles[$0.target] == .storage }
            if operation == .get, !stores.isEmpty {
                let named = stores.map { "`\(architecture.services[$0.target].name)`" }.joined(separator: ", ")
                warn(
                    "`\(service.name)` sends requests straight to \(named), storage with no service in front; "
                        + "a request enters through a service, so those are left out", at: service.place)
            }
            let served = roots.filter { roles[$0.target] != .storage }
            if operation == .get, served.isEmpty {
                warn("`\(service.name)` reaches no service (its dependencies lead nowhere); it gets no endpoint", at: service.place)
            }
            for root in served {
                let suffix = served.count > 1 ? "-\(names[root.target])" : ""
                let name = ScenarioText.name("\(names[entry])-\(operation.rawValue)\(suffix)", fallback: "endpoint", taken: taken)
                taken.insert(name)
                var call = root
                call.probability = 1
                endpoints.append(
                    Endpoint(name: name, entry: entry, operation: operation, rate: Self.entryRate * operation.share * root.probability, root: call))
            }
        }
    }

    /// The calls a request at `index` makes: each dependency in proportion to its nodes (spigo
    /// routes to one node picked at random among all it knows), through balancers to what is
    /// behind them; staash reads the first kind of store it has and writes to one of each.
    private mutating func calls(from index: Int, _ operation: Operation, at place: SpigoArchitecture.Place) throws -> (calls: [Call], parallel: Bool) {
        let live = routes[index].filter { !cut.contains([index, $0]) }
        var choices = [live]
        if architecture.services[index].package == .staash {
            choices = Self.lookupOrder.map { kinds in live.filter { kinds.contains(architecture.services[$0].package) } }
                .filter { !$0.isEmpty }
            if operation == .get { choices = Array(choices.prefix(1)) }
        }
        var result: [Call] = []
        for choice in choices {
            let total = Double(choice.map(nodesPerRegion).reduce(0, +))
            var merged: [Call] = []
            for target in choice {
                let share = Double(nodesPerRegion(target)) / total
                for call in try reach(target, share: share, operation, at: place) {
                    if let same = merged.firstIndex(where: { $0.target == call.target }) {
                        merged[same].probability += call.probability
                    } else {
                        merged.append(call)
                    }
                }
            }
            result += merged
        }
        return (result, choices.count > 1 && result.count > 1)
    }

    /// The calls that reach `target` with chance `share`: one call to a service or store, or
    /// what a balancer (or a denominator called as one) passes on.
    private mutating func reach(_ target: Int, share: Double, _ operation: Operation, at place: SpigoArchitecture.Place) throws -> [Call] {
        switch roles[target] {
        case .entry, .balancer:
            return try calls(from: target, operation, at: place).calls.map { call in
                var scaled = call
                scaled.probability *= share
                return scaled
            }
        case .storage:
            try count(at: place)
            return [Call(target: target, probability: share, children: [], parallel: false)]
        case .service:
            try count(at: place)
            let (children, parallel) = try calls(from: target, operation, at: place)
            return [Call(target: target, probability: share, children: children, parallel: parallel)]
        }
    }

    private mutating func count(at place: SpigoArchitecture.Place) throws {
        callsMade += 1
        guard callsMade <= Self.maximumCalls else {
            throw failure(
                "the endpoints' trees of calls would hold more than \(Self.maximumCalls) calls (a service called from "
                    + "many places is repeated under each caller); split the architecture", at: place)
        }
    }
}
