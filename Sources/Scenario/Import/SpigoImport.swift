import Foundation

/// `cnsim import spigo`: a commented runtime scenario from a spigo/simianviz architecture file.
/// Services, their packages, nodes per region, regions and dependencies come from the file;
/// everything spigo leaves unsaid (work, rates, timeouts, machines) is a stated assumption.
public enum SpigoImport {
    public struct Options: Sendable {
        /// Regions the architecture runs in: spigo's `-w`, which multiplies each service's
        /// `regions` [count], at least 1.
        public var regions: Int

        public init(regions: Int = 1) {
            self.regions = regions
        }
    }

    /// The scenario's YAML, and what the user should know about the import.
    public struct Imported: Sendable {
        public var scenario: String
        /// Warnings located in the architecture file, in file order.
        public var warnings: [Diagnostic]
    }

    /// Architecture files up to this size are read [bytes].
    public static let maximumFileSize = 64 << 20

    /// The scenario of the architecture in the file at `path`.
    /// - Throws: `ScenarioError`, every error located in the architecture file.
    public static func scenario(fromFile path: String, options: Options = Options()) throws -> Imported {
        let text = try InputFile.text(
            path, what: "the architecture file", expected: "a spigo architecture (JSON)", maximumSize: maximumFileSize,
            tooLarge: { "the architecture file is \($0) bytes, more than the limit of \(maximumFileSize) bytes (64 MiB)" })
        return try scenario(fromJSON: text, file: path, options: options)
    }

    /// The scenario of the architecture in `text`; `file` names it in diagnostics and comments.
    public static func scenario(fromJSON text: String, file: String, options: Options = Options()) throws -> Imported {
        let architecture = try SpigoArchitecture(json: text, file: file)
        let runtime = try SpigoRuntime(architecture, file: file, regionCount: options.regions)
        var writer = SpigoScenarioWriter(runtime: runtime, regionCount: options.regions)
        let scenario = writer.text()
        let warnings = (architecture.warnings + runtime.warnings + writer.warnings).sorted {
            ($0.line, $0.column) < ($1.line, $1.column)
        }
        return Imported(scenario: scenario, warnings: warnings)
    }
}

/// What spigo leaves unsaid and the import assumes, each written into the scenario.
enum SpigoAssumptions {
    static let servers = 16
    static let timeout = "1s"
    static let duration = "10m"
    static let victimAt = "5m"
    static let warmup = "1m"
    static let replications = 3
    static let keys = 100_000

    /// Mean work of one call at a service of `package` (exponential).
    static func work(_ package: SpigoArchitecture.Package) -> String {
        switch package {
        case .zuul: "2ms"
        case .monolith: "50ms"
        case .staash: "5ms"
        default: "10ms"
        }
    }

    /// The storage node of a cluster of `package`, as a flow mapping.
    static func node(_ package: SpigoArchitecture.Package) -> String {
        switch package {
        case .cache:
            "{capacity_tb: 0.25, read_iops: 1000000, write_iops: 1000000, read_time: 1us, write_time: 1us, cpu_servers: 8, "
                + "cpu_time: {distribution: exponential, mean: 50us}, queue_capacity: 256}"
        case .volume:
            "{capacity_tb: 1, read_iops: 3000, write_iops: 3000, read_time: 1ms, write_time: 1ms, cpu_servers: 2, "
                + "cpu_time: {distribution: exponential, mean: 100us}, queue_capacity: 256}"
        default:
            "{capacity_tb: 6.4, read_iops: 300000, write_iops: 300000, read_time: 100us, write_time: 50us, cpu_servers: 8, "
                + "cpu_time: {distribution: exponential, mean: 100us}, queue_capacity: 256}"
        }
    }
}

/// The YAML of an imported architecture.
private struct SpigoScenarioWriter {
    let runtime: SpigoRuntime
    let regionCount: Int
    var lines: [String] = []
    var warnings: [Diagnostic] = []

    var services: [SpigoArchitecture.Service] { runtime.architecture.services }

