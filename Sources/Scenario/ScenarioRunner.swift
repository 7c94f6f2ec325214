import CloudModel
import SimKernel

/// The records of every replication of one variant.
public struct VariantResults: Sendable {
    public var name: String
    /// One result per replication, in replication order.
    public var replications: [ReplicationResult]
}

/// Everything a scenario run produced.
public struct ScenarioResults: Sendable {
    public var scenario: ScenarioDescription
    public var variants: [VariantResults]

    /// Kernel events over all variants and replications.
    public var events: Int { variants.reduce(0) { $0 + $1.replications.reduce(0) { $0 + $1.events } } }
}

/// Runs every (variant, replication) pair of a scenario on worker threads.
public enum ScenarioRunner {
    /// Replication r of every variant uses the streams of (seed, r): variants share random numbers.
    /// The result does not depend on `workers`.
    public static func run(
        _ scenario: ScenarioDescription, workers: Int, traceSamples: Int = 0,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> ScenarioResults {
        let perVariant = scenario.replications
        let total = scenario.variants.count * perVariant
        let results = run(
            scenario, jobs: Array(0..<total), workers: workers, traceSamples: traceSamples, progress: progress)
        return assemble(scenario, results)
    }

    /// The results of jobs `jobs` of `scenario` (job k is replication k mod R of variant k / R,
    /// for R replications: variant-major, replication fastest), in the order given. A job's
    /// result depends on the scenario, the seed and k alone, whoever runs it.
    public static func run(
        _ scenario: ScenarioDescription, jobs: [Int], workers: Int, traceSamples: Int = 0,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> [ReplicationResult] {
        let perVariant = scenario.replications
        let total = jobs.count
        var report: (@Sendable (Int) -> Void)? = nil
        if let progress {
            report = { done in progress(done, total) }
        }
        return ParallelRunner.map(count: total, workers: workers, progress: report) { (index: Int) -> ReplicationResult in
            let job = jobs[index]
            let variant = scenario.variants[job / perVariant]
            let settings = RunSettings(
                seed: scenario.seed, replication: job % perVariant, duration: scenario.duration,
                warmUp: scenario.warmUp, recordsTimeseries: job % perVariant == 0,
                traceSamples: job % perVariant == 0 ? traceSamples : 0)
            return replicate(variant.model, settings: settings)
        }
    }

    /// `results` of every job of `scenario`, in job order, as one run's results.
    public static func assemble(_ scenario: ScenarioDescription, _ results: [ReplicationResult]) -> ScenarioResults {
        let perVariant = scenario.replications
        let variants = scenario.variants.enumerated().map { index, variant in
            VariantResults(
                name: variant.name,
                replications: Array(results[(index * perVariant)..<((index + 1) * perVariant)]))
        }
        return ScenarioResults(scenario: scenario, variants: variants)
    }

    /// One replication of `model`.
    public static func replicate(_ model: ModelDescription, settings: RunSettings) -> ReplicationResult {
        switch model {
        case .network(let model): Replication.run(model, settings: settings)
        case .runtime(let runtime): RuntimeReplication.run(runtime, settings: settings)
        case .storage(let storage): StorageReplication.run(storage, settings: settings)
        case .productDevelopment(let development): ProductDevelopmentReplication.run(development, settings: settings)
        }
    }
}
