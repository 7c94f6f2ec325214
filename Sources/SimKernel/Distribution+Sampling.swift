import CGSL
import Foundation

extension Distribution {
    /// One draw (seconds, for time-valued distributions), never negative.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double { sample(stream.draws) }

    /// One draw from a stream's generator (see `RandomDraws`).
    @inlinable
    public func sample(_ stream: RandomDraws) -> Double {
        let r = stream.generator
        switch self {
        case .constant(let value): return value
        case .uniform(let min, let max): return gsl_ran_flat(r, min, max)
        case .exponential(let mean): return stream.exponential(mean: mean)
        case .normal(let mean, let stddev): return Swift.max(0, mean + gsl_ran_gaussian_ziggurat(r, stddev))
        // exp of a ziggurat normal: the same law as gsl_ran_lognormal, at a third of the cost.
        case .lognormal(let mu, let sigma): return exp(mu + gsl_ran_gaussian_ziggurat(r, sigma))
        case .gamma(let shape, let scale): return gsl_ran_gamma(r, shape, scale)
        case .weibull(let shape, let scale): return gsl_ran_weibull(r, scale, shape)
        case .pareto(let shape, let scale): return gsl_ran_pareto(r, shape, scale)
        case .empirical(let values): return values[Int(gsl_rng_uniform_int(r, UInt(values.count)))]
        }
    }

    /// One draw of a time-valued distribution, rounded to the nanosecond.
    @inlinable
    public func sampleTime(_ stream: RandomStream) -> SimTime {
        SimTime(seconds: sample(stream.draws))
    }

    /// One draw of a time-valued distribution from a stream's generator, rounded to the nanosecond.
    @inlinable
    public func sampleTime(_ stream: RandomDraws) -> SimTime {
        SimTime(seconds: sample(stream))
    }
}

