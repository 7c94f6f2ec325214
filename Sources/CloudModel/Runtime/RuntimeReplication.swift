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
        model.finishFastForward(at: settings.duration)
        model.finishMonitoring(at: settings.duration)
        // The runtime's own figures, then monitoring's and delivery's, then each component's:
        // a study's headline measures come before hundreds of per-service rows.
        let parts = model.metricParts(from: settings.warmUp, to: settings.duration)
        var result = ReplicationResult(
            metrics: parts.overall, timeseries: model.timeseries.points, events: simulator.eventsProcessed)
        if let monitor = model.monitor {
            let watched = Set(monitor.keys.map(\.service))
            let deployFaults = model.delivery?.faults(watched: watched, until: settings.duration) ?? []
            let errorFaults = model.monitoredErrorFaults(watched: watched, until: settings.duration)
            let outcome = MonitoringOutcome(
                monitor, spec: spec, errorFaults: errorFaults, deployFaults: deployFaults, from: settings.warmUp,
                to: settings.duration)
            result.metrics += outcome.metrics(days: Double(settings.duration - settings.warmUp) / 86_400e9)
            let groups = model.delivery.map { _ in model.serverGroups.map { "v\($0.version)" } }
            result.tables = [
                outcome.alertsTable(stages: monitor.spec.pipeline.stages, groups: groups), outcome.faultsTable(),
            ]
        }
        if let delivery = model.delivery {
            result.metrics += delivery.metrics(
                from: settings.warmUp, to: settings.duration,
                instanceHours: model.statistics.deployables.map { $0.instanceHours(at: settings.duration) },
                prices: model.deployables.map(\.pricePerHour))
            // Every deploy of replication 0.
            if settings.recordsTimeseries { result.tables.append(delivery.deploysTable(to: settings.duration)) }
        }
        result.metrics += parts.components
        result.spans = model.tracer?.finished(at: settings.duration) ?? []
        return result
    }
}
