import Foundation
import SimKernel

/// How many times a caller makes a call each time it reaches it (`repeat`): one call to each of
/// a user's followers, say. The calls run in the fan-out of the calls they are among.
public enum CallCount: Sendable, Hashable, Codable {
    /// Always this many [count].
    case fixed(Int)
    /// A Poisson count of this mean, capped at `most` (see there).
    case poisson(mean: Double)
    /// Each whole number from `min` to `max` equally likely.
    case uniform(min: Int, max: Int)
    /// Each listed count equally likely.
    case empirical([Int])

    /// The exact mean [count] (a Poisson count's cap changes it by less than 10⁻¹²).
    public var mean: Double {
        switch self {
        case .fixed(let count): Double(count)
        case .poisson(let mean): mean
        case .uniform(let min, let max): Double(min + max) / 2
        case .empirical(let counts): Double(counts.reduce(0, +)) / Double(counts.count)
        }
    }

    /// The most calls a draw gives, which sizes the calls the model lays out. A Poisson count of
    /// mean λ is capped at λ + 8√λ + 30, which it exceeds with probability below 10⁻¹² for every
    /// λ: the Chernoff bound P(K ≥ x) ≤ e^(−λ) (eλ/x)^x is below 10⁻¹² there (a test checks it
    /// over the means a scenario may give).
    public var most: Int {
        switch self {
        case .fixed(let count): count
        case .poisson(let mean): Int(mean + 8 * mean.squareRoot() + 30)
        case .uniform(_, let max): max
        case .empirical(let counts): counts.max() ?? 0
        }
    }

    /// One count, at most `most`.
    public func draw(_ stream: RandomStream) -> Int {
        switch self {
        case .fixed(let count): count
        case .poisson(let mean): Swift.min(stream.poisson(mean: mean), most)
        case .uniform(let min, let max): min + stream.integer(below: max - min + 1)
        case .empirical(let counts): counts[stream.integer(below: counts.count)]
        }
    }
}
