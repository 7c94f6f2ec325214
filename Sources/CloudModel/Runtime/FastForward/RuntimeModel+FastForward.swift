import Foundation
import SimKernel

/// The fast path's state (`FastForwardSpec`): the regime in force, where the run is in it, and
/// the rates of the regimes sampled so far.
struct FastForwardState {
    enum Phase {
        /// Every request simulated since the regime changed.
        case settling
        /// Every request simulated; the sample measured from this snapshot.
        case sampling(RegimeSnapshot)
        /// Requests accounted from `FastForwardState.stretch`.
        case fast
    }

    /// A stretch of a regime accounted from its rates.
    struct Stretch {
        var rates: RegimeRates
        /// Requests and calls are drawn up to here, datapoints up to `monitorDrawnTo`.
        var drawnTo: SimTime
        var monitorDrawnTo: SimTime
        /// Failure probability per monitored series, filled as series are first drawn.
        var seriesFailure: [Double?] = []
        /// Answered requests per endpoint and succeeded calls per service whose latencies are
        /// still to draw.
        var answered: [Int]
        var succeeded: [Int]
        /// Succeeded storage operations per (cluster, workload) whose latencies are still to draw.
        var storageSucceeded: [[Int]]
    }

    let spec: FastForwardSpec
    /// Draws the stretches' counts: `REGION.fast_forward`.
    let stream: RandomStream
    /// The warm-up's end: requests drawn before it count nowhere.
    let countedFrom: SimTime
    var regime: Regime
    var phase: Phase = .settling
    var stretch: Stretch? = nil
    /// Bumped at each change of regime: settle and sample events of an older one are stale.
    var generation: Int32 = 0
    var sampled: [Regime: RegimeRates] = [:]
    /// Endpoints whose next arrival is in the event list.
    var arrivalPending: [Bool]
    /// Breaker transitions drawn, per call target.
    var breakerTransitions: [Int]
    /// Time accounted from rates after the warm-up [ns], changes of regime, requests drawn.
    var fastTime: SimTime = 0
    var regimeChanges = 0
    var requestsDrawn = 0
}

/// The runtime's fast path over weeks (`FastForwardSpec`). Changes of regime are noticed after
/// every event that may make one (instances, chaos, faults, deploys, monitoring actions); the
/// settle and sample phases ride in the event list as `Event.fastForward`.
extension RuntimeModel {
    /// Starts the first regime's settle phase; nothing without `fast_forward`.
    mutating func startFastForward(warmUp: SimTime, in simulator: inout Simulator<Event>) {
        guard let fast = spec.fastForward else { return }
        fastForward = FastForwardState(
            spec: fast, stream: streams.stream("\(spec.region).fast_forward"), countedFrom: warmUp, regime: currentRegime(),
            arrivalPending: Array(repeating: true, count: endpoints.count),
            breakerTransitions: Array(repeating: 0, count: statistics.services.count))
        simulator.schedule(.fastForward(generation: 0), after: fast.settle)
    }

    /// After an event that may change the regime: on a change, a fast stretch ends and the new
    /// regime settles.
    @inline(never)
    mutating func regimeMayHaveChanged(in simulator: inout Simulator<Event>) {
        let regime = currentRegime()
        guard regime != fastForward!.regime else { return }
        let now = simulator.now
        if fastForward!.stretch != nil { endStretch(at: now, in: &simulator) }
        fastForward!.regime = regime
        fastForward!.phase = .settling
        fastForward!.generation += 1
        fastForward!.regimeChanges += 1
        simulator.schedule(.fastForward(generation: fastForward!.generation), after: fastForward!.spec.settle)
    }

    /// The settle or the sample of the current regime is over.
    @inline(never)
    mutating func fastForwardEvent(generation: Int32, in simulator: inout Simulator<Event>) {
        guard generation == fastForward!.generation else { return }
        let now = simulator.now
        switch fastForward!.phase {
        case .settling:
            // A chaos window is simulated request by request, for its `during_chaos` measures:
            // its close is a change of regime, which settles again.
            guard chaosWindowsOpen == 0 else { return }
            if let rates = fastForward!.sampled[fastForward!.regime] {
                beginStretch(rates, at: now)
            } else {
                fastForward!.phase = .sampling(regimeSnapshot(at: now))
                simulator.schedule(.fastForward(generation: generation), after: fastForward!.spec.sample)
            }
        case .sampling(let start):
            let rates = measureRegime(since: start, at: now)
            fastForward!.sampled[fastForward!.regime] = rates
            beginStretch(rates, at: now)
        case .fast:
            break
        }
    }

