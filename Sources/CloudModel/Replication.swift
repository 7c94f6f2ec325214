import SimKernel

/// What one replication needs besides the model.
public struct RunSettings: Sendable, Hashable {
    public var seed: UInt64
    public var replication: Int
    /// Simulated length [ns].
    public var duration: SimTime
    /// Observations before this are discarded [ns].
    public var warmUp: SimTime
    /// Whether to keep the time series (runtime models); runs keep one replication's.
    public var recordsTimeseries: Bool

    public init(seed: UInt64, replication: Int, duration: SimTime, warmUp: SimTime, recordsTimeseries: Bool = false) {
        self.seed = seed
        self.replication = replication
        self.duration = duration
        self.warmUp = warmUp
        self.recordsTimeseries = recordsTimeseries
    }
}

/// The record of one replication of one variant.
public struct ReplicationResult: Sendable {
    public var metrics: [Metric]
    /// Values over time (runtime models only), in time order.
    public var timeseries: [TimeseriesPoint] = []
    /// Events the kernel handled.
    public var events: Int
}

/// One value of one entity's metric in one time bucket.
public struct TimeseriesPoint: Sendable, Hashable {
    /// Start of the bucket [s].
    public var time: Double
    /// Entity path, e.g. `api` or `us-east-1.a.api.3`; empty for end to end.
    public var entity: String
    public var metric: String
    public var value: Double

    public init(time: Double, entity: String, metric: String, value: Double) {
        self.time = time
        self.entity = entity
        self.metric = metric
        self.value = value
    }
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
