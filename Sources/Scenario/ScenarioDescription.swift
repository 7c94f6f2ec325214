import CloudModel
import SimKernel

/// A validated scenario file: a comparison of variants of one model, run on common random numbers.
public struct ScenarioDescription: Sendable, Hashable, Codable {
    /// Short identifier, also the default results folder name.
    public var name: String
    /// What the scenario is for, in plain words.
    public var description: String
    /// Base seed of every random stream.
    public var seed: UInt64
    /// Simulated length of one replication [ns].
    public var duration: SimTime
    /// Initial period whose observations are discarded [ns]; shorter than `duration`.
    public var warmUp: SimTime
    /// Independent replications per variant, at least 1.
    public var replications: Int
    /// The variants compared, in file order. Never empty.
    public var variants: [VariantDescription]
    /// Name of the variant the others are compared with (`baseline:` in the file, else the first).
    public var baselineVariant: String
    /// Patterns of the metrics the terminal table shows (`metrics:`; `cnsim run --metrics`
    /// overrides them); empty shows every metric. The CSV files hold every metric whatever this says.
    public var terminalMetrics: [String] = []

    /// `baseline` nil means the first variant.
    public init(
        name: String, description: String, seed: UInt64, duration: SimTime, warmUp: SimTime,
        replications: Int, variants: [VariantDescription], baseline: String? = nil
    ) {
        self.name = name
        self.description = description
        self.seed = seed
        self.duration = duration
        self.warmUp = warmUp
        self.replications = replications
        self.variants = variants
        self.baselineVariant = baseline ?? variants[0].name
    }
}

/// One variant: the base model with the variant's overrides applied.
public struct VariantDescription: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var model: ModelDescription

    public init(name: String, description: String, model: ModelDescription) {
        self.name = name
        self.description = description
        self.model = model
    }
}

/// The model a scenario simulates: a queueing network of services (`model:` in the file), a
/// cloud runtime of zones, instances and call graphs — with its packaging, delivery and
/// monitoring (`runtime:`) —, a storage cluster under a client workload (`storage:`), or ideas
/// through the stages of product development (`product_development:`).
public enum ModelDescription: Sendable, Hashable, Codable {
    case network(ModelSpec)
    case runtime(RuntimeSpec)
    case storage(StorageSpec)
    case productDevelopment(ProductDevelopmentSpec)
}
