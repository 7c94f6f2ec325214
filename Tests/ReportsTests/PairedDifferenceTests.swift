import Testing

@testable import Reports

@Suite("Paired differences")
struct PairedDifferenceTests {
    /// d = (1, 2, 2, 1): mean 1.5, sample variance 1/3, standard error sqrt(1/12) = 0.288675…,
    /// t(0.975, 3) = 3.182446305…, half-width 0.918693…
    @Test("a hand-computed paired t interval")
    func handComputed() throws {
        let paired = PairedDifference(baseline: [1, 2, 3, 4], variant: [2, 4, 5, 5])
        #expect(paired.baselineMean == 2.5)
        #expect(paired.variantMean == 4)
        #expect(paired.difference.mean == 1.5)
        let low = try #require(paired.difference.ci95Low)
        let high = try #require(paired.difference.ci95High)
        #expect(abs(low - 0.581307) < 1e-6)
        #expect(abs(high - 2.418693) < 1e-6)
        #expect(paired.relativeChange == 0.6)
        #expect(paired.significant)
    }

    @Test("pairing removes the noise the variants share")
    func pairingRemovesSharedNoise() {
        // Each replication's common noise (±10) swamps the unpaired spread, not the paired one.
        let paired = PairedDifference(baseline: [10, 30, 15, 25], variant: [11, 31, 16, 26])
        #expect(paired.difference.mean == 1)
        #expect(paired.difference.ci95Low == 1 && paired.difference.ci95High == 1)
        #expect(paired.significant)
    }

    @Test("differences that straddle 0 are not significant")
    func straddling() throws {
        let paired = PairedDifference(baseline: [5, 5, 5, 5], variant: [6, 4, 7, 3])
        #expect(paired.difference.mean == 0)
        #expect(try #require(paired.difference.ci95Low) < 0)
        #expect(try #require(paired.difference.ci95High) > 0)
        #expect(!paired.significant)
    }

    @Test("identical values: interval [0, 0], not significant")
    func identical() {
        let paired = PairedDifference(baseline: [1.5, 2.5, 3.5], variant: [1.5, 2.5, 3.5])
        #expect(paired.difference.ci95Low == 0 && paired.difference.ci95High == 0)
        #expect(!paired.significant)
    }

    @Test("one replication: no interval, not significant; a zero baseline has no relative change")
    func undefined() {
        let single = PairedDifference(baseline: [5], variant: [7])
        #expect(single.difference.mean == 2)
        #expect(single.difference.ci95Low == nil && single.difference.ci95High == nil)
        #expect(!single.significant)
        #expect(PairedDifference(baseline: [0, 0], variant: [1, 2]).relativeChange == nil)
    }
}
