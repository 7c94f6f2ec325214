import SimKernel

/// A cloud runtime in motion: instances booting, serving, failing and being replaced across
/// zones; requests fanning out into trees of calls through Hystrix-style clients; chaos on a
/// schedule.
///
/// Calls hold their server (thread) while their children run, so a slow dependency backs up
/// into its callers — the mechanism behind timeouts, bulkheads and circuit breakers. With
/// `cores`, a call's own work also needs one of its instance's cores, shared by processor sharing
/// (`RuntimeModel+Cores`); without, the threads are the processor. A request ends exactly once:
/// success, degraded (a fallback answered), or failed with a reason.
///
/// Storage clusters are components of the runtime: each is a `StorageModel` whose events ride
/// in this model's event list (`Event.storage`), and calls may target one instead of a service.
public struct RuntimeModel: EventHandler {
    public enum Event {
        case requestArrival(endpoint: Int32)
        /// A call's request message reaches the callee instance.
        case executionArrives(SlotHandle)
        /// A callee finishes its own work (before children).
        case workDone(SlotHandle)
        /// The first call working on an instance's cores may be done (`RuntimeModel+Cores`);
        /// only the event whose stamp the instance's processor holds counts.
        case coresDue(instance: Int32, stamp: UInt32)
        /// The callee's answer reaches the caller.
        case responseArrives(SlotHandle)
        /// The oldest pending timeouts of one length are due (`RuntimeModel.timeouts`).
        case timeoutsDue(queue: Int32)
        /// The caller starts the next attempt after its backoff.
        case retry(SlotHandle)
        /// The caller's fallback has run.
        case fallbackDone(SlotHandle)
        /// The oldest failed messages of a queue are due back in it (`RuntimeModel.queues`).
        case redeliveriesDue(queue: Int32)
        case instanceReady(Int32)
        case instanceFails(Int32)
        /// The health check notices a failed instance: out of the pool, replaced.
        case failureDetected(Int32)
        case autoscale(deployable: Int32)
        case chaosStarts(Int32)
        case chaosEnds(Int32)
        /// Error fault `errorFaults[N]` (an `errors` item, or an incident) starts or ends.
        case errorFaultStarts(Int32)
        case errorFaultEnds(Int32)
        /// The next incident of `random_errors` item `chaos`.
        case incidentArrives(chaos: Int32)
        /// End of a time-series bucket.
        case sample
        case endWarmUp
        /// An event of storage cluster `cluster` (`RuntimeSpec.storage` order).
        case storage(StorageModel.Event, cluster: UInt16)
        /// An event of the monitoring (a `runtime.monitoring` block).
        case monitoring(RuntimeMonitor.Event)
        /// An event of the delivery (a `runtime.delivery` block).
        case delivery(RuntimeDelivery.Event)
        /// The settle or sample phase of regime `generation` ends (`runtime.fast_forward`).
        case fastForward(generation: Int32)
    }

    // MARK: Static structure (built once)

    let spec: RuntimeSpec
    let streams: RandomStreams
    var services: [ServiceState]
    /// One per deployable (`RuntimeSpec.packaging` order).
    var deployables: SharedTable<DeployableState>
    /// Server groups: first one per deployable, at its index; then one per deploy.
    var serverGroups: [ServerGroupState]
    var nodes: [CallNodeState]
    /// Each node's work, by node index: apart from `nodes`, whose records it would make costly
    /// to copy (a distribution may hold an array).
    let nodeWork: [Distribution]
    /// Each node's client policy, by node index.
    var nodeClients: [CallNodeClient]
    /// Children of node n are `childNodes[nodes[n].firstChild ..< +childCount]`.
    var childNodes: [Int32]
    /// Whether each of `childNodes` is made when its parent gets to it, place by place.
    var callDecisions: CallDecisions
    /// The groups of repeated calls whose count is drawn (`repeat` with a distribution), by node.
    let drawnRepetitions: [Int32: CallRepetition]
    var endpoints: [EndpointState]
    /// The storage clusters calls may target, run in this model's simulator.
    var storageClusters: [StorageModel]
    /// Message queues calls may publish to (`RuntimeSpec.queues` order).
    var queues: [QueueState]
    let zoneCount: Int32
    /// Regions (`RuntimeSpec.regionList`) [count]; the region rules apply only when above 1.
    let regionCount: Int32
    /// The region of each zone.
    let zoneRegion: [Int32]
    let intraZone: Distribution
    let crossZone: Distribution
    let crossRegion: Distribution
    /// Draws network delays (its stream kept by `streams`).
    let networkStream: RandomDraws
    let chaosStream: RandomStream

