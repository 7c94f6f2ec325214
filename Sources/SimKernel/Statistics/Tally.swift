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

    /// Combines another tally's observations into this one (Chan et al.'s pairwise update).
    public mutating func merge(_ other: Tally) {
        guard other.observations > 0 else { return }
        guard observations > 0 else {
            self = other
            return
        }
        let total = observations + other.observations
        let delta = other.runningMean - runningMean
        sumOfSquaredDeviations += other.sumOfSquaredDeviations
            + delta * delta * Double(observations) * Double(other.observations) / Double(total)
        runningMean += delta * Double(other.observations) / Double(total)
        observations = total
        smallest = Swift.min(smallest, other.smallest)
        largest = Swift.max(largest, other.largest)
    }

    /// Sample variance (n - 1 in the denominator); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0 }

    /// Sum of all observations.
    public var sum: Double { mean * Double(count) }

    public mutating func reset() { self = Tally() }
}

extension Tally {
    /// Records `count` observations of `value` at once.
    public mutating func record(_ value: Double, count: Int) {
        guard count > 0 else { return }
        var batch = Tally()
        batch.observations = count
        batch.runningMean = value
        batch.smallest = value
        batch.largest = value
        merge(batch)
    }
}
