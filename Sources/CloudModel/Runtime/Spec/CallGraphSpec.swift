import SimKernel

/// An endpoint: requests arriving from outside, each served by a tree of calls.
public struct EndpointSpec: Sendable, Hashable, Codable {
    public var name: String
    /// Arrivals: Poisson with a rate that follows a schedule.
    public var arrivals: RateSchedule
    /// Zone the requests enter through (the edge's zone); nil spreads them evenly over zones.
    public var entryZone: String?
    /// The first call: the service the request enters, and everything it calls in turn.
    public var root: CallNode

    public init(name: String, arrivals: RateSchedule, entryZone: String? = nil, root: CallNode) {
        self.name = name
        self.arrivals = arrivals
        self.entryZone = entryZone
        self.root = root
    }
}

/// An arrival rate that changes over time: piecewise-linear between points, constant after the
/// last one. One point is a constant rate.
public struct RateSchedule: Sendable, Hashable, Codable {
    /// (time [ns], rate [1/s]) in increasing time; the first point's rate also holds before it.
    public var points: [Point]

    public struct Point: Sendable, Hashable, Codable {
        public var time: SimTime
        public var rate: Double
        public init(time: SimTime, rate: Double) {
            self.time = time
            self.rate = rate
        }
    }

    public init(points: [Point]) {
        self.points = points
    }

    public static func constant(_ rate: Double) -> RateSchedule {
        RateSchedule(points: [Point(time: 0, rate: rate)])
    }
}

/// One call in a request's tree: the callee does `work`, then makes its child calls, holding
/// its server (its thread) until they are done, then answers. The children run under `fanOut`,
/// or in `stages`, one after another.
///
/// A call with `storage` set targets a storage cluster instead: one operation, no work or
/// children of its own. A call with `publish` set sends a message to the queue `service` and
/// goes on at once, without waiting for the message to be handled.
public struct CallNode: Sendable, Hashable, Codable {
    /// Service called, the storage cluster when `storage` is set, the queue with `publish`.
    public var service: String
    /// The storage operation, for a call to a storage cluster; nil for a call to a service.
    public var storage: StorageAccess?
    /// The call publishes a message to the queue `service` (no work or children of its own).
    public var publish = false
    /// Work at the callee before its children [s].
    public var work: Distribution
    /// Chance the call is made at all [ratio].
    public var probability: Double
    /// How the children run, when `stages` is empty.
    public var fanOut: FanOut
    /// Every call the callee makes, in order (across its stages, when it has some).
    public var children: [CallNode]
    /// The callee's calls in stages run one after another, each stage the next `calls` of
    /// `children` under its own fan-out; empty: one stage of every child under `fanOut`.
    public var stages: [CallStage] = []
    /// How many calls the caller makes each time (`repeat`), in the fan-out of the calls they
    /// are among, each with its own client policy; answered when all of them have answered.
    /// `probability` is the chance they are made at all. nil: one call (always for a root).
    public var repetitions: CallCount? = nil
    /// The caller's client for this call (ignored for an endpoint's root: the user has none).
    public var client: ClientPolicy
    /// The target is a cache in front of other calls; nil for a plain call.
    public var cache: CachePolicy?

    public init(
        service: String, work: Distribution, probability: Double = 1, fanOut: FanOut = .sequential,
        children: [CallNode] = [], client: ClientPolicy = ClientPolicy()
    ) {
        self.service = service
        self.work = work
        self.probability = probability
        self.fanOut = fanOut
        self.children = children
        self.client = client
    }

    /// The children's stages: `stages`, or one stage of every child under `fanOut`.
    public var childStages: [CallStage] {
        stages.isEmpty ? [CallStage(fanOut: fanOut, calls: children.count)] : stages
    }

    /// Whether this call or one under it is a cache.
    public var hasCache: Bool { cache != nil || children.contains { $0.hasCache } }

    /// A message published to the queue `queue`.
    public init(publishTo queue: String, probability: Double = 1) {
        self.init(service: queue, work: .constant(0), probability: probability)
        publish = true
    }

    /// A call to the storage cluster `cluster`.
    public init(
        storage cluster: String, access: StorageAccess, probability: Double = 1, client: ClientPolicy = ClientPolicy()
    ) {
        self.init(service: cluster, work: .constant(0), probability: probability, client: client)
        storage = access
    }
}

/// One stage of a call's children: the next `calls` of them, run under `fanOut`; the next
/// stage starts once this one has answered (as a call's children answer it).
public struct CallStage: Sendable, Hashable, Codable {
    public var fanOut: FanOut
    /// How many of the call's children, following the previous stages' [count].
    public var calls: Int

