import SimKernel

/// Incidents arriving as a Poisson process (chaos `random_errors`).
public struct RandomIncidents: Sendable, Hashable, Codable {
    /// Incidents per second.
    public var rate: Double
    /// Share of calls each fails, uniform in `minErrorRatio...maxErrorRatio` (equal for a fixed one).
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
