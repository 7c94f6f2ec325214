import SimKernel
import Testing

@testable import CloudModel

@Suite("Retry backoff")
struct RetryBackoffTests {
    let millisecond = SimTime.nanosecondsPerSecond / 1_000

    func policy(jitter: RetryPolicy.Jitter) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: 7, baseBackoff: 100 * millisecond, multiplier: 2, maxBackoff: 1_000 * millisecond,
            jitter: jitter)
    }

    @Test("without jitter: base, doubling, capped")
    func exactSequence() {
        let stream = RandomStreams(seed: 1, replication: 0).stream("client")
        let delays = (2...7).map {
            RetryBackoff.delay(beforeAttempt: $0, policy: policy(jitter: .none), stream: stream)
        }
        #expect(delays == [100, 200, 400, 800, 1_000, 1_000].map { $0 * millisecond })
    }

    @Test("without jitter no random number is drawn")
    func noDraw() {
        let used = RandomStreams(seed: 1, replication: 0).stream("client")
        let fresh = RandomStreams(seed: 1, replication: 0).stream("client")
        _ = RetryBackoff.delay(beforeAttempt: 3, policy: policy(jitter: .none), stream: used)
        #expect(used.uniform() == fresh.uniform())
    }

    @Test("full jitter draws exactly one uniform, even for a zero backoff")
    func oneDraw() {
        let used = RandomStreams(seed: 1, replication: 0).stream("client")
        let fresh = RandomStreams(seed: 1, replication: 0).stream("client")
        var zero = policy(jitter: .full)
        zero.baseBackoff = 0
        #expect(RetryBackoff.delay(beforeAttempt: 2, policy: zero, stream: used) == 0)
        _ = fresh.uniform()
        #expect(used.uniform() == fresh.uniform())
    }

    @Test("full jitter stays in [0, backoff] with mean backoff / 2", arguments: [2, 4, 9])
    func fullJitter(attempt: Int) {
        let stream = RandomStreams(seed: 7, replication: 0).stream("client")
        let backoff = RetryBackoff.backoff(beforeAttempt: attempt, policy: policy(jitter: .full))
        let draws = 20_000
        var sum = 0.0
        for _ in 0..<draws {
            let delay = RetryBackoff.delay(beforeAttempt: attempt, policy: policy(jitter: .full), stream: stream)
            #expect(delay >= 0 && delay <= backoff)
            sum += Double(delay)
        }
        // Uniform on [0, b]: standard deviation b / sqrt(12), so the mean's is b / sqrt(12 n);
        // 1 % of b is more than four of those.
        let mean = sum / Double(draws)
        #expect(abs(mean - Double(backoff) / 2) < 0.01 * Double(backoff), "mean \(mean) for backoff \(backoff)")
    }

    @Test("huge attempts and multipliers saturate at the cap")
    func saturates() {
        var policy = policy(jitter: .none)
        #expect(RetryBackoff.backoff(beforeAttempt: 1_000_000, policy: policy) == 1_000 * millisecond)
        policy.multiplier = .greatestFiniteMagnitude
        #expect(RetryBackoff.backoff(beforeAttempt: 4, policy: policy) == 1_000 * millisecond)
        policy.maxBackoff = .max
        #expect(RetryBackoff.backoff(beforeAttempt: 4, policy: policy) == .max)
        policy.multiplier = 2
        #expect(RetryBackoff.backoff(beforeAttempt: 200, policy: policy) == .max)
    }

    @Test("never negative, and a multiplier below 1 shrinks the wait")
    func neverNegative() {
        var policy = policy(jitter: .none)
        policy.multiplier = 0.5
        #expect(RetryBackoff.backoff(beforeAttempt: 4, policy: policy) == 25 * millisecond)
        policy.multiplier = -3
        #expect(RetryBackoff.backoff(beforeAttempt: 3, policy: policy) == 0)
        policy.baseBackoff = -5
        #expect(RetryBackoff.backoff(beforeAttempt: 2, policy: policy) == 0)
    }
}
