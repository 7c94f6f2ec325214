/// A probability distribution of a non-negative quantity, sampled through GSL.
///
/// Parameters that are times are in seconds. Every case knows its exact mean and,
/// where finite, its variance, so tests can compare samples with theory.
public enum Distribution: Sendable, Hashable, Codable {
    /// Always `value`.
    case constant(Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// Normal; a negative draw becomes 0, and `mean`/`variance` account for that.
    case normal(mean: Double, stddev: Double)
    /// exp(N(mu, sigma^2)).
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale theta (mean k * theta).
    case gamma(shape: Double, scale: Double)
    /// Weibull with shape k and scale lambda.
    case weibull(shape: Double, scale: Double)
    /// Pareto (type I) with shape alpha and scale x_m (the minimum).
    case pareto(shape: Double, scale: Double)
    /// Each observed value equally likely.
    case empirical([Double])
}