    public init(fanOut: FanOut, calls: Int) {
        self.fanOut = fanOut
        self.calls = calls
    }
}

/// A call whose target (a service, or a storage cluster) is a cache. When the call succeeds,
/// a draw on the node's own stream says whether it hit (`hitRatio`): a hit is the answer; a miss
/// makes the `onMiss` call, whose outcome is the answer. After an `onMiss` call that succeeded,
/// the caller makes the `refill` call (when there is one: a cache-aside client's write back) and
/// waits for it; its outcome changes nothing (best effort) but is counted. When the cache call fails (after its
/// retries), the `onError` call is made instead of failing, and its outcome is the answer: a
/// success is served in full, not degraded.
public struct CachePolicy: Sendable, Hashable, Codable {
    /// Chance a successful cache call is a hit [ratio].
    public var hitRatio: Double
    /// Held in arrays, since a call cannot hold a call directly; at most one each.
    private var missCalls: [CallNode]
    private var errorCalls: [CallNode]
    /// nil without a refill, so that scenarios without one encode as before.
    private var refillCalls: [CallNode]?

    public init(hitRatio: Double, onMiss: CallNode, onError: CallNode? = nil, refill: CallNode? = nil) {
        self.hitRatio = hitRatio
        missCalls = [onMiss]
        errorCalls = onError.map { [$0] } ?? []
        refillCalls = refill.map { [$0] }
    }

    /// Made after a miss, by the cache's caller.
    public var onMiss: CallNode { missCalls[0] }
    /// Made when the cache call fails, by the cache's caller; nil: the failure stands.
    public var onError: CallNode? { errorCalls.first }
    /// Made after an `onMiss` call that succeeded, by the cache's caller, who waits for it; nil: none.
    public var refill: CallNode? { refillCalls?.first }
}

/// What a call to a storage cluster does: one operation on a key drawn from `keys`, answered
/// once `consistency` is met. Every retry of the call repeats its first attempt's key.
public struct StorageAccess: Sendable, Hashable, Codable {
    public var operation: StorageOperation
    public var keys: KeyDistribution
    public var consistency: ConsistencyLevel
    /// Whose key the call uses.
    public var key: KeyScope

    public init(
        operation: StorageOperation, keys: KeyDistribution = .uniform, consistency: ConsistencyLevel = .quorum,
        key: KeyScope = .call
    ) {
        self.operation = operation
        self.keys = keys
        self.consistency = consistency
        self.key = key
    }
}

/// Whose key a storage call reads or writes.
public enum KeyScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// Its own: drawn when the call is made, independent of the request's other calls.
    case call
    /// The request's: every call of one request with `key: request` maps the same draw through
    /// its `keys` distribution, so calls with the same `keys` on clusters with the same key
    /// count use the same key (a cache and the database behind it, say).
    case request
}

/// How a call's children run.
public enum FanOut: Sendable, Hashable, Codable {
    /// One after another; a failed child (without fallback) fails the parent at once.
    case sequential
    /// All at once; the parent goes on when `waitFor` of them have answered successfully
    /// (nil: all), and fails when that can no longer happen.
    case parallel(waitFor: Int?)
}

extension FanOut {
    /// Successful children of `count` needed before the parent goes on: all of them in
    /// sequence, `wait_for` of them (all by default) in parallel.
    public func waitFor(of count: Int) -> Int {
        switch self {
        case .sequential: count
        case .parallel(let k): min(k ?? count, count)
        }
    }

    public var isParallel: Bool {
        if case .parallel = self { return true }
        return false
    }
}

/// What a caller does around one dependency call (Hystrix-style client library).
public struct ClientPolicy: Sendable, Hashable, Codable {
    /// The caller stops waiting after this [ns]; the callee's work still happens. nil: waits forever.
    public var timeout: SimTime?
    public var retry: RetryPolicy?
    public var circuitBreaker: CircuitBreakerPolicy?
    /// Most calls in flight to this dependency from one caller instance; excess is rejected at once.
    public var bulkhead: Int?
    public var fallback: FallbackPolicy?

    public init(
        timeout: SimTime? = nil, retry: RetryPolicy? = nil, circuitBreaker: CircuitBreakerPolicy? = nil,
        bulkhead: Int? = nil, fallback: FallbackPolicy? = nil
    ) {
        self.timeout = timeout
        self.retry = retry
        self.circuitBreaker = circuitBreaker
        self.bulkhead = bulkhead
        self.fallback = fallback
    }
}