    private mutating func beginStretch(_ rates: RegimeRates, at now: SimTime) {
        fastForward!.phase = .fast
        fastForward!.stretch = FastForwardState.Stretch(
            rates: rates, drawnTo: now, monitorDrawnTo: now,
            answered: Array(repeating: 0, count: endpoints.count),
            succeeded: Array(repeating: 0, count: statistics.services.count),
            storageSucceeded: rates.storage.map { Array(repeating: 0, count: $0.workloads.count) })
        requestsFastForwarded = true
    }

    /// Accounts the stretch up to `now` and simulates requests again from now.
    private mutating func endStretch(at now: SimTime, in simulator: inout Simulator<Event>) {
        advanceFastForward(to: now)
        drawLatencies()
        fastForward!.stretch = nil
        requestsFastForwarded = false
        for endpoint in endpoints.indices where !fastForward!.arrivalPending[endpoint] {
            fastForward!.arrivalPending[endpoint] = true
            scheduleNextArrival(Int32(endpoint), in: &simulator)
        }
    }

    /// Before an event that changes the world or reads the counts (a deploy, an instance, a
    /// fault): requests, calls and datapoints drawn up to `now` under the world as it was.
    mutating func advanceFastForward(to now: SimTime) {
        drawRequests(to: now)
        drawDatapoints(to: now)
    }

    /// Before the warm-up's end restarts the observations: everything drawn up to `now`.
    mutating func catchUpFastForward(at now: SimTime) {
        guard fastForward?.stretch != nil else { return }
        drawRequests(to: now)
        drawLatencies()
    }

    /// The run ends at `end`: the stretch in progress is accounted, its datapoints too.
    mutating func finishFastForward(at end: SimTime) {
        guard fastForward?.stretch != nil else { return }
        advanceFastForward(to: end)
        drawLatencies()
    }

    /// The warm-up ended: a sample in progress restarts its measure from the restarted
    /// observations.
    mutating func fastForwardWarmUpEnded(at now: SimTime) {
        guard let fast = fastForward, case .sampling = fast.phase else { return }
        fastForward!.phase = .sampling(regimeSnapshot(at: now))
    }

    /// Requests and calls of the stretch from where it was drawn to `now`: Poisson arrivals at
    /// each endpoint's rate, multinomial outcomes; per call target the calls, client activity
    /// and busy servers (and cores, per deployable) of that many requests, the calls split by
    /// outcome. Latencies wait for `drawLatencies`, so that a whole stretch draws them once.
    mutating func drawRequests(to now: SimTime) {
        guard var stretch = fastForward!.stretch, now > stretch.drawnTo else { return }
        let from = stretch.drawnTo
        stretch.drawnTo = now
        let seconds = (now - from).seconds
        let stream = fastForward!.stream
        let rates = stretch.rates
        let counted = from >= fastForward!.countedFrom
        var failedRequests = 0
        var degradedRequests = 0
        var drawnRequests = 0
        for endpoint in endpoints.indices {
            let requests = stream.poisson(mean: endpoints[endpoint].arrivals.rate(at: from) * seconds)
            drawnRequests += requests
            guard requests > 0 else { continue }
            let outcomes = rates.endpoints[rates.endpoints.count > 1 ? endpoint : 0]
            let split = stream.multinomial(trials: requests, weights: outcomes.weights)
            statistics.recordDrawn(endpoint: endpoint, requests: requests, split: split)
            stretch.answered[endpoint] += split[0] + split[1]
            degradedRequests += split[1]
            failedRequests += requests - split[0] - split[1]
            fastForward!.requestsDrawn += requests
        }
        if counted {
            let middle = from + (now - from) / 2
            delivery?.failedAt.add(at: middle, count: failedRequests)
            delivery?.degradedAt.add(at: middle, count: degradedRequests)
        }
        // Calls follow the requests drawn: as many per request as the sample made (rounded at
        // random, without bias), as a request's tree makes its calls.
        func perRequest(_ rate: Double) -> Int { stream.roundRandomly(rate * Double(drawnRequests)) }
        for service in statistics.services.indices {
            let rate = rates.services[service]
            let calls = perRequest(rate.arrivals)
            let split = calls > 0 ? stream.multinomial(trials: calls, weights: rate.outcomes.weights) : []
            let client = rate.client.map(perRequest)
            statistics.recordDrawn(service: service, calls: calls, split: split, client: client)
            statistics.services[service].busyServers.addArea(rate.busy * Double(drawnRequests))
            fastForward!.breakerTransitions[service] += client[6]
            if !split.isEmpty { stretch.succeeded[service] += split[0] }
        }
        // Cache hits, misses and refills follow the requests as their calls do.
        for (target, perRequest) in rates.caches.enumerated() {
            statistics.caches[target].addCounters(perRequest.map { stream.roundRandomly($0 * Double(drawnRequests)) })
        }
        if hasCores {
            for (deployable, busy) in rates.busyCores.enumerated() {
                statistics.deployables[deployable].busyCores.addArea(busy * Double(drawnRequests))
            }
        }
        let operations = drawStorage(rates.storage, requests: drawnRequests, stream: stream)
        for (cluster, perWorkload) in operations.enumerated() {
            for (workload, count) in perWorkload.enumerated() { stretch.storageSucceeded[cluster][workload] += count }
        }
        fastForward!.fastTime += max(0, now - max(from, fastForward!.countedFrom))
        fastForward!.stretch = stretch
    }

