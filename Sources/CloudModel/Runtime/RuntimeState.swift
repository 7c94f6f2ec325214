import SimKernel

/// Why a call or request failed.
public enum FailureReason: UInt8, Sendable, CaseIterable {
    /// The caller stopped waiting.
    case timeout
    /// No room: a full queue, a full bulkhead, or no instance to send it to.
    case rejected
    /// The callee answered with an error (a bug, injected errors, a dead instance or zone).
    case error
    /// The caller's circuit breaker was open and did not even try.
    case breakerOpen

    /// Names used in metric names, in raw-value order (the order of per-reason count arrays).
    static let metricNames = allCases.map(\.metricName)

    /// Name used in metric names.
    var metricName: String {
        switch self {
        case .timeout: "timeout"
        case .rejected: "rejected"
        case .error: "error"
        case .breakerOpen: "breaker_open"
        }
    }
}

/// How a call or request ended.
enum Outcome: Equatable {
    case success
    /// Answered, but a fallback stood in for some dependency.
    case degraded
    case failed(FailureReason)

    /// The caller got an answer it can use.
    var answered: Bool {
        switch self {
        case .success, .degraded: true
        case .failed: false
        }
    }
}

/// A service: what its calls do, wherever they run. Its instances are its deployable's.
struct ServiceState {
    var name: String
    /// The deployable whose instances serve it (`RuntimeModel.deployables`).
    var deployable: Int32
    var errorProbability: Double
    var errorStream: RandomStream
    /// Extra work per call while latency chaos is on.
    var chaosLatency: Distribution?
    var chaosLatencyStream: RandomStream
    /// Failure probability added by error chaos.
    var chaosErrorProbability: Double = 0
    /// Draws which calls a bad change hits, their extra work and their failure.
    var flawStream: RandomStream
}

/// One node of an endpoint's call tree, flattened: what the calls of the node read on their way.
///
/// Kept small (96 bytes, most of it in the first 64), since every call reads its node and a
/// graph has thousands of them; the client policy, read when an attempt fails or a caller's
/// client state is made, sits apart in `CallNodeClient`. Fields are in layout order.
struct CallNodeState {
    /// The call's target: a service, or `services.count` + cluster for a storage call (the
    /// index of its callers' statistics).
    var service: Int32
    /// Storage calls: the cluster, and the cluster's workload that stands for this node (its
    /// operation, keys and consistency); -1 for service calls.
    var storageCluster: Int32 = -1
    var storageWorkload: Int32 = -1
    /// The deployable whose instances serve the call; -1 for a storage call.
    var deployable: Int32 = -1
    /// Successful children needed before the parent goes on.
    var waitFor: Int32
    var firstChild: Int32
    var childCount: Int32
    /// Storage calls: the key is the request's (`key: request`) rather than the call's own.
    var requestKey = false
    /// Made by a service of the callee's own deployable: runs on the calling instance, on the
    /// server its caller holds, without network or client policy.
    var inProcess = false
    var parallel: Bool
    /// Whether the client needs per-caller state (breaker, bulkhead or budget).
    var hasClientState: Bool
    var probability: Double
    /// Draws its work and whether a parent makes the call (streams the model's `RandomStreams`
    /// keeps alive), held as draws to spare every call a load through the stream object.
    var workStream: RandomDraws
    var callStream: RandomDraws
    /// The client policy's timeout per attempt (`CallNodeClient.policy.timeout`), read by every
    /// attempt.
    var timeout: SimTime?
    /// Its work runs on its instance's cores (its deployable has `cores`), not on its server
    /// alone. Placed here, it fits in the padding after `timeout`.
    var onCores = false
    /// A call, or a group of its parent's calls (`RuntimeModel+CallGroups`), or a message
    /// published to a queue (`RuntimeModel+Queues`). Placed here, it fits in the padding after
    /// `timeout`.
    var kind = CallNodeKind.call
    /// The queue of pending timeouts its attempts join (`RuntimeModel.timeouts`), -1 without a
    /// timeout. Placed here, it fits in the padding after `timeout`.
    var timeoutQueue: Int32 = -1
}

/// What a node of the flat call tree stands for.
enum CallNodeKind: UInt8 {
    /// A call to a service or a storage cluster.
    case call
    /// Several of its parent's calls: a stage, or a call's repetitions.
    case group
    /// A message published to the queue whose index is the node's `service`.
    case publish
}

/// The client side of a call node, apart from the `CallNodeState` every call reads.
struct CallNodeClient {
    var policy: ClientPolicy
    /// Draws retry backoffs, fallback work and fallback success.
    var stream: RandomStream
}

