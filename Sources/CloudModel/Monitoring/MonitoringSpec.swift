import SimKernel

/// A metric pipeline as in the talk's "measuring in minutes" slides: an agent on the instance
/// aggregates a metric over each collection interval (the resolution), then each datapoint passes
/// stages that hand data on only at their own period boundaries, and an alert rule fires when
/// enough consecutive datapoints cross a threshold.
public struct MonitoringSpec: Sendable, Hashable, Codable {
    /// Collection interval of the agent [ns]; datapoint k covers [offset + k·resolution, offset + (k+1)·resolution).
    public var resolution: SimTime
    /// Phase of the agent's windows [ns], in [0, resolution).
    public var offset: SimTime
    /// Stages after the agent, in order (e.g. arrival, processing, display).
    public var stages: [MonitoringStage]
    /// When a datapoint counts as bad and how many in a row raise the alert.
    public var rule: AlertRule
    /// Time from the alert to the action of a person or automation [s].
    public var reaction: Distribution

    public init(
        resolution: SimTime, offset: SimTime = 0, stages: [MonitoringStage], rule: AlertRule,
        reaction: Distribution = .constant(0)
    ) {
        self.resolution = resolution
        self.offset = offset
        self.stages = stages
        self.rule = rule
        self.reaction = reaction
    }
}

/// One hand-off after the agent. A datapoint ready at time t leaves this stage at the first
/// boundary `offset + k·period` at or after `t + delay`; a period of 0 hands on at `t + delay`.
public struct MonitoringStage: Sendable, Hashable, Codable {
    /// Name used in reports, e.g. `arrival`, `processing`, `display`.
    public var name: String
    /// Hand-off period [ns]; 0 for continuous.
    public var period: SimTime
    /// Phase of the boundaries [ns], in [0, period).
    public var offset: SimTime
    /// Transport or work before the stage can hand on [s].
    public var delay: Distribution

    public init(name: String, period: SimTime, offset: SimTime = 0, delay: Distribution = .constant(0)) {
        self.name = name
        self.period = period
        self.offset = offset
        self.delay = delay
    }

    /// The time a datapoint ready at `ready` leaves this stage, given the drawn delay [ns].
    @inlinable
    public func handOff(ready: SimTime, delay drawn: SimTime) -> SimTime {
        let earliest = ready + drawn
        guard period > 0 else { return earliest }
        let since = earliest - offset
        let periods = since >= 0 ? (since + period - 1) / period : -((-since) / period)
        return offset + periods * period
    }
}

/// Fires when `consecutive` datapoints in a row are above `threshold`.
public struct AlertRule: Sendable, Hashable, Codable {
    /// A datapoint is bad when its value is strictly above this (same unit as the metric).
    public var threshold: Double
    /// Bad datapoints in a row needed, at least 1.
    public var consecutive: Int

    public init(threshold: Double, consecutive: Int) {
        self.threshold = threshold
        self.consecutive = consecutive
    }
}
