import SimKernel
import Testing

@testable import CloudModel

/// The breaker against Hystrix's rules, with Hystrix's defaults: 50 %, 20 calls, 5 s sleep,
/// 10 s window of ten 1 s buckets.
@Suite("Circuit breaker")
struct CircuitBreakerTests {
    let second = SimTime.nanosecondsPerSecond

    /// A closed breaker that has seen `failures` failures then `successes` successes at `time`.
    func breaker(failures: Int = 0, successes: Int = 0, at time: SimTime = 0) -> CircuitBreaker {
        var breaker = CircuitBreaker(policy: CircuitBreakerPolicy())
        record(&breaker, failures: failures, successes: successes, at: time)
        return breaker
    }

    func record(_ breaker: inout CircuitBreaker, failures: Int = 0, successes: Int = 0, at time: SimTime) {
        for _ in 0..<failures {
            #expect(breaker.allowRequest(at: time) == true)
            breaker.recordFailure(at: time)
        }
        for _ in 0..<successes {
            #expect(breaker.allowRequest(at: time) == true)
            breaker.recordSuccess(at: time)
        }
    }

    /// A breaker that tripped at `time`.
    func tripped(at time: SimTime = 0) -> CircuitBreaker {
        let breaker = breaker(failures: 20, at: time)
        #expect(breaker.state == .open(since: time))
        return breaker
    }

    @Test("stays closed under the volume threshold, even when every call fails")
    func underVolume() {
        var breaker = breaker(failures: 19)
        #expect(breaker.state == .closed)
        #expect(breaker.windowCounts(at: 0) == (0, 19))
        #expect(breaker.transitions == 0)
    }

    @Test("trips at the 20th call when at least half failed")
    func tripsAtVolume() {
        var breaker = breaker(failures: 19)
        breaker.recordFailure(at: 0)
        #expect(breaker.state == .open(since: 0))
        #expect(breaker.transitions == 1)
    }

    @Test("exactly 50 % failed trips, on the success that reaches the volume too")
    func exactlyHalf() {
        var breaker = breaker(failures: 10, successes: 9)
        #expect(breaker.state == .closed)
        breaker.recordSuccess(at: 0)
        #expect(breaker.state == .open(since: 0))
    }

    @Test("49 % failed does not trip")
    func justUnder() {
        var breaker = breaker(successes: 51)
        record(&breaker, failures: 49, at: 0)
        #expect(breaker.state == .closed)
        #expect(breaker.windowCounts(at: 0) == (51, 49))
    }

    @Test("open short-circuits until the sleep window has passed, uncounted")
    func sleepWindow() {
        var breaker = tripped()
        let justBefore = 5 * second - 1
        #expect(breaker.allowRequest(at: 1 * second) == false)
        #expect(breaker.allowRequest(at: justBefore) == false)
        #expect(breaker.state == .open(since: 0))
        #expect(breaker.windowCounts(at: justBefore) == (0, 20))
        #expect(breaker.allowRequest(at: 5 * second) == true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.transitions == 2)
    }

    @Test("half-open lets exactly one trial through")
    func singleTrial() {
        var breaker = tripped()
        #expect(breaker.allowRequest(at: 5 * second) == true)
        #expect(breaker.allowRequest(at: 5 * second) == false)
        #expect(breaker.allowRequest(at: 60 * second) == false)
        #expect(breaker.state == .halfOpen)
    }

    @Test("a successful trial closes the breaker and clears the window")
    func trialSuccess() {
        var breaker = tripped()
        #expect(breaker.allowRequest(at: 5 * second) == true)
        breaker.recordSuccess(at: 6 * second)
        #expect(breaker.state == .closed)
        #expect(breaker.transitions == 3)
        #expect(breaker.windowCounts(at: 6 * second) == (0, 0))
        // The old failures are gone: it takes a fresh 20 calls to trip again.
        record(&breaker, failures: 19, at: 6 * second)
        #expect(breaker.state == .closed)
        breaker.recordFailure(at: 6 * second)
        #expect(breaker.state == .open(since: 6 * second))
    }

    @Test("a failed trial reopens the breaker with a new sleep window")
    func trialFailure() {
        var breaker = tripped()
        #expect(breaker.allowRequest(at: 5 * second) == true)
        breaker.recordFailure(at: 7 * second)
        #expect(breaker.state == .open(since: 7 * second))
        #expect(breaker.allowRequest(at: 12 * second - 1) == false)
        #expect(breaker.allowRequest(at: 12 * second) == true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.transitions == 4)
    }

    @Test("outcomes arriving while open are ignored")
    func lateOutcomes() {
        var breaker = tripped()
        breaker.recordSuccess(at: second)
        breaker.recordFailure(at: second)
        #expect(breaker.state == .open(since: 0))
        #expect(breaker.windowCounts(at: second) == (0, 20))
    }

    @Test("failures older than the 10 s window roll out")
    func rollingWindow() {
        var breaker = breaker()
        // Failures at 0 s and 1 s fall in buckets 0 and 1; at 10 s the window is buckets 1...10,
        // at 11 s buckets 2...11.
        record(&breaker, failures: 5, at: 0)
        record(&breaker, failures: 5, at: second)
        #expect(breaker.windowCounts(at: 10 * second) == (0, 5))
        #expect(breaker.windowCounts(at: 11 * second) == (0, 0))
        record(&breaker, failures: 19, at: 11 * second)
        #expect(breaker.state == .closed)
    }

    @Test("the window moves in whole 1 s buckets")
    func bucketGranularity() {
        var breaker = breaker()
        record(&breaker, failures: 10, at: second / 2)
        record(&breaker, failures: 1, at: second + second / 2)
        // Bucket 0 is [0, 1 s): in the window up to the end of bucket 9, gone from bucket 10 on.
        #expect(breaker.windowCounts(at: 10 * second - 1) == (0, 11))
        #expect(breaker.windowCounts(at: 10 * second) == (0, 1))
        #expect(breaker.windowCounts(at: 11 * second - 1) == (0, 1))
        #expect(breaker.windowCounts(at: 11 * second) == (0, 0))
    }

    @Test("a long idle gap clears the whole window")
    func idleGap() {
        var breaker = breaker(failures: 19, at: 3 * second)
        #expect(breaker.windowCounts(at: 1_000 * second) == (0, 0))
        record(&breaker, failures: 1, at: 1_000 * second)
        #expect(breaker.state == .closed)
    }

    @Test("the state as a number for time series")
    func metricValue() {
        #expect(CircuitBreaker.State.closed.metricValue == 0)
        #expect(CircuitBreaker.State.open(since: 3).metricValue == 1)
        #expect(CircuitBreaker.State.halfOpen.metricValue == 2)
    }
}
