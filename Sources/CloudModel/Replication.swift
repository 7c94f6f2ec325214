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
    /// Requests to trace, spread evenly over the measured period (runtime models); 0 for none.
    public var traceSamples: Int

    public init(
        seed: UInt64, replication: Int, duration: SimTime, warmUp: SimTime, recordsTimeseries: Bool = false,
        traceSamples: Int = 0
    ) {
        self.seed = seed
        self.replication = replication
        self.duration = duration
        self.warmUp = warmUp
        self.recordsTimeseries = recordsTimeseries
        self.traceSamples = traceSamples
    }
}

/// The record of one replication of one variant.
public struct ReplicationResult: Sendable, Equatable, Codable {
    public var metrics: [Metric]
    /// Values over time (runtime models only), in time order.
    public var timeseries: [TimeseriesPoint] = []
    /// Spans of the traced requests (runtime models with `traceSamples`), parents first.
    public var spans: [TraceSpan] = []
    /// One row per event of interest (incidents, deploys…), each table written as `NAME.csv`.
    public var tables: [RecordTable] = []
    /// Events the kernel handled.
    public var events: Int
}

/// One value of one entity's metric in one time bucket.
public struct TimeseriesPoint: Sendable, Hashable, Codable {
    /// Start of the bucket [s].
    public var time: Double
    /// Entity path, e.g. `api` or `us-east-1.a.api.3`; empty for end to end.
    public var entity: String
    public var metric: String
    public var unit: MetricUnit
    public var value: Double

    public init(time: Double, entity: String, metric: String, unit: MetricUnit, value: Double) {
        self.time = time
        self.entity = entity
        self.metric = metric
        self.unit = unit
        self.value = value
    }
}

/// Rows about individual events of one replication, e.g. one row per incident with its
/// detection timeline; written as `NAME.csv` with `variant,replication` in front of `columns`.
public struct RecordTable: Sendable, Hashable, Codable {
    /// File stem, e.g. `incidents`.
    public var name: String
    /// Column names; units as suffixes (`_s`).
    public var columns: [String]
    /// Rows of `columns.count` cells each.
    public var rows: [[RecordValue]]

    public init(name: String, columns: [String], rows: [[RecordValue]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// One cell of a `RecordTable`.
public enum RecordValue: Sendable, Hashable, Codable {
    case text(String)
    case number(Double)
    case integer(Int)
    /// An empty cell: a value that does not exist (e.g. time to detect of a missed incident).
    case missing
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