struct EndpointState {
    var name: String
    var arrivals: RateSchedule
    var entryZone: Int32?
    var root: Int32
    var arrivalStream: RandomStream
    /// Draws each request's key, for storage calls with `key: request`.
    var keyStream: RandomStream
    var nextEntryZone: Int32 = 0
}

enum InstanceLifecycle {
    case booting
    case inService
    /// Out of the pool, finishing its work before termination (scale-in).
    case draining
    /// Broken; still in the pool until the health check notices.
    case failed
    case terminated
}

struct InstanceState {
    var deployable: Int32
    var zone: Int32
    var number: Int
    var lifecycle: InstanceLifecycle
    var launchedAt: SimTime
    var inServiceSince: SimTime = 0
    /// Its server group (`RuntimeModel.serverGroups`). Placed here, it fits in padding.
    var group: Int32
    /// Calls that reached this instance.
    var served = 0
}

/// The part of an instance every call reads and the balancer compares across a group's
/// instances: its servers in use and its queue. Kept apart from `InstanceState` in an array of
/// 32-byte records, so that weighing a group's instances (adjacent when launched together)
/// touches a line or two rather than a line per instance.
struct InstanceLoad {
    /// The instance's zone (`InstanceState.zone`, which never changes), read by the balancer.
    var zone: Int32
    /// Servers in use.
    var busy: Int32 = 0
    /// Executions waiting for a server, by handle: one that was answered meanwhile is skipped.
    var queue = FIFOQueue<SlotHandle>()
    var outstanding: Int { Int(busy) + queue.count }
}

/// A request from outside, alive until its root call ends.
struct RequestState {
    var endpoint: Int32
    var arrival: SimTime
    /// Its root span when traced, else -1.
    var span: Int32 = -1
    /// Several regions: the region its user starts in (`RuntimeSpec.regionList` index). Placed
    /// here, it fits in padding.
    var region: Int32 = 0
    /// It arrived while a chaos window was open (`RuntimeModel.chaosWindowsOpen`). Placed here,
    /// it fits in padding.
    var duringChaos = false
    /// The request's key as a point in [0, 1) of a key distribution's cumulative scale, drawn
    /// by its first storage call with `key: request`; -1 until then.
    var keyDraw: Double = -1
}

/// The caller's side of one dependency call, across its attempts.
struct CallState {
    var node: Int32
    /// The execution that made this call; slot -1 for an endpoint's root call.
    var parent: SlotHandle
    /// The request the call serves (its slot -1 for work whose request is over: an abandoned
    /// attempt's calls).
    var request: SlotHandle
    var callerInstance: Int32
    var callerZone: Int32
    /// Index into `clientStates`, or -1.
    var client: Int32
    var attempt: Int32 = 0
    /// Tracing, -1 when untraced: before the first attempt the span attempts hang under (the
    /// request's, or the calling execution's); from then on the client span of the latest
    /// attempt (its parent is that first span). A root call's attempts have no span of their
    /// own: it stays the request's. Kept before the flags so the record does not grow.
    var span: Int32 = -1
    /// An attempt is in flight and the caller still waits for it.
    var waiting = false
    var holdsBulkhead = false
    var execution = SlotHandle(slot: -1, generation: 0)
    /// Why the last attempt failed, kept while a fallback runs.
    var failureReason: FailureReason = .error
}

enum ExecutionPhase {
    case travelling
    case queued
    case working
    case waitingForChildren
    case responding
}

/// The callee's side of one attempt of a call.
struct ExecutionState {
    var call: SlotHandle
    var attempt: Int32
    var node: Int32
    var instance: Int32
    var callerZone: Int32
    /// Tracing, -1 when untraced: the caller's span until the call arrives, then this
    /// execution's server span. Placed here, it fits in padding.
    var span: Int32 = -1
    var phase: ExecutionPhase = .travelling
    /// A bad change in its instance's version makes it fail once its work is done. Placed
    /// here, it fits in padding.
    var flawFails = false
    var arrival: SimTime = 0
    var nextChild: Int32 = 0
    var childrenSucceeded: Int32 = 0
    var childrenFailed: Int32 = 0
    var degraded = false
    var outcome: Outcome = .success
    /// Whether it holds one of its instance's servers.
    var holdsServer = false
}

/// The caller-side resilience state of one (caller instance, call node) pair.
struct ClientState {
    var breaker: CircuitBreaker?
    var bulkhead: Bulkhead?
    var budget: RetryBudget?
}

/// A caller's deadline for one attempt of a call.
struct PendingTimeout {
    var deadline: SimTime
    var call: SlotHandle
    var attempt: Int32
}