    // MARK: Dynamic state

    var zoneUp: [Bool]
    /// Instances in service and users' entry per region (empty tables for one region).
    var regions: RegionState
    /// Zone outages in force per zone.
    var zoneOutages: [Int]
    var instances: SharedTable<InstanceState> = []
    /// Servers in use and queues, by instance (as `instances`).
    var loads: SharedTable<InstanceLoad> = []
    /// Whether any deployable has `cores`; only then do instances have processors.
    let hasCores: Bool
    /// The cores of each instance (as `instances`) when `hasCores`, else empty.
    var processors: [ProcessorSharing] = []
    var requests = SlotPool<RequestState>()
    var calls = SlotPool<CallState>()
    var executions = SlotPool<ExecutionState>()
    /// The key of each storage call, by call slot: drawn by its first attempt, repeated by
    /// its retries. (A side array keeps service calls' records small.)
    var callKeys: ContiguousArray<Int> = []
    /// Whether any call node has a part in a cache (`cacheLinks`); only then does a call's end
    /// look for one.
    var hasCaches = false
    /// The caches' nodes, and each node's part in them (as `nodes`; empty without caches).
    var caches: [CacheNodeState] = []
    var cacheLinks: [CacheLink] = []
    /// When the message each consume call handles was published, by call slot.
    var messagePublished: [Int32: SimTime] = [:]
    /// Client-side state (breaker, bulkhead, retry budget) per (caller instance, call node).
    var clients: [Int: Int32] = [:]
    var clientStates: [ClientState] = []
    /// The service each client state calls.
    var clientServices: [Int32] = []
    /// Pending timeouts, one queue per distinct timeout length (`CallNodeState.timeoutQueue`).
    /// Timeouts of one length fall due in the order they were set: a FIFO per length, with
    /// only its head in the event list, keeps the event list small however many calls are
    /// waiting, and with few lengths the queues' tails, written by every attempt, stay in cache.
    var timeouts: [FIFOQueue<PendingTimeout>]
    var warmUpEnd: SimTime = 0
    /// Requests that arrived and that ended, over the whole run, for the conservation check.
    var requestsBegun = 0
    var requestsEnded = 0
    /// Storage nodes each `storage_nodes_down` chaos item holds down, by chaos index.
    var chaosDownedNodes: [Int32: [Int32]] = [:]
    /// `errors` items and `random_errors` incidents, in the order they were scheduled.
    var errorFaults: [ErrorFault] = []
    /// The incidents' stream of each `random_errors` item, by chaos index.
    var incidentStreams: [Int: RandomStream] = [:]
    /// Draws repair times (`runtime.monitoring.repair`).
    let repairStream: RandomStream
    /// Records spans of sampled requests; nil when not tracing.
    var tracer: Tracer? = nil
    /// Datapoints and alerts of the watched services; nil without a `monitoring` block.
    var monitor: RuntimeMonitor? = nil
    /// Changes, deploys and versions; nil without a `delivery` block.
    var delivery: RuntimeDelivery? = nil
    /// Whether any server group may run a bad change: without deploys, calls skip the check.
    let flawsPossible: Bool
    /// The fast path's regimes and stretches; nil without `fast_forward`.
    var fastForward: FastForwardState? = nil
    /// In a fast-forwarded stretch: arrivals are accounted from rates, not simulated.
    var requestsFastForwarded = false
    /// Chaos windows open now (outages, latency and error faults, storage nodes down; a
    /// `kill_instances` is a moment, not a window), since when one has been, and how long the
    /// windows have been open after the warm-up, for the `during_chaos` measures.
    var chaosWindowsOpen = 0
    var chaosOpenSince: SimTime = 0
    var chaosTime: SimTime = 0

    // MARK: Observations

