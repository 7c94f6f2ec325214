import SimKernel

/// Counts over a rolling time window made of equal buckets; a bucket is cleared once the window
/// has moved past it, lazily, when a later time is seen.
///
/// The window is the newest `bucketCount` buckets, the newest one still filling: with ten 1 s
/// buckets, at t = 11.5 s it covers [2 s, 11.5 s], so anything counted before 2 s has rolled out.
/// Buckets are aligned to time 0 (bucket n is [n × width, (n + 1) × width)), so every instance
/// with the same width rolls at the same instants. Simulated time never goes back; a time earlier
/// than one already seen is counted in the newest bucket.
/// - Complexity: O(1) to add and to read the window's total, plus clearing the buckets the window
///   has left since the last call, at most `bucketCount`. Allocates once, at init.
struct RollingCounter<Counts: AdditiveArithmetic> {
    /// Length of one bucket [ns].
    let bucketWidth: SimTime
    private var buckets: ContiguousArray<Counts>
    /// Number of the newest bucket counted from time 0 (`time / bucketWidth`).
    private var newest: Int64 = 0
    /// Sum of all buckets, kept up to date so that reading the window does not walk the ring.
    private var sum: Counts = .zero

    /// A window of `window` [ns] split into `bucketCount` buckets. When `window` is not a multiple
    /// of `bucketCount` the buckets are rounded down to whole nanoseconds (Hystrix refuses such
    /// windows outright; here a few nanoseconds do not matter).
    init(window: SimTime, bucketCount: Int) {
        precondition(bucketCount >= 1 && window >= SimTime(bucketCount), "a window needs at least 1 ns per bucket")
        bucketWidth = window / SimTime(bucketCount)
        buckets = ContiguousArray(repeating: .zero, count: bucketCount)
    }

    /// Adds `counts` to the bucket holding `now` [ns].
    mutating func add(_ counts: Counts, at now: SimTime) {
        advance(to: now)
        buckets[slot(of: newest)] += counts
        sum += counts
    }

    /// Everything counted in the window that ends at `now` [ns].
    mutating func total(at now: SimTime) -> Counts {
        advance(to: now)
        return sum
    }

    /// Forgets everything counted so far.
    mutating func reset() {
        for index in buckets.indices { buckets[index] = .zero }
        sum = .zero
    }

    /// Makes the bucket holding `now` the newest, clearing the buckets it reuses.
    private mutating func advance(to now: SimTime) {
        let bucket = now / bucketWidth
        guard bucket > newest else { return }
        if bucket - newest >= SimTime(buckets.count) {
            reset()
        } else {
            for passed in (newest + 1)...bucket {
                let index = slot(of: passed)
                sum -= buckets[index]
                buckets[index] = .zero
            }
        }
        newest = bucket
    }

    private func slot(of bucket: Int64) -> Int {
        Int(bucket % SimTime(buckets.count))
    }
}
