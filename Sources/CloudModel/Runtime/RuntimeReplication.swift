import SimKernel

/// Runs one replication of a cloud runtime.
public enum RuntimeReplication {
    public static func run(_ spec: RuntimeSpec, settings: RunSettings) -> ReplicationResult {
        let streams = RandomStreams(seed: settings.seed, replication: settings.replication)
        var model = RuntimeModel(spec: spec, streams: streams, recordTimeseries: settings.recordsTimeseries)
        var simulator = Simulator<RuntimeModel.Event>()
        if settings.traceSamples > 0 {
            model.tracer = Tracer(count: settings.traceSamples, from: settings.warmUp, to: settings.duration)
        }
        model.start(in: &simulator, warmUp: settings.warmUp)
        simulator.run(&model, until: settings.duration)
        var result = ReplicationResult(
            metrics: model.metrics(from: settings.warmUp, to: settings.duration),
            timeseries: model.timeseries.points, events: simulator.eventsProcessed)
        result.spans = model.tracer?.finished(at: settings.duration) ?? []
        return result
    }
}
