import CGSL
import Foundation
import Testing

@testable import SimKernel

/// Maximum-likelihood fits against samples drawn (through GSL) from known distributions:
/// parameters within 4 standard errors of the truth, and the right family chosen.
@Suite("Distribution fits")
struct DistributionFitTests {
    static let n = 5000

    static func sample(_ distribution: Distribution, seed: UInt64) -> [Double] {
        let stream = RandomStreams(seed: seed, replication: 0).stream("fit")
        return (0..<n).map { _ in distribution.sample(stream) }
    }

    @Test("exponential: the mean within 4 standard errors (mean / √n); the exponential chosen, or a gamma of shape near 1", arguments: [1, 2, 3] as [UInt64])
    func exponential(seed: UInt64) throws {
        let fit = try #require(DistributionFit(Self.sample(.exponential(mean: 0.02), seed: seed)))
        let candidate = try #require(fit.candidates.first { $0.family == .exponential })
        guard case .exponential(let mean) = candidate.distribution else {
            Issue.record("not an exponential")
            return
        }
        #expect(abs(mean - 0.02) <= 4 * 0.02 / Double(Self.n).squareRoot())
        // The gamma holds the exponential (shape 1), so its ln L is never lower; AIC charges
        // its extra parameter, and picks it by chance in about 16% of exponential samples.
        if case .gamma(let shape, _) = fit.best.distribution {
            #expect(abs(shape - 1) <= 4 * (1 / (Double(Self.n) * (gsl_sf_psi_1(1) - 1))).squareRoot())
        } else {
            #expect(fit.best.family == .exponential)
        }
        #expect(fit.candidates.first { $0.family == .gamma }!.logLikelihood >= candidate.logLikelihood - 1e-6)
        #expect(fit.best.ksDistance < 1.358 / Double(Self.n).squareRoot())
    }

    @Test("lognormal: mu within 4σ/√n, sigma within 4σ/√(2n); the lognormal chosen", arguments: [1, 2, 3] as [UInt64])
    func lognormal(seed: UInt64) throws {
        let (mu, sigma) = (log(0.05), 0.5)
        let fit = try #require(DistributionFit(Self.sample(.lognormal(mu: mu, sigma: sigma), seed: seed)))
        #expect(fit.best.family == .lognormal)
        guard case .lognormal(let fittedMu, let fittedSigma) = fit.best.distribution else { return }
        #expect(abs(fittedMu - mu) <= 4 * sigma / Double(Self.n).squareRoot())
        #expect(abs(fittedSigma - sigma) <= 4 * sigma / (2 * Double(Self.n)).squareRoot())
        #expect(fit.best.ksDistance < 1.358 / Double(Self.n).squareRoot())
    }

    @Test("gamma: shape within 4 standard errors (√(k / (n (k ψ'(k) − 1)))), mean within 4 SE; the gamma chosen", arguments: [1, 2, 3] as [UInt64])
    func gamma(seed: UInt64) throws {
        let (shape, scale) = (3.0, 0.01)
        let fit = try #require(DistributionFit(Self.sample(.gamma(shape: shape, scale: scale), seed: seed)))
        #expect(fit.best.family == .gamma)
        guard case .gamma(let fittedShape, let fittedScale) = fit.best.distribution else { return }
        let shapeError = (shape / (Double(Self.n) * (shape * gsl_sf_psi_1(shape) - 1))).squareRoot()
        #expect(abs(fittedShape - shape) <= 4 * shapeError)
        let meanError = shape.squareRoot() * scale / Double(Self.n).squareRoot()
        #expect(abs(fittedShape * fittedScale - shape * scale) <= 4 * meanError)
    }

    @Test("the gamma shape's Newton iteration solves ln k − ψ(k) = s", arguments: [0.05, 0.3, 1, 4, 40, 400])
    func gammaShape(shape: Double) {
        let s = log(shape) - gsl_sf_psi(shape)
        #expect(abs(DistributionFit.gammaShape(s: s) - shape) <= 1e-9 * shape)
    }

    @Test("log-likelihoods and KS distance of a hand-computed sample {1, 2, 4}")
    func handComputed() throws {
        let fit = try #require(DistributionFit([1, 2, 4]))
        let exponential = fit.candidates[0]
        // Mean 7/3: ln L = −3 ln(7/3) − 3.
        #expect(abs(exponential.logLikelihood - (-3 * log(7.0 / 3) - 3)) < 1e-12)
        // ln x = 0, ln 2, 2 ln 2: mu = ln 2, sigma² = (2/3)(ln 2)²; ln L = −3 ln 2 − (3/2) ln(2π σ²) − 3/2.
        let variance = 2.0 / 3 * log(2) * log(2)
        #expect(abs(fit.candidates[1].logLikelihood - (-3 * log(2) - 1.5 * log(2 * Double.pi * variance) - 1.5)) < 1e-12)
        // Exponential CDF at 1, 2, 4 against steps 1/3, 2/3, 1: the largest gap.
        let cdf = [1.0, 2, 4].map { 1 - exp(-$0 * 3 / 7) }
        let gaps = [cdf[0], 1.0 / 3 - cdf[0], cdf[1] - 1.0 / 3, 2.0 / 3 - cdf[1], cdf[2] - 2.0 / 3, 1 - cdf[2]]
        #expect(abs(exponential.ksDistance - gaps.max()!) < 1e-12)
        #expect(exponential.aic == 2 - 2 * exponential.logLikelihood)
    }

    @Test("no fit of one value or of equal values")
    func degenerate() {
        #expect(DistributionFit([0.1]) == nil)
        #expect(DistributionFit([0.1, 0.1, 0.1]) == nil)
    }
}
