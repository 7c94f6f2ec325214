import SimKernel

/// What one replication needs besides the model.
public struct RunSettings: Sendable, Hashable {
    public var seed: UInt64
    public var replication: Int
    /// Simulated length [ns].
    public var duration: SimTime
    /// Observations before this are discarded [ns].
    public var warmUp: SimTime

    public init(seed: UInt64, replication: Int, duration: SimTime, warmUp: SimTime) {
        self.seed = seed
        self.replication = replication
        self.duration = duration
        self.warmUp = warmUp
    }
}

/// The record of one replication of one variant.
public struct ReplicationResult: Sendable {
    public var metrics: [Metric]
    /// Events the kernel handled.
    public var events: Int
}

/// Runs one replication of a model.
public enum Replication {
    public static func run(_ spec: ModelSpec, settings: RunSettings) -> ReplicationResult {
        let streams = RandomStreams(seed: settings.seed, replication: settings.replication)
        var model = NetworkModel(spec: spec, streams: streams)
        var simulator = Simulator<NetworkModel.Event>()
        model.start(in: &simulator, warmUp: settings.warmUp)
        simulator.run(&model, until: settings.duration)
        return ReplicationResult(
            metrics: model.metrics(from: settings.warmUp, to: settings.duration),
            events: simulator.eventsProcessed)
    }
}