    mutating func text() -> String {
        let architecture = runtime.architecture
        let file = runtime.file
        let name = ScenarioText.name(architecture.arch, fallback: "spigo", taken: [])
        let folded = runtime.roles.filter { $0 == .entry || $0 == .balancer }.count
        let version = architecture.version.isEmpty ? "" : ", version \(architecture.version)"
        lines += [
            "# Imported by `cnsim import spigo` from \(ScenarioText.comment(file)): spigo architecture "
                + "`\(ScenarioText.comment(architecture.arch))`\(version), as `spigo -w \(regionCount)` runs it.",
            "# \(services.count) spigo services: \(runtime.groups.count) with instances, \(runtime.clusters.count) storage clusters, "
                + "\(folded) DNS names and balancers folded into the calls; \(runtime.endpoints.count) endpoints.",
            "#",
            "# How spigo's packages become the runtime:",
            "# - denominator (DNS): users' requests enter there, 100/s (spigo's denominator sends one every 10 ms), two in",
            "#   three a GetRequest and one a Put: an endpoint `NAME-get` (storage reads) and `NAME-put` (writes) per service",
            "#   it reaches first. elb: a regional balancer with no instances here: a call to it goes to what it balances.",
            "# - a service sends each request to one of its dependencies' nodes picked at random, so here it calls each",
            "#   dependency with probability its share of their nodes (drawn call by call: the mean load is spigo's, though",
            "#   a request may make none or two). Itself in its dependencies means cluster peers, `eureka` cross-region lookups.",
            "# - zuul, karyon: stateless services, which spigo keeps calling in their own zone, as the runtime's default",
            "#   `zone_aware` balancing does. monolith: a service. staash (data access): reads from the first kind of store it",
            "#   has (cache, volume, priamCassandra or riak, store, staash; spigo asks the next only on a miss, and the import",
            "#   assumes a hit) and writes to one of each kind at once (`fan_out: parallel`).",
            "# - priamCassandra, riak (storage rings), store, cache, volume (replicated stores): storage rings. Nodes that are",
            "#   peers keep a replica in each zone holding nodes (at most 8; across regions, in each zone of every region), else one copy of each key; reads and writes at",
            "#   ONE, as spigo's nodes answer a read alone and replicate a write after storing it.",
            "# - count: nodes per region, spread over the region's three zones in turn (0: one node); `regions` × -w regions",
            "#   (0 or missing: one node outside every region, one instance here). victim: one instance killed half-way.",
            "#",
            "# Assumptions (spigo does not say; change them freely):",
            "# - work per call, exponential: zuul 2 ms, karyon 10 ms, monolith 50 ms, staash 5 ms; no errors.",
            "# - \(SpigoAssumptions.servers) servers (threads) per instance; the runtime's boot time (60 s) and health check (10 s); no prices.",
            "# - every call's client gives up after \(SpigoAssumptions.timeout) (Hystrix's default timeout); no retries, breakers or fallbacks.",
            "# - storage nodes: SSD (6.4 TB, 300 000 IOPS, as the shipped storage scenarios) for rings and stores, memory for",
            "#   caches, a 3 000 IOPS network disk for volumes; \(SpigoAssumptions.keys) keys, each equally likely.",
            "# - Poisson arrivals; the runtime's network delays\(runtime.regions.count > 1 ? " (across regions: lognormal, median 60 ms) and DNS failover (60 s)" : "").",
            "# - \(SpigoAssumptions.duration) after a \(SpigoAssumptions.warmup) warm-up, \(SpigoAssumptions.replications) replications.",
            "name: \(name)",
            "description: \(ScenarioText.quoted(architecture.description.isEmpty ? "spigo architecture \(architecture.arch)" : architecture.description))",
            "seed: 1",
            "duration: \(SpigoAssumptions.duration)",
            "warmup: \(SpigoAssumptions.warmup)",
            "replications: \(SpigoAssumptions.replications)",
            "",
            "runtime:",
        ]
        writeRegions()
        lines.append("  services:")
        for group in runtime.groups { writeGroup(group) }
        if !runtime.clusters.isEmpty {
            lines.append("  storage:")
            for cluster in runtime.clusters { writeCluster(cluster) }
        }
        lines.append("  endpoints:")
        for endpoint in runtime.endpoints { writeEndpoint(endpoint) }
        writeVictim()
        return lines.joined(separator: "\n") + "\n"
    }

    private func zoneList(_ zones: [String]) -> String { "[\(zones.map(ScenarioText.yaml).joined(separator: ", "))]" }

    private mutating func writeRegions() {
        guard runtime.regions.count > 1 else {
            lines.append("  region: \(runtime.regions[0].name)")
            lines.append("  zones: \(zoneList(runtime.regions[0].zones))")
            return
        }
        lines.append("  # spigo's regions; users split equally among them (the runtime's default `traffic`)")
        lines.append("  regions:")
        for region in runtime.regions { lines.append("    \(region.name): {zones: \(zoneList(region.zones))}") }
    }

    private func origin(_ index: Int) -> String {
        let service = services[index]
        let renamed = runtime.names[index] == service.name ? "" : " (`\(ScenarioText.comment(service.name))` in spigo)"
        let regions = service.regions == 0 ? "no regions" : "\(service.regions) × \(regionCount) region(s)"
        return "\(runtime.names[index])\(renamed), \(service.package.rawValue): count \(service.count), \(regions)"
    }

    private mutating func writeGroup(_ group: SpigoRuntime.Group) {
        let spigo =
            group.spigoZones.isEmpty
            ? "spigo's one node outside every region is one instance here"
            : (services[group.service].count == 0 ? "spigo's node spanning each region's zones is an instance in its first; " : "")
                + "spigo's nodes per zone: " + group.spigoZones.map { "\($0.zone) \($0.count)" }.joined(separator: ", ")
        lines.append("    # \(origin(group.service)); \(spigo)")
        let zones = group.zones.map { ", zones: \(zoneList($0))" } ?? ""
        lines.append("    \(ScenarioText.yaml(runtime.names[group.service])): {instances: \(group.instances), servers: \(SpigoAssumptions.servers)\(zones)}")
    }

