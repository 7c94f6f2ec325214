import CloudModel
import SimKernel

/// Runs `replications` replications of `model` on both cores and summarises one metric.
func summarise(
    _ model: ModelSpec, metric: String, duration: Double, warmUp: Double, replications: Int = 10, seed: UInt64 = 2026
) -> ReplicationSummary {
    summarise(model, metrics: [metric], duration: duration, warmUp: warmUp, replications: replications, seed: seed)[
        metric]!
}

/// Like `summarise`, several metrics of the same replications.
func summarise(
    _ model: ModelSpec, metrics: [String], duration: Double, warmUp: Double, replications: Int = 10,
    seed: UInt64 = 2026
) -> [String: ReplicationSummary] {
    let results = ParallelRunner.map(count: replications, workers: 2) { replication in
        Replication.run(
            model,
            settings: RunSettings(
                seed: seed, replication: replication, duration: SimTime(seconds: duration),
                warmUp: SimTime(seconds: warmUp)))
    }
    return Dictionary(uniqueKeysWithValues: metrics.map { metric in
        (metric, ReplicationSummary(results.map { value(of: metric, in: $0) }))
    })
}

/// The value of a named metric in one replication's record.
func value(of metric: String, in result: ReplicationResult) -> Double {
    guard let found = result.metrics.first(where: { $0.name == metric }) else {
        preconditionFailure("no metric \(metric)")
    }
    return found.value
}

/// One service with `servers` exponential servers (mean 1 s) fed by Poisson arrivals.
func mmc(servers: Int, arrivalRate: Double, queueCapacity: Int? = nil) -> ModelSpec {
    ModelSpec(
        services: [ServiceSpec(name: "server", servers: servers, queueCapacity: queueCapacity)],
        requests: [
            RequestTypeSpec(
                name: "customer", interarrival: .exponential(mean: 1 / arrivalRate),
                path: [CallSpec(service: "server", serviceTime: .exponential(mean: 1))])
        ])
}