    /// Response times of the requests and calls drawn so far, from the sample's histograms: one
    /// multinomial draw per endpoint and service for the whole stretch.
    mutating func drawLatencies() {
        guard var stretch = fastForward!.stretch else { return }
        let stream = fastForward!.stream
        for endpoint in endpoints.indices where stretch.answered[endpoint] > 0 {
            let outcomes = stretch.rates.endpoints[stretch.rates.endpoints.count > 1 ? endpoint : 0]
            let drawn = outcomes.drawLatencies(stretch.answered[endpoint], stream: stream)
            statistics.endToEnd.recordLatencies(drawn)
            if statistics.perEndpoint.count > 1 { statistics.perEndpoint[endpoint].recordLatencies(drawn) }
            stretch.answered[endpoint] = 0
        }
        for service in statistics.services.indices where stretch.succeeded[service] > 0 {
            let drawn = stretch.rates.services[service].outcomes.drawLatencies(stretch.succeeded[service], stream: stream)
            statistics.services[service].recordLatencies(drawn)
            stretch.succeeded[service] = 0
        }
        drawStorageLatencies(stretch.rates.storage, succeeded: stretch.storageSucceeded, stream: stream)
        for cluster in stretch.storageSucceeded.indices {
            for workload in stretch.storageSucceeded[cluster].indices { stretch.storageSucceeded[cluster][workload] = 0 }
        }
        fastForward!.stretch = stretch
    }

    /// Calls of each monitored series from where they were drawn to `now`: Poisson calls at the
    /// requests' rate times its service's calls per request and its group's share now, each failing with the probability the sample
    /// measured for its kind of series (its service, its group's flaws).
    mutating func drawDatapoints(to now: SimTime) {
        guard monitor != nil, var stretch = fastForward!.stretch, now > stretch.monitorDrawnTo else { return }
        let seconds = (now - stretch.monitorDrawnTo).seconds
        stretch.monitorDrawnTo = now
        let stream = fastForward!.stream
        let keys = monitor!.keys
        while stretch.seriesFailure.count < keys.count {
            let key = keys[stretch.seriesFailure.count]
            let rate = stretch.rates.services[Int(key.service)].outcomes
            // A kind the sample did not see (a group without calls then): the service's own share.
            let overall = 1 - rate.weights[0] / max(1, rate.weights.reduce(0, +))
            stretch.seriesFailure.append(stretch.rates.failureProbability(seriesKind(key)) ?? overall)
        }
        let requests = endpoints.reduce(0) { $0 + $1.arrivals.rate(at: now) } * seconds
        let errorRatio = monitor!.spec.metric == .errorRatio
        for series in monitor!.liveSeries.lazy.map(Int.init) {
            let key = keys[series]
            let share = trafficShare(of: Int(key.group))
            guard share > 0 else { continue }
            let mean = stretch.rates.services[Int(key.service)].finished * share * requests
            let p = stretch.seriesFailure[series] ?? 0
            // An error ratio that cannot fail is 0 whenever there are calls: only whether there
            // are any is drawn (exactly), their number rounded.
            let calls = p == 0 && errorRatio
                ? (stream.uniform() < exp(-mean) ? 0 : max(1, stream.roundRandomly(mean))) : stream.poisson(mean: mean)
            guard calls > 0 else { continue }
            let failed = stream.binomial(trials: calls, p: p)
            monitor!.counts[series].answered += calls - failed
            monitor!.counts[series].failed += failed
        }
        fastForward!.stretch = stretch
    }

    /// Before a monitoring window closes at `now`: its fast-forwarded part drawn.
    mutating func drawWindow(endingAt now: SimTime) {
        guard fastForward?.stretch != nil else { return }
        drawDatapoints(to: now)
    }

