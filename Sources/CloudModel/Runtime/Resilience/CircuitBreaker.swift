import SimKernel

/// Hystrix's circuit breaker for one caller's calls to one dependency: it opens when too many
/// recent calls failed, refuses calls while open, and after a sleep window lets a single trial
/// call decide whether to close again.
///
/// What counts as a failure (an error, a timeout, a rejection) is the caller's choice; calls the
/// breaker refuses are not counted. Outcomes of calls let through before the breaker opened that
/// arrive while it is open are ignored: the window is cleared on closing, so they could not
/// matter. While half-open, the next outcome reported decides, whichever call it belongs to;
/// Hystrix does the same.
/// - Complexity: O(1) per call, plus clearing buckets the rolling window has left (see
///   `RollingCounter`). Allocates once, at init.
struct CircuitBreaker {
    enum State: Equatable {
        /// Calls flow; outcomes are counted.
        case closed
        /// Calls are refused (short-circuited) since `since` [ns].
        case open(since: SimTime)
        /// One trial call is out; everything else is refused until its outcome is known.
        case halfOpen

        /// The state as a number for a time series: 0 closed, 1 open, 2 half-open.
        var metricValue: Int {
            switch self {
            case .closed: 0
            case .open: 1
            case .halfOpen: 2
            }
        }
    }

    /// Successful and failed calls in a stretch of time.
    struct Outcomes: AdditiveArithmetic {
        var successes = 0
        var failures = 0

        static let zero = Outcomes()
        static let success = Outcomes(successes: 1)
        static let failure = Outcomes(failures: 1)

        static func + (lhs: Outcomes, rhs: Outcomes) -> Outcomes {
            Outcomes(successes: lhs.successes + rhs.successes, failures: lhs.failures + rhs.failures)
        }

        static func - (lhs: Outcomes, rhs: Outcomes) -> Outcomes {
            Outcomes(successes: lhs.successes - rhs.successes, failures: lhs.failures - rhs.failures)
        }
    }

    let policy: CircuitBreakerPolicy
    private(set) var state: State = .closed
    /// State changes so far, of any kind.
    private(set) var transitions = 0
    private var window: RollingCounter<Outcomes>

    init(policy: CircuitBreakerPolicy) {
        self.policy = policy
        window = RollingCounter(window: policy.rollingWindow, bucketCount: policy.buckets)
    }

    /// Whether a call may go out at `now` [ns]. Once the sleep window has passed this call is the
    /// half-open trial, so a true answer obliges the caller to report its outcome.
    mutating func allowRequest(at now: SimTime) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let since):
            // Subtracting, not adding, so a huge sleep window cannot overflow.
            guard now - since >= policy.sleepWindow else { return false }
            move(to: .halfOpen)
            return true
        case .halfOpen:
            return false
        }
    }

    /// A call let through at an earlier `allowRequest` succeeded at `now` [ns].
    mutating func recordSuccess(at now: SimTime) {
        switch state {
        case .closed:
            window.add(.success, at: now)
            // A success can still bring the window up to the volume threshold.
            openIfUnhealthy(at: now)
        case .halfOpen:
            window.reset()
            move(to: .closed)
        case .open:
            break
        }
    }

    /// A call let through at an earlier `allowRequest` failed at `now` [ns].
    mutating func recordFailure(at now: SimTime) {
        switch state {
        case .closed:
            window.add(.failure, at: now)
            openIfUnhealthy(at: now)
        case .halfOpen:
            move(to: .open(since: now))
        case .open:
            break
        }
    }

    /// Calls counted in the rolling window ending at `now` [ns].
    mutating func windowCounts(at now: SimTime) -> (successes: Int, failures: Int) {
        let total = window.total(at: now)
        return (total.successes, total.failures)
    }

    /// Opens when the window holds enough calls and enough of them failed.
    private mutating func openIfUnhealthy(at now: SimTime) {
        let total = window.total(at: now)
        let calls = total.successes + total.failures
        // failures / calls >= threshold / 100, multiplied out so that exactly 50 % trips at 50.
        guard calls >= policy.requestVolumeThreshold,
            Double(total.failures) * 100 >= policy.errorThresholdPercentage * Double(calls)
        else { return }
        move(to: .open(since: now))
    }

    private mutating func move(to next: State) {
        state = next
        transitions += 1
    }
}
