import SimKernel

/// A monitored service, its incidents, and the pipeline that watches its error ratio: the
/// model of a `monitoring:` scenario.
public struct MonitoringModelSpec: Sendable, Hashable, Codable {
    public var service: MonitoredService
    /// The metric pipeline watching the service's error ratio (threshold in ratio units).
    public var pipeline: MonitoringSpec
    /// Incidents at given times, in time order.
    public var incidents: [ListedIncident]
    /// Incidents at random, or nil for none.
    public var randomIncidents: RandomIncidents?
    /// Time from the action (after the alert and reaction) to the service being restored [s].
    public var repair: Distribution
    /// How soon a failure must show on the graph to catch a watching person's eye [ns]; the talk's
    /// human attention span, about 10 s.
    public var attentionSpan: SimTime

    public init(
        service: MonitoredService, pipeline: MonitoringSpec, incidents: [ListedIncident] = [],
        randomIncidents: RandomIncidents? = nil, repair: Distribution = .constant(0),
        attentionSpan: SimTime = SimTime(seconds: 10)
    ) {
        self.service = service
        self.pipeline = pipeline
        self.incidents = incidents
        self.randomIncidents = randomIncidents
        self.repair = repair
        self.attentionSpan = attentionSpan
    }
}

/// The service whose error ratio is watched.
public struct MonitoredService: Sendable, Hashable, Codable {
    /// Requests per second, steady.
    public var requestRate: Double
    /// Share of requests failing when no incident is on, in [0, 1].
    public var errorRatio: Double
    /// How a datapoint differs from the window's true average error ratio.
    public var noise: MetricNoise

    public init(requestRate: Double, errorRatio: Double, noise: MetricNoise = .none) {
        self.requestRate = requestRate
        self.errorRatio = errorRatio
        self.noise = noise
    }
}

/// What the agent measures of the error ratio in one window.
public enum MetricNoise: Sendable, Hashable, Codable {
    /// Exactly the window's time-average error ratio.
    case none
    /// Counts of the window's Poisson requests: failed ~ Poisson(rate·∫p dt), succeeded
    /// ~ Poisson(rate·∫(1−p) dt), the datapoint failed / (failed + succeeded), 0 without requests.
    /// Few requests per window make a noisy graph.
    case requests
    /// The average plus a normal error of this standard deviation, clipped to [0, 1].
    case normal(stddev: Double)
}

/// One incident at a given time.
public struct ListedIncident: Sendable, Hashable, Codable {
    /// Start of the failure [ns].
    public var at: SimTime
    /// Share of requests failing during the incident, in [0, 1]; replaces the baseline.
    public var errorRatio: Double
    /// Time after which it heals on its own [ns]; nil lasts until restored.
    public var duration: SimTime?

    public init(at: SimTime, errorRatio: Double, duration: SimTime? = nil) {
        self.at = at
        self.errorRatio = errorRatio
        self.duration = duration
    }
}

/// Incidents arriving as a Poisson process.
public struct RandomIncidents: Sendable, Hashable, Codable {
    /// Incidents per second.
    public var rate: Double
    /// Error ratio of each, uniform in `minErrorRatio...maxErrorRatio` (equal for a fixed one).
    public var minErrorRatio: Double
    public var maxErrorRatio: Double
    /// Time after which each heals on its own [s]; nil lasts until restored.
    public var duration: Distribution?

    public init(rate: Double, minErrorRatio: Double, maxErrorRatio: Double, duration: Distribution? = nil) {
        self.rate = rate
        self.minErrorRatio = minErrorRatio
        self.maxErrorRatio = maxErrorRatio
        self.duration = duration
    }
}
