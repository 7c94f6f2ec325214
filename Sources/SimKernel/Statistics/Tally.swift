/// Running count, mean and variance of observations (Welford's update: stable in one pass).
public struct Tally: Sendable, Equatable {
    /// Observations recorded.
    public var count: Int { observations }
    /// Mean of the observations; 0 before the first.
    public var mean: Double { runningMean }
    /// Smallest observation; +infinity before the first.
    public var min: Double { smallest }
    /// Largest observation; -infinity before the first.
    public var max: Double { largest }
    @usableFromInline var observations: Int = 0
    @usableFromInline var runningMean: Double = 0
    @usableFromInline var sumOfSquaredDeviations: Double = 0
    @usableFromInline var smallest: Double = .infinity
    @usableFromInline var largest: Double = -.infinity

    public init() {}

    /// - Complexity: O(1)
    @inlinable
    public mutating func record(_ value: Double) {
        observations &+= 1
        let delta = value - runningMean
        runningMean += delta / Double(observations)
        sumOfSquaredDeviations += delta * (value - runningMean)
        if value < smallest { smallest = value }
        if value > largest { largest = value }
    }

    /// Sample variance (n - 1 in the denominator); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0 }

    /// Sum of all observations.
    public var sum: Double { mean * Double(count) }

    public mutating func reset() { self = Tally() }
}