    var statistics: RuntimeStatistics
    var timeseries: TimeseriesRecorder

    // MARK: Events

    public mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) {
        switch event {
        case .requestArrival(let endpoint): requestArrives(endpoint: endpoint, in: &simulator)
        case .executionArrives(let handle): executionArrives(handle, in: &simulator)
        case .workDone(let handle): workDone(handle, in: &simulator)
        case .coresDue(let instance, let stamp): coresDue(instance: instance, stamp: stamp, in: &simulator)
        case .responseArrives(let handle): responseArrives(handle, in: &simulator)
        case .timeoutsDue(let queue): timeoutsDue(queue: queue, in: &simulator)
        case .retry(let call): retry(call, in: &simulator)
        case .fallbackDone(let call): fallbackDone(call, in: &simulator)
        case .sample: sample(in: &simulator)
        case .storage(let event, let cluster): storageEvent(event, of: cluster, in: &simulator)
        case .endWarmUp: warmUpEnds(at: simulator.now)
        case .fastForward(let generation): fastForwardEvent(generation: generation, in: &simulator)
        case .monitoring(.windowEnds): monitoringEvent(.windowEnds, in: &simulator)
        default: worldEvent(event, in: &simulator)
        }
    }

    /// The execution record of a call's event, fetched while the event before it is handled.
    @inline(__always)
    public func prefetch(_ event: Event) {
        switch event {
        case .executionArrives(let handle), .workDone(let handle), .responseArrives(let handle):
            executions.prefetch(handle.slot)
        default: break
        }
    }

    /// Events that may change how requests are served — instances, chaos, faults, monitoring's
    /// actions (not its window ends), deploys — and failed messages back in a queue (rare), after
    /// which the fast path looks for a change of regime. Out of line: rare work kept out of `handle`.
    @inline(never)
    mutating func worldEvent(_ event: Event, in simulator: inout Simulator<Event>) {
        // A fast-forwarded stretch is accounted up to now under the world as it was.
        if fastForward?.stretch != nil { advanceFastForward(to: simulator.now) }
        switch event {
        case .instanceReady(let instance): instanceReady(instance, in: &simulator)
        case .instanceFails(let instance): failInstance(instance, in: &simulator)
        case .failureDetected(let instance): failureDetected(instance, in: &simulator)
        case .autoscale(let deployable): autoscale(deployable: deployable, in: &simulator)
        case .chaosStarts(let index): chaosStarts(index, in: &simulator)
        case .chaosEnds(let index): chaosEnds(index, in: &simulator)
        case .errorFaultStarts(let fault): errorFaultStarts(fault, at: simulator.now)
        case .errorFaultEnds(let fault): errorFaultEnds(fault, at: simulator.now)
        case .incidentArrives(let chaos): incidentArrives(chaos: chaos, in: &simulator)
        case .monitoring(let event): monitoringEvent(event, in: &simulator)
        case .delivery(let event): deliveryEvent(event, in: &simulator)
        case .redeliveriesDue(let queue): redeliveriesDue(queue: queue, in: &simulator)
        case .requestArrival, .executionArrives, .workDone, .coresDue, .responseArrives, .timeoutsDue, .retry,
            .fallbackDone, .sample, .storage, .endWarmUp, .fastForward:
            preconditionFailure("not a world event")
        }
        if fastForward != nil { regimeMayHaveChanged(in: &simulator) }
    }

    /// Observations restart at the warm-up's end, the storage clusters' too. Out of line, as is
    /// `storageEvent`: rare or storage-only work kept out of `handle` lets the simulator's loop
    /// inline it.
    @inline(never)
    mutating func warmUpEnds(at now: SimTime) {
        warmUpEnd = now
        catchUpFastForward(at: now)
        statistics.restart(at: now)
        for queue in queues.indices {
            queues[queue].measures.restart(
                at: now, waiting: queues[queue].waiting.count, redelivering: queues[queue].redeliveries.count)
        }
        chaosTime = 0
        if chaosWindowsOpen > 0 { chaosOpenSince = now }
        fastForwardWarmUpEnded(at: now)
        for cluster in storageClusters.indices { storageClusters[cluster].endWarmUp(at: now) }
    }
}