    /// Before a time-series bucket closes at `now`: its fast-forwarded part drawn, and its 99th
    /// percentile the sample's when no request was simulated in it.
    mutating func drawBucket(endingAt now: SimTime) {
        guard let stretch = fastForward?.stretch, timeseries.enabled else { return }
        drawRequests(to: now)
        let simulatedNone = statistics.bucket.endToEnd.latency.count == 0
        for outcomes in stretch.rates.endpoints {
            if simulatedNone {
                statistics.bucket.endToEnd.fastP99 = Swift.max(statistics.bucket.endToEnd.fastP99 ?? 0, outcomes.p99)
            } else {
                statistics.bucket.endToEnd.latency.add(outcomes.histogram)
            }
        }
        for index in statistics.bucket.endpoints.indices {
            statistics.bucket.endpoints[index].addFastForwarded(stretch.rates.endpoints[index])
        }
    }

    /// `fast_forward.*` metrics: the share of the run simulated request by request, regimes
    /// sampled, changes of regime, requests accounted from rates.
    func fastForwardMetrics(from start: SimTime, to end: SimTime) -> [Metric] {
        guard let fast = fastForward else { return [] }
        let span = Double(end - start)
        return [
            Metric("fast_forward.simulated_share", .ratio, span > 0 ? 1 - Double(fast.fastTime) / span : 1),
            Metric("fast_forward.regimes", .count, Double(fast.sampled.count)),
            Metric("fast_forward.regime_changes", .count, Double(fast.regimeChanges)),
            Metric("fast_forward.requests_drawn", .count, Double(fast.requestsDrawn)),
        ]
    }
}

extension RegimeRates.Outcomes {
    /// `count` response times drawn from the sample's, as (value [ns], count).
    func drawLatencies(_ count: Int, stream: RandomStream) -> [(value: UInt64, count: Int)] {
        guard count > 0, latencyCount > 0 else { return [] }
        let drawn = stream.multinomial(trials: count, weights: latencies.map { Double($0.count) })
        return zip(latencies, drawn).compactMap { $1 > 0 ? ($0.value, $1) : nil }
    }
}

extension RuntimeStatistics {
    /// `requests` drawn requests of `endpoint`, split as success, degraded, then each failure
    /// reason; their latencies come later (`recordLatencies`).
    mutating func recordDrawn(endpoint: Int, requests: Int, split: [Int]) {
        endToEnd.addDrawn(requests: requests, split: split)
        if perEndpoint.count > 1 { perEndpoint[endpoint].addDrawn(requests: requests, split: split) }
        bucket.endToEnd.addDrawn(requests: requests, split: split)
        if !bucket.endpoints.isEmpty { bucket.endpoints[endpoint].addDrawn(requests: requests, split: split) }
    }

    /// `calls` drawn calls of target `service`, split as succeeded, then each failure reason,
    /// and the client activity drawn with them (`RegimeRates.Service.client` order).
    mutating func recordDrawn(service: Int, calls: Int, split: [Int], client: [Int]) {
        services[service].arrivals += calls
        if !split.isEmpty {
            services[service].succeeded += split[0]
            for reason in 1..<split.count { services[service].failed[reason - 1] += split[reason] }
            bucket.services[service].succeeded += split[0]
            bucket.services[service].failed += calls - split[0]
        }
        bucket.services[service].arrivals += calls
        services[service].firstAttempts += client[0]
        services[service].retries += client[1]
        services[service].timeouts += client[2]
        services[service].shortCircuited += client[3]
        services[service].bulkheadRejected += client[4]
        services[service].fallbacks += client[5]
    }
}

extension RuntimeServiceStatistics {
    mutating func recordLatencies(_ drawn: [(value: UInt64, count: Int)]) {
        drawn.record(into: &responsePercentiles, &responseTime)
    }
}

extension RequestStatistics {
    mutating func addDrawn(requests: Int, split: [Int]) {
        self.requests += requests
        succeeded += split[0]
        degraded += split[1]
        for reason in 2..<split.count { failed[reason - 2] += split[reason] }
    }

    mutating func recordLatencies(_ drawn: [(value: UInt64, count: Int)]) {
        drawn.record(into: &responsePercentiles, &responseTime)
        guard target != .max else { return }
        for (value, count) in drawn where value <= UInt64(target) { withinTarget += count }
    }
}

/// Durations drawn from a sample's histogram, as (value [ns], count).
protocol DurationRecorder {
    mutating func record(_ duration: UInt64, count: Int)
}

extension LatencyHistogram: DurationRecorder {}
extension BatchedLatencyHistogram: DurationRecorder {}

extension Array where Element == (value: UInt64, count: Int) {
    /// Records every drawn duration in `histogram` and, in seconds, in `tally`.
    func record(into histogram: inout some DurationRecorder, _ tally: inout Tally) {
        for (value, count) in self {
            histogram.record(value, count: count)
            tally.record(Double(value) / 1e9, count: count)
        }
    }
}
