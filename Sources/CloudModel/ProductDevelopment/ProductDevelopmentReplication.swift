import SimKernel

/// Runs one replication of a `product_development:` scenario.
public enum ProductDevelopmentReplication {
    /// Metrics: `idea_to_feedback_mean`, `_p50`, `_p95` [s] of ideas that arrived after the warm-up
    /// and got feedback by the end; `ideas_completed` [count]; `throughput` [1/d];
    /// `work_in_progress_mean` [count, time average after the warm-up]; `STAGE.wait_mean` [s], the
    /// wait for a team slot.
    public static func run(_ spec: ProductDevelopmentSpec, settings: RunSettings) -> ReplicationResult {
        let streams = RandomStreams(seed: settings.seed, replication: settings.replication)
        var model = ProductDevelopmentModel(spec: spec, streams: streams, warmUp: settings.warmUp)
        var simulator = Simulator<ProductDevelopmentModel.Event>()
        model.start(in: &simulator)
        simulator.run(&model, until: settings.duration)
        let sorted = model.leadTimes.sorted()
        let days = Double(settings.duration - settings.warmUp) / 86_400e9
        let mean = sorted.isEmpty ? Double.nan : sorted.reduce(0, +) / Double(sorted.count)
        let metrics =
            [
                Metric("idea_to_feedback_mean", .seconds, mean),
                Metric("idea_to_feedback_p50", .seconds, Spread.quantile(sorted, 0.5)),
                Metric("idea_to_feedback_p95", .seconds, Spread.quantile(sorted, 0.95)),
                Metric("ideas_completed", .count, Double(model.completed)),
                Metric("throughput", .perDay, Double(model.completed) / days),
                Metric("work_in_progress_mean", .count, model.inProgress.average(at: settings.duration)),
            ]
            + zip(spec.stages, model.waits).map { stage, waits in
                Metric("\(stage.name).wait_mean", .seconds, waits.count > 0 ? waits.mean : .nan)
            }
        return ReplicationResult(metrics: metrics, events: simulator.eventsProcessed)
    }
}
