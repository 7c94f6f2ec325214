import Histogram

/// Percentiles of durations through HdrHistogram, from 1 µs, O(1) to record.
///
/// The range starts at one hour and grows on demand; starting wide keeps the histogram from
/// resizing (an O(size) copy) each time a new maximum arrives.
public struct LatencyHistogram: Sendable {
    @usableFromInline var histogram: Histogram<UInt64>
    /// Whether it keeps three significant digits (else two).
    let precise: Bool

    /// Empty histograms to copy from: `reset` shares one's storage, and the first record copies
    /// it whole (a memcpy), which is far cheaper than the library's element-by-element reset of
    /// 180 KiB — done every second for the time series' buckets.
    private static let emptyPrecise = LatencyHistogram(precise: true)
    private static let emptyCoarse = LatencyHistogram(precise: false)

    /// - Parameter precise: three significant digits (0.1%, about 180 KiB) when true; two (1%,
    ///   about 23 KiB) when false, for models that keep hundreds of histograms and would
    ///   otherwise miss the cache on every record.
    public init(precise: Bool = true) {
        self.precise = precise
        histogram = Histogram(
            lowestDiscernibleValue: 1_000, highestTrackableValue: 3_600 * 1_000_000_000,
            numberOfSignificantValueDigits: precise ? .three : .two)
        histogram.autoResize = true
    }

    /// Records one duration [ns]; negative durations count as 0.
    @inlinable
    public mutating func record(_ duration: SimTime) {
        _ = histogram.record(UInt64(Swift.max(0, duration)))
    }

    public var count: Int { Int(histogram.totalCount) }

    /// The value at `percentile` (0...100) [s]; 0 when empty. Accurate to 0.1% (1% if not precise).
    public func percentile(_ percentile: Double) -> Double {
        guard histogram.totalCount > 0 else { return 0 }
        return Double(histogram.valueAtPercentile(percentile)) / 1e9
    }

    /// Adds every value recorded in `other`.
    public mutating func add(_ other: LatencyHistogram) { histogram.add(other.histogram) }

    /// Forgets every value recorded.
    /// - Complexity: O(1); the next record copies an empty histogram.
    public mutating func reset() {
        guard histogram.totalCount > 0 else { return }
        self = precise ? Self.emptyPrecise : Self.emptyCoarse
    }
}

extension LatencyHistogram {
    /// The recorded values with their counts, in increasing value [ns] (each value the highest
    /// equivalent of its bucket, as percentiles report).
    public func valueCounts() -> [(value: UInt64, count: Int)] {
        histogram.recordedValues().map { ($0.value, Int($0.count)) }
    }

    /// What was recorded here and not in `earlier`, a copy of this histogram taken before
    /// (counts only grow between the two).
    public func subtracting(_ earlier: LatencyHistogram) -> LatencyHistogram {
        var difference = LatencyHistogram(precise: precise)
        for (value, count) in valueCounts() {
            let before = Int(earlier.histogram.countForValue(value))
            if count > before { _ = difference.histogram.record(value, count: UInt64(count - before)) }
        }
        return difference
    }

    /// Records `count` durations of `duration` [ns] at once.
    public mutating func record(_ duration: UInt64, count: Int) {
        guard count > 0 else { return }
        _ = histogram.record(duration, count: UInt64(count))
    }
}
