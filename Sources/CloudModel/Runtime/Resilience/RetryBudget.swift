import SimKernel

/// Limits retries to a share of first attempts over a rolling 10 s, as Finagle's and Envoy's
/// retry budgets do, so that retries cannot multiply the load on a dependency that is already
/// failing.
///
/// A retry is allowed while the retries in the window are fewer than `budget` × the first
/// attempts in it; so with any first attempt in the window, a first retry is always allowed.
/// - Complexity: O(1) per call, plus clearing buckets the window has left (see
///   `RollingCounter`). Allocates once, at init.
struct RetryBudget {
    /// First attempts and retries in a stretch of time.
    struct Attempts: AdditiveArithmetic {
        var firstAttempts = 0
        var retries = 0

        static let zero = Attempts()
        static let firstAttempt = Attempts(firstAttempts: 1)
        static let retry = Attempts(retries: 1)

        static func + (lhs: Attempts, rhs: Attempts) -> Attempts {
            Attempts(firstAttempts: lhs.firstAttempts + rhs.firstAttempts, retries: lhs.retries + rhs.retries)
        }

        static func - (lhs: Attempts, rhs: Attempts) -> Attempts {
            Attempts(firstAttempts: lhs.firstAttempts - rhs.firstAttempts, retries: lhs.retries - rhs.retries)
        }
    }

    /// Rolling window [ns].
    static let window: SimTime = 10 * SimTime.nanosecondsPerSecond
    static let bucketCount = 10

    /// Retries allowed per first attempt [parts per million]. Integer so that the comparison is
    /// exact: in floating point 0.07 × 100 is 7.000000000000001, which would allow an 8th retry.
    let partsPerMillion: Int
    private var attempts = RollingCounter<Attempts>(window: RetryBudget.window, bucketCount: RetryBudget.bucketCount)

    /// A budget of `budget` retries per first attempt [ratio]. Shares above 1000 are taken as 1000:
    /// no limit in practice (a call makes only a few attempts), and the products in `canRetry`
    /// cannot overflow.
    init(budget: Double) {
        precondition(budget >= 0, "a retry budget is a share of first attempts, at least 0")
        partsPerMillion = Int((min(budget, 1_000) * 1_000_000).rounded())
    }

    /// A call's first attempt goes out at `now` [ns].
    mutating func recordFirstAttempt(at now: SimTime) {
        attempts.add(.firstAttempt, at: now)
    }

    /// Whether the budget allows one more retry at `now` [ns].
    mutating func canRetry(at now: SimTime) -> Bool {
        let total = attempts.total(at: now)
        return total.retries * 1_000_000 < partsPerMillion * total.firstAttempts
    }

    /// A retry goes out at `now` [ns]; call after `canRetry` allowed it.
    mutating func recordRetry(at now: SimTime) {
        attempts.add(.retry, at: now)
    }
}
