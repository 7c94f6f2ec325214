import CGSL
import Foundation

extension Distribution {
    /// Exact mean; `.infinity` where it does not exist (Pareto with shape <= 1).
    public var mean: Double {
        switch self {
        case .constant(let value): return value
        case .uniform(let min, let max): return (min + max) / 2
        case .exponential(let mean): return mean
        case .normal(let mean, let stddev): return Self.clampedNormalMoments(mean, stddev).mean
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .gamma(let shape, let scale): return shape * scale
        case .weibull(let shape, let scale): return scale * tgamma(1 + 1 / shape)
        case .pareto(let shape, let scale): return shape > 1 ? shape * scale / (shape - 1) : .infinity
        case .empirical(let values): return values.reduce(0, +) / Double(values.count)
        }
    }

    /// Exact variance; `.infinity` where it does not exist (Pareto with shape <= 2).
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .uniform(let min, let max): return (max - min) * (max - min) / 12
        case .exponential(let mean): return mean * mean
        case .normal(let mean, let stddev): return Self.clampedNormalMoments(mean, stddev).variance
        case .lognormal(let mu, let sigma):
            return (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)
        case .gamma(let shape, let scale): return shape * scale * scale
        case .weibull(let shape, let scale):
            let g1 = tgamma(1 + 1 / shape)
            return scale * scale * (tgamma(1 + 2 / shape) - g1 * g1)
        case .pareto(let shape, let scale):
            guard shape > 2 else { return .infinity }
            return scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2))
        case .empirical(let values):
            let mean = self.mean
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        }
    }

    /// Mean and variance of max(0, X) for X ~ N(m, s^2): the normal as cnsim samples it.
    static func clampedNormalMoments(_ m: Double, _ s: Double) -> (mean: Double, variance: Double) {
        guard s > 0 else { return (Swift.max(0, m), 0) }
        let z = m / s
        let cdf = gsl_cdf_ugaussian_P(z)
        let pdf = gsl_ran_ugaussian_pdf(z)
        let first = m * cdf + s * pdf
        let second = (m * m + s * s) * cdf + m * s * pdf
        return (first, second - first * first)
    }

    /// Throws if a parameter lies outside the distribution's domain (GSL would return NaN).
    public func validate() throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw GSLDomainError(message()) }
        }
        switch self {
        case .constant(let value): try require(value >= 0 && value.isFinite, "constant must be >= 0")
        case .uniform(let min, let max): try require(0 <= min && min <= max, "uniform needs 0 <= min <= max")
        case .exponential(let mean): try require(mean > 0 && mean.isFinite, "exponential mean must be > 0")
        case .normal(_, let stddev): try require(stddev >= 0, "normal stddev must be >= 0")
        case .lognormal(_, let sigma): try require(sigma > 0, "lognormal sigma must be > 0")
        case .gamma(let shape, let scale), .weibull(let shape, let scale), .pareto(let shape, let scale):
            try require(shape > 0 && scale > 0, "shape and scale must be > 0")
        case .empirical(let values):
            try require(!values.isEmpty && values.allSatisfy { $0 >= 0 }, "empirical needs values >= 0")
        }
    }
}
