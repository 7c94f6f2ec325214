import SimKernel

/// A `LatencyHistogram` that records durations in batches, for models that keep hundreds of
/// histograms (one per service).
///
/// Recording one duration increments a counter somewhere in the histogram's counts, which in
/// a model with hundreds of histograms is mostly a cache miss, paid in full when records are
/// far apart. Durations are kept in a small buffer instead and recorded `batchSize` at a time,
/// so the misses of a batch overlap. Counts do not depend on the order of records, so what
/// `histogram` shows is exactly what recording each duration at once would have given.
struct BatchedLatencyHistogram {
    /// Durations recorded per batch.
    static let batchSize = 32

    /// Everything recorded, but the durations still `pending`.
    private var recorded: LatencyHistogram
    /// Durations not yet in `recorded`, fewer than `batchSize`.
    private var pending: [SimTime] = []

    /// - Parameter precise: as for `LatencyHistogram`.
    init(precise: Bool) {
        recorded = LatencyHistogram(precise: precise)
        pending.reserveCapacity(Self.batchSize)
    }

    /// Records one duration [ns]; negative durations count as 0.
    @inline(__always)
    mutating func record(_ duration: SimTime) {
        pending.append(duration)
        if pending.count == Self.batchSize { recordPending() }
    }

    /// Records `count` durations of `duration` [ns] at once.
    mutating func record(_ duration: UInt64, count: Int) { recorded.record(duration, count: count) }

    /// Every duration recorded.
    var histogram: LatencyHistogram {
        var histogram = recorded
        for duration in pending { histogram.record(duration) }
        return histogram
    }

    private mutating func recordPending() {
        for duration in pending { recorded.record(duration) }
        pending.removeAll(keepingCapacity: true)
    }
}
