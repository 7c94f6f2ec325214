import CGSL
import Foundation

/// Maximum-likelihood fits of a sample of positive values (durations [s]) to the exponential,
/// lognormal and gamma families, each with its log-likelihood and Kolmogorov–Smirnov distance;
/// the best is the one with the lowest AIC (2 · parameters − 2 ln L), so that the gamma, which
/// holds the exponential as shape 1, wins only when its extra parameter earns its keep.
public struct DistributionFit: Sendable, Hashable {
    public enum Family: String, Sendable, Hashable, CaseIterable {
        case exponential, lognormal, gamma

        /// Free parameters, for the AIC.
        var parameters: Int { self == .exponential ? 1 : 2 }
    }

    /// One family at its maximum-likelihood parameters.
    public struct Candidate: Sendable, Hashable {
        public var family: Family
        public var distribution: Distribution
        /// ln L at the maximum (of densities per second).
        public var logLikelihood: Double
        /// 2 · parameters − 2 ln L; lower is better.
        public var aic: Double
        /// sup |F_n(x) − F(x)|, the largest gap between the sample's and the fit's CDF.
        public var ksDistance: Double
    }

    public var sampleSize: Int
    /// Every family, in `Family.allCases` order.
    public var candidates: [Candidate]

    /// The candidate with the lowest AIC.
    public var best: Candidate { candidates.min { $0.aic < $1.aic }! }

    /// Fits every family to `sample`; nil with fewer than two values or when they are all equal
    /// (no spread to fit). Every value must be above 0.
    /// - Complexity: O(n log n) for the KS distances' sort.
    public init?(_ sample: [Double]) {
        precondition(sample.allSatisfy { $0 > 0 && $0.isFinite }, "a fit needs positive finite values")
        guard sample.count >= 2, sample.contains(where: { $0 != sample[0] }) else { return nil }
        GSL.switchOffAbortingErrorHandler()
        let n = Double(sample.count)
        let sorted = sample.sorted()
        let logs = sample.map { log($0) }
        let mean = gsl_stats_mean(sample, 1, sample.count)
        let meanLog = gsl_stats_mean(logs, 1, logs.count)
        let sumLog = meanLog * n

        // Exponential: the mean.
        let exponential = -n * log(mean) - n
        // Lognormal: mean and (biased, n-divided) variance of ln x.
        let sigma = gsl_stats_variance_with_fixed_mean(logs, 1, logs.count, meanLog).squareRoot()
        let lognormal = -sumLog - n / 2 * log(2 * Double.pi * sigma * sigma) - n / 2
        // Gamma: the shape solves ln k − ψ(k) = ln(mean) − mean(ln x); the scale is mean / k.
        let shape = Self.gammaShape(s: log(mean) - meanLog)
        let scale = mean / shape
        let gamma = (shape - 1) * sumLog - n * shape - n * shape * log(scale) - n * gsl_sf_lngamma(shape)

        func candidate(_ family: Family, _ distribution: Distribution, _ logLikelihood: Double, cdf: (Double) -> Double)
            -> Candidate
        {
            Candidate(
                family: family, distribution: distribution, logLikelihood: logLikelihood,
                aic: 2 * Double(family.parameters) - 2 * logLikelihood, ksDistance: Self.ksDistance(sorted, cdf: cdf))
        }
        sampleSize = sample.count
        candidates = [
            candidate(.exponential, .exponential(mean: mean), exponential) { gsl_cdf_exponential_P($0, mean) },
            candidate(.lognormal, .lognormal(mu: meanLog, sigma: sigma), lognormal) {
                gsl_cdf_lognormal_P($0, meanLog, sigma)
            },
            candidate(.gamma, .gamma(shape: shape, scale: scale), gamma) { gsl_cdf_gamma_P($0, shape, scale) },
        ]
    }

    /// The gamma shape k with ln k − ψ(k) = s (s > 0): Minka's closed-form start, then Newton's
    /// method on ψ and its derivative (GSL), which converges in a handful of steps.
    static func gammaShape(s: Double) -> Double {
        var shape = (3 - s + ((s - 3) * (s - 3) + 24 * s).squareRoot()) / (12 * s)
        for _ in 0..<100 {
            let residual = log(shape) - gsl_sf_psi(shape) - s
            let slope = 1 / shape - gsl_sf_psi_1(shape)
            var next = shape - residual / slope
            if !(next > 0) { next = shape / 2 }
            let converged = abs(next - shape) <= 1e-12 * shape
            shape = next
            if converged { break }
        }
        return shape
    }

    /// sup |F_n − F| over a sorted sample: at each value, the gap to the step below and above.
    static func ksDistance(_ sorted: [Double], cdf: (Double) -> Double) -> Double {
        let n = Double(sorted.count)
        var distance = 0.0
        for (index, value) in sorted.enumerated() {
            let fitted = cdf(value)
            distance = max(distance, fitted - Double(index) / n, Double(index + 1) / n - fitted)
        }
        return distance
    }
}
