import CGSL
import Foundation
import Testing

@testable import SimKernel

@Suite("Distributions")
struct DistributionTests {
    static let cases: [Distribution] = [
        .constant(0.25),
        .uniform(min: 0.1, max: 0.5),
        .exponential(mean: 0.8),
        .normal(mean: 1, stddev: 0.2),
        .normal(mean: 0.1, stddev: 0.2),  // clamped at zero a third of the time
        .lognormal(mu: -2, sigma: 0.5),
        .gamma(shape: 2.5, scale: 0.1),
        .weibull(shape: 1.5, scale: 2),
        .pareto(shape: 4.5, scale: 0.01),
        .empirical([0.1, 0.1, 0.2, 0.7]),
    ]

    @Test("sample mean matches the exact mean within 4 standard errors", arguments: cases)
    func sampleMean(distribution: Distribution) throws {
        try distribution.validate()
        let stream = RandomStreams(seed: 11, replication: 0).stream("\(distribution)")
        let n = 200_000
        var tally = Tally()
        for _ in 0..<n { tally.record(distribution.sample(stream)) }
        let standardError = (distribution.variance / Double(n)).squareRoot()
        #expect(abs(tally.mean - distribution.mean) <= 4 * standardError + 1e-12)
        // Variance within 5% (all cases here have finite fourth moments).
        if distribution.variance > 0 {
            #expect(abs(tally.variance / distribution.variance - 1) < 0.05)
        }
        #expect(tally.min >= 0)
    }

    @Test("closed forms of the moments")
    func moments() {
        #expect(Distribution.exponential(mean: 2).variance == 4)
        #expect(abs(Distribution.weibull(shape: 1, scale: 3).mean - 3) < 1e-12)
        #expect(Distribution.pareto(shape: 1, scale: 1).mean == .infinity)
        #expect(Distribution.pareto(shape: 2, scale: 1).variance == .infinity)
        // Far from zero the clamp does not matter.
        let normal = Distribution.normal(mean: 10, stddev: 1)
        #expect(abs(normal.mean - 10) < 1e-12)
        #expect(abs(normal.variance - 1) < 1e-9)
        // Mean zero: E[max(0, X)] = sigma / sqrt(2 pi).
        #expect(abs(Distribution.normal(mean: 0, stddev: 1).mean - 1 / (2 * Double.pi).squareRoot()) < 1e-12)
    }

    @Test("parameters outside the domain are Swift errors, not aborts")
    func domainErrors() {
        #expect(throws: GSLDomainError.self) { try Distribution.exponential(mean: 0).validate() }
        #expect(throws: GSLDomainError.self) { try Distribution.uniform(min: 2, max: 1).validate() }
        #expect(throws: GSLDomainError.self) { try Distribution.empirical([]).validate() }
        #expect(throws: GSLDomainError.self) { try Distribution.gamma(shape: -1, scale: 1).validate() }
        // With the handler off, GSL reports a domain error instead of aborting the process.
        GSL.switchOffAbortingErrorHandler()
        var result = gsl_sf_result()
        #expect(gsl_sf_gamma_e(-1, &result) == GSL_EDOM)
    }
}