    private mutating func writeCluster(_ cluster: SpigoRuntime.Cluster) {
        let replicas =
            cluster.peers
            ? "peers (it lists itself): a replica in each of \(cluster.replicationFactor) zones"
                + (runtime.regions.count > 1 ? " of every region" : "")
            : "no peers (it does not list itself): one copy of each key"
        let reach =
            cluster.crossRegion
            ? "; lists `eureka`: one ring across regions"
            : (runtime.regions.count > 1 ? "; without `eureka` spigo keeps each region's nodes apart, where this ring spans them" : "")
        lines.append("    # \(origin(cluster.service)); \(cluster.nodes) node(s); \(replicas)\(reach)")
        lines.append("    \(ScenarioText.yaml(runtime.names[cluster.service])):")
        lines.append("      ring:")
        lines.append("        nodes: \(cluster.nodes)")
        lines.append("        replication_factor: \(cluster.replicationFactor)")
        lines.append("        keys: \(SpigoAssumptions.keys)")
        lines.append("        node: \(SpigoAssumptions.node(services[cluster.service].package))")
    }

    private mutating func writeEndpoint(_ endpoint: SpigoRuntime.Endpoint) {
        let entry = services[endpoint.entry]
        let share = endpoint.rate / SpigoRuntime.entryRate / endpoint.operation.share
        let how =
            runtime.roles[endpoint.entry] == .entry
            ? "\(endpoint.operation == .get ? "two thirds" : "a third") of `\(entry.name)`'s 100/s (\(endpoint.operation.rawValue)), "
                + "\(ScenarioText.number(share * 100))% of them to `\(runtime.names[endpoint.root.target])`"
            : "\(endpoint.operation == .get ? "two thirds" : "a third") of a denominator's 100/s (\(endpoint.operation.rawValue)) entering `\(entry.name)`"
        lines.append("    # \(how)")
        lines.append("    \(ScenarioText.yaml(endpoint.name)):")
        lines.append("      arrival_rate: \(ScenarioText.rate(endpoint.rate))")
        lines.append("      call:")
        writeCall(endpoint.root, indent: "        ", operation: endpoint.operation, isRoot: true)
    }

    /// One call's keys at `indent`, and its calls below.
    private mutating func writeCall(_ call: SpigoRuntime.Call, indent: String, operation: SpigoRuntime.Operation, isRoot: Bool) {
        let name = ScenarioText.yaml(runtime.names[call.target])
        let probability = call.probability < 1 - 1e-9 ? ", probability: \(ScenarioText.number(call.probability))" : ""
        if runtime.roles[call.target] == .storage {
            lines.append(
                "\(indent){storage: \(name), operation: \(operation == .get ? "read" : "write"), consistency: ONE\(probability), "
                    + "client: {timeout: \(SpigoAssumptions.timeout)}}")
            return
        }
        lines.append("\(indent)service: \(name)")
        if !probability.isEmpty { lines.append("\(indent)probability: \(ScenarioText.number(call.probability))") }
        lines.append("\(indent)work: {distribution: exponential, mean: \(SpigoAssumptions.work(services[call.target].package))}")
        if !isRoot { lines.append("\(indent)client: {timeout: \(SpigoAssumptions.timeout)}") }
        guard !call.children.isEmpty else { return }
        if call.parallel { lines.append("\(indent)fan_out: parallel") }
        lines.append("\(indent)calls:")
        for child in call.children {
            let start = lines.count
            writeCall(child, indent: indent + "    ", operation: operation, isRoot: false)
            lines[start] = indent + "  - " + lines[start].dropFirst(indent.count + 4)
        }
    }

    private mutating func writeVictim() {
        let architecture = runtime.architecture
        guard !architecture.victim.isEmpty else { return }
        let place = architecture.victimPlace
        func warn(_ message: String) {
            warnings.append(Diagnostic(file: runtime.file, line: place.line, column: place.column, message: message, severity: .warning))
        }
        guard let index = runtime.index(of: architecture.victim) else {
            warn("the victim `\(architecture.victim)` names no service; nothing is killed")
            return
        }
        let name = ScenarioText.yaml(runtime.names[index])
        let chaos: String
        switch runtime.roles[index] {
        case .service:
            chaos = "kill_instances: {service: \(name), count: 1, at: \(SpigoAssumptions.victimAt)}"
        case .storage:
            chaos = "storage_nodes_down: {cluster: \(name), count: 1, from: \(SpigoAssumptions.victimAt), to: \(SpigoAssumptions.duration)}"
        case .entry, .balancer:
            warn("the victim `\(architecture.victim)` (\(services[index].package.rawValue)) has no instances here; nothing is killed")
            return
        }
        lines.append("  chaos:")
        lines.append("    # spigo's chaos monkey kills a node of the victim `\(ScenarioText.comment(architecture.victim))` half-way")
        lines.append("    - \(chaos)")
    }
}
