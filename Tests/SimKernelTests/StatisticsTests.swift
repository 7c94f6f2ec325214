import Testing

@testable import SimKernel

@Suite("Statistics")
struct StatisticsTests {
    @Test("tally: mean, sample variance, extremes by hand")
    func tally() {
        var tally = Tally()
        for value in [2.0, 4, 4, 4, 5, 5, 7, 9] { tally.record(value) }
        #expect(tally.count == 8)
        #expect(tally.mean == 5)
        #expect(abs(tally.variance - 32.0 / 7) < 1e-12)
        #expect(tally.min == 2 && tally.max == 9)
    }

    @Test("time-weighted average by hand, and restart at the end of a warm-up")
    func timeWeighted() {
        var busy = TimeWeighted(value: 0, at: 0)
        busy.update(to: 2, at: 10)  // 0 for 10
        busy.update(to: 1, at: 30)  // 2 for 20
        let expected: Double = (2 * 20 + 1 * 10) / 40
        #expect(busy.average(at: 40) == expected)
        busy.restart(at: 40)
        busy.add(1, at: 50)  // 1 for 10, then 2 for 10
        #expect(busy.average(at: 60) == 1.5)
    }

    @Test("Student-t interval by hand (t(0.975, 9) = 2.262157)")
    func confidenceInterval() {
        #expect(abs(ReplicationSummary.tQuantile975(degreesOfFreedom: 9) - 2.262157) < 1e-6)
        let values = (1...10).map(Double.init)
        let summary = ReplicationSummary(values)
        #expect(summary.mean == 5.5)
        let s = (110.0 / 12).squareRoot()  // sample variance of 1...10 is 55/6
        #expect(abs(summary.stddev! - s) < 1e-12)
        #expect(abs(summary.halfWidth! - 2.262157 * s / 10.0.squareRoot()) < 1e-5)
        let single = ReplicationSummary([3])
        #expect(single.stddev == nil && single.ci95Low == nil)
    }

    @Test("HdrHistogram percentiles within 0.1%")
    func percentiles() {
        var histogram = LatencyHistogram()
        for millisecond in 1...1000 { histogram.record(SimTime(millisecond) * 1_000_000) }
        #expect(abs(histogram.percentile(50) / 0.5 - 1) < 1e-3)
        #expect(abs(histogram.percentile(99) / 0.99 - 1) < 1e-3)
        #expect(abs(histogram.percentile(100) / 1.0 - 1) < 1e-3)
        #expect(histogram.count == 1000)
    }
}

@Suite("Statistics: merging")
struct MergingTests {
    @Test("merging two tallies equals one tally of all observations")
    func mergeTallies() {
        let values = (1...50).map { Double($0 * $0 % 17) }
        var whole = Tally()
        var left = Tally()
        var right = Tally()
        for (index, value) in values.enumerated() {
            whole.record(value)
            if index < 20 { left.record(value) } else { right.record(value) }
        }
        left.merge(right)
        #expect(left.count == whole.count)
        #expect(abs(left.mean - whole.mean) < 1e-12)
        #expect(abs(left.variance - whole.variance) < 1e-9)
        #expect(left.min == whole.min && left.max == whole.max)
        var empty = Tally()
        empty.merge(whole)
        #expect(empty == whole)
    }
}