/// Retries with exponential backoff: attempt n (n >= 2) waits min(maxBackoff, base * multiplier^(n-2)),
/// scaled by a jitter draw.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// Total attempts including the first, at least 1.
    public var maxAttempts: Int
    /// Wait before the first retry [ns].
    public var baseBackoff: SimTime
    public var multiplier: Double
    /// Longest wait [ns].
    public var maxBackoff: SimTime
    /// `full`: wait uniform in [0, backoff]; `none`: exactly the backoff.
    public var jitter: Jitter
    /// Retries may be at most this share of first attempts (per caller instance and dependency,
    /// over a rolling 10 s); nil: no budget.
    public var budget: Double?

    public enum Jitter: String, Sendable, Hashable, Codable, CaseIterable {
        case none
        case full
    }

    public init(
        maxAttempts: Int, baseBackoff: SimTime = 0, multiplier: Double = 2,
        maxBackoff: SimTime = 10 * SimTime.nanosecondsPerSecond, jitter: Jitter = .none, budget: Double? = nil
    ) {
        self.maxAttempts = maxAttempts
        self.baseBackoff = baseBackoff
        self.multiplier = multiplier
        self.maxBackoff = maxBackoff
        self.jitter = jitter
        self.budget = budget
    }
}

/// Hystrix's circuit breaker; the defaults are Hystrix's.
public struct CircuitBreakerPolicy: Sendable, Hashable, Codable {
    /// Trip when at least this share of calls in the rolling window failed [percent].
    public var errorThresholdPercentage: Double
    /// ... and the window holds at least this many calls.
    public var requestVolumeThreshold: Int
    /// Open this long before letting a single trial call through [ns].
    public var sleepWindow: SimTime
    /// Rolling statistics window [ns], made of `buckets` equal buckets.
    public var rollingWindow: SimTime
    public var buckets: Int

    public init(
        errorThresholdPercentage: Double = 50, requestVolumeThreshold: Int = 20,
        sleepWindow: SimTime = 5 * SimTime.nanosecondsPerSecond,
        rollingWindow: SimTime = 10 * SimTime.nanosecondsPerSecond, buckets: Int = 10
    ) {
        self.errorThresholdPercentage = errorThresholdPercentage
        self.requestVolumeThreshold = requestVolumeThreshold
        self.sleepWindow = sleepWindow
        self.rollingWindow = rollingWindow
        self.buckets = buckets
    }
}

/// A local answer when the dependency fails (a cached or default value): the request is
/// degraded rather than failed.
public struct FallbackPolicy: Sendable, Hashable, Codable {
    /// Time the fallback takes at the caller [s].
    public var work: Distribution
    /// Chance the fallback itself succeeds [ratio].
    public var successProbability: Double

    public init(work: Distribution = .constant(0), successProbability: Double = 1) {
        self.work = work
        self.successProbability = successProbability
    }
}

/// A failure injected at a scheduled time.
public enum ChaosSpec: Sendable, Hashable, Codable {
    /// Kill `count` in-service instances of a service at `at` [ns] (Chaos Monkey).
    case killInstances(service: String, count: Int, at: SimTime)
    /// Zone down from `from` to `to` [ns]: its instances stop, calls into it fail (Chaos Kong's little brother).
    case zoneOutage(zone: String, from: SimTime, to: SimTime)
    /// Every zone of a region down from `from` to `to` [ns] (Chaos Kong): a zone outage of each.
    case regionOutage(region: String, from: SimTime, to: SimTime)
    /// Added delay on every call a service serves during [from, to) (Latency Monkey).
    case latency(service: String, extra: Distribution, from: SimTime, to: SimTime)
    /// Calls to a service fail with this probability during [from, to), or until repaired
    /// (`runtime.monitoring.repair` after the action on an alert of that service).
    case errors(service: String, probability: Double, from: SimTime, to: SimTime)
    /// Incidents on a service as a Poisson process over the run: each fails its calls with a
    /// probability uniform in the incidents' range, and lasts its drawn `duration` (heals by
    /// itself) or until repaired, whichever is first; without `duration`, until repaired.
    case randomErrors(service: String, incidents: RandomIncidents)
    /// `count` nodes of a storage cluster, chosen at random among those up, are down during
    /// [from, to) [ns]; a master among them fails over.
    case storageNodesDown(cluster: String, count: Int, from: SimTime, to: SimTime)

    /// The service an `errors` or `random_errors` item fails calls of (faults a repair can
    /// end); nil for every other kind.
    public var erroringService: String? {
        switch self {
        case .errors(let service, _, _, _), .randomErrors(let service, _): return service
        default: return nil
        }
    }
}
