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
        model.finishMonitoring(at: settings.duration)
        var result = ReplicationResult(
            metrics: model.metrics(from: settings.warmUp, to: settings.duration),
            timeseries: model.timeseries.points, events: simulator.eventsProcessed)
        if let monitor = model.monitor {
            let outcome = MonitoringOutcome(monitor, spec: spec, from: settings.warmUp, to: settings.duration)
            result.metrics += outcome.metrics(days: Double(settings.duration - settings.warmUp) / 86_400e9)
            result.tables = [outcome.alertsTable(stages: monitor.spec.pipeline.stages), outcome.faultsTable()]
        }
        result.spans = model.tracer?.finished(at: settings.duration) ?? []
        return result
    }
}
