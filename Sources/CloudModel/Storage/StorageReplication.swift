import SimKernel

/// Runs one replication of a storage benchmark.
public enum StorageReplication {
    public static func run(_ spec: StorageSpec, settings: RunSettings) -> ReplicationResult {
        let streams = RandomStreams(seed: settings.seed, replication: settings.replication)
        var model = StorageModel(spec: spec, streams: streams)
        var simulator = Simulator<StorageModel.Event>()
        model.start(in: &simulator, warmUp: settings.warmUp)
        simulator.run(&model, until: settings.duration)
        return ReplicationResult(
            metrics: model.metrics(from: settings.warmUp, to: settings.duration), events: simulator.eventsProcessed)
    }
}
