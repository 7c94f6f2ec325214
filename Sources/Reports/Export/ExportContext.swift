import CloudModel
import Scenario
import SimKernel

/// What the results folder does not say about its scenario: descriptions, the model's kind, the
/// faults the file schedules, and the architecture's picture.
public struct ExportContext: Sendable {
    public var description: String
    public var variantDescriptions: [String: String]
    /// The regions of a multi-region runtime, over all variants in file order; empty otherwise.
    public var regions: [String]
    /// What the scenario models; nil without its file.
    public var kind: Kind?
    /// The faults the file schedules, each with the variants that have it.
    public var faults: [ScheduledFault]
    /// The baseline's architecture drawn by Graphviz, or why it is not.
    public var architecture: ArchitecturePicture?

    /// The model a scenario file describes (`model:`, `runtime:`, `storage:`, `product_development:`).
    public enum Kind: Sendable { case network, runtime, storage, productDevelopment }

    public init(
        description: String = "", variantDescriptions: [String: String] = [:], regions: [String] = [], kind: Kind? = nil,
        faults: [ScheduledFault] = [], architecture: ArchitecturePicture? = nil
    ) {
        self.description = description
        self.variantDescriptions = variantDescriptions
        self.regions = regions
        self.kind = kind
        self.faults = faults
        self.architecture = architecture
    }

    /// The context a scenario file gives: its descriptions, regions, kind and scheduled faults.
    public init(scenario: ScenarioDescription) {
        var regions: [String] = []
        var faults: [ScheduledFault] = []
        var kind = Kind.network
        for variant in scenario.variants {
            var found: [ScheduledFault] = []
            switch variant.model {
            case .network: kind = .network
            case .productDevelopment: kind = .productDevelopment
            case .runtime(let runtime):
                kind = .runtime
                for region in runtime.regions.map(\.name) where !regions.contains(region) { regions.append(region) }
                found = runtime.chaos.enumerated().compactMap { ScheduledFault($1, item: $0 + 1) }
            case .storage(let storage):
                kind = .storage
                found = storage.failures.map(ScheduledFault.init)
            }
            for fault in found {
                if let index = faults.firstIndex(where: { $0.sameWindow(fault) }) {
                    faults[index].variants.append(variant.name)
                } else {
                    faults.append(ScheduledFault(fault, variant: variant.name))
                }
            }
        }
        self.init(
            description: scenario.description,
            variantDescriptions: Dictionary(
                scenario.variants.map { ($0.name, $0.description) }, uniquingKeysWith: { first, _ in first }),
            regions: regions, kind: kind, faults: faults)
    }
}

/// The architecture's picture for the page: SVG from Graphviz's `dot`, or why there is none.
public enum ArchitecturePicture: Sendable {
    /// `dot -Tsvg` of `cnsim graph`'s output for `variant`.
    case svg(String, variant: String)
    /// Said on the page instead of the picture.
    case unavailable(String)
}

/// A fault the scenario file schedules, in seconds of the run's clock.
public struct ScheduledFault: Sendable, Hashable {
    /// What it does to the system, which decides the page's story.
    public enum Effect: Sendable, Hashable { case outage, slowdown, errors, kill }
    /// "zone a down", "ratings +2 s".
    public var name: String
    public var effect: Effect
    public var start: Double
    /// When the file ends it [s]; nil for a moment (instances killed) or random incidents.
    public var end: Double?
    /// The variants whose file has it.
    public var variants: [String] = []
    /// Its number in `runtime.chaos` (1 for the first), as `faults.csv`'s `chaos_item` names it.
    public var item: Int?

    init(name: String, effect: Effect, start: SimTime, end: SimTime?, item: Int? = nil) {
        self.name = name
        self.effect = effect
        self.start = Double(start) / Double(SimTime.nanosecondsPerSecond)
        self.end = end.map { Double($0) / Double(SimTime.nanosecondsPerSecond) }
        self.item = item
    }

    init(_ fault: ScheduledFault, variant: String) {
        self = fault
        variants = [variant]
    }

    init?(_ chaos: ChaosSpec, item: Int) {
        switch chaos {
        case .killInstances(let service, let count, let at):
            self.init(name: "\(count) \(service) killed", effect: .kill, start: at, end: nil, item: item)
        case .zoneOutage(let zone, let from, let to):
            self.init(name: "zone \(zone) down", effect: .outage, start: from, end: to, item: item)
        case .regionOutage(let region, let from, let to):
            self.init(name: "region \(region) down", effect: .outage, start: from, end: to, item: item)
        case .latency(let service, let extra, let from, let to):
            self.init(
                name: "\(service) +\(Axis.label(extra.mean, unit: "s"))", effect: .slowdown, start: from, end: to, item: item)
        case .errors(let service, let probability, let from, let to):
            self.init(
                name: "\(service) fails \(Axis.percent(probability))", effect: .errors, start: from, end: to, item: item)
        case .randomErrors:
            return nil
        case .storageNodesDown(let cluster, let count, let from, let to):
            self.init(name: "\(count) \(cluster) node\(count == 1 ? "" : "s") down", effect: .outage, start: from, end: to, item: item)
        }
    }

    init(_ failure: StorageFailureSpec) {
        switch failure {
        case .zoneOutage(let zone, let from, let to):
            self.init(name: "zone \(zone) down", effect: .outage, start: from, end: to)
        case .nodesDown(let count, let from, let to):
            self.init(name: "\(count) node\(count == 1 ? "" : "s") down", effect: .outage, start: from, end: to)
        }
    }

    func sameWindow(_ other: ScheduledFault) -> Bool {
        (name, effect, start, end, item) == (other.name, other.effect, other.start, other.end, other.item)
    }
}
