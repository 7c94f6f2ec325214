import SimKernel

/// How long a caller waits before retrying a failed call: exponential backoff, capped, with
/// optional full jitter (AWS's "full jitter": uniform in [0, backoff]).
enum RetryBackoff {
    /// The wait before attempt `attempt` (2 for the first retry) [ns], never negative.
    ///
    /// Draws exactly one uniform from `stream` when the policy's jitter is `full`, whatever the
    /// backoff, and none otherwise, so the stream's later draws do not depend on the backoff values.
    /// - Complexity: O(attempt) multiplications at most, fewer once the cap is reached.
    static func delay(beforeAttempt attempt: Int, policy: RetryPolicy, stream: RandomStream) -> SimTime {
        let backoff = backoff(beforeAttempt: attempt, policy: policy)
        switch policy.jitter {
        case .none:
            return backoff
        case .full:
            // uniform() is in (0, 1), so rounding down stays within [0, backoff).
            return SimTime((Double(backoff) * stream.uniform()).rounded(.down))
        }
    }

    /// The wait before attempt `attempt` without jitter: min(maxBackoff, base × multiplier^(attempt − 2)) [ns].
    static func backoff(beforeAttempt attempt: Int, policy: RetryPolicy) -> SimTime {
        let cap = max(policy.maxBackoff, 0)
        guard policy.baseBackoff > 0 else { return 0 }
        // Multiplying step by step rather than calling pow keeps ×2 sequences exact and needs no
        // Foundation; the loop stops as soon as the cap is reached.
        var grown = Double(policy.baseBackoff)
        var step = 2
        while step < attempt && grown < Double(cap) {
            grown *= policy.multiplier
            step += 1
        }
        // Also catches infinity and NaN; below the cap the value fits in SimTime.
        guard grown < Double(cap) else { return cap }
        return max(0, SimTime(grown.rounded()))
    }
}
