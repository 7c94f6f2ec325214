import SimKernel

/// The delivery process of one variant as a discrete-event model: changes arrive from teams,
/// ship through the architecture's pipeline, and bad ones raise the error ratio of their service
/// until monitoring notices and a rollback (microservices) or a fix (monolith) restores it.
///
/// Error ratios are piecewise constant between events; `failureSignal` holds the user-visible
/// failure probability over the whole run, so failed requests are its exact integral × rate.
struct DeliveryModel: EventHandler {
    enum Event {
        /// A developer of team `team` finished a change (Poisson, team rate).
        case changeArrives(team: Int)
        /// A change rolled back (and fixed, if bad) is ready to ship again.
        case changeReturns(change: Int)
        /// A monolith release train departs.
        case train
        /// A release passed QA.
        case qaDone(deploy: Int)
        /// A monolith batch finished updating.
        case batchDone(deploy: Int)
        /// A hotfix is ready to roll out.
        case hotfixReady(deploy: Int)
        /// A microservice's new group booted: the canary starts.
        case booted(deploy: Int)
        /// The canary's bake is over: all traffic moves.
        case fullTraffic(deploy: Int)
        /// People or automation react to the alert about `deploy`.
        case action(deploy: Int)
        /// A rollback of `deployable` finished.
        case rolledBack(deployable: Int, target: Int)
        /// A user request (per-request traffic only).
        case request
    }

    let spec: DeliverySpec
    let streams: RandomStreams
    let horizon: SimTime
    /// Changes, deploys and versions.
    var ledger = DeployLedger()
    var changes: [Change] {
        get { ledger.changes }
        _modify { yield &ledger.changes }
    }
    var deploys: [DeployRecord] {
        get { ledger.deploys }
        _modify { yield &ledger.deploys }
    }
    var deployables: [Deployable] {
        get { ledger.deployables }
        _modify { yield &ledger.deployables }
    }
    /// Deployable of each service.
    var home: [Int] = []
    /// Current error ratio of each service's calls [ratio].
    var errorRatio: [Double]
    /// Share of user requests failing / degraded at each moment [ratio].
    var failureSignal = MetricSignal(baseline: 0)
    var degradedSignal = MetricSignal(baseline: 0)
    /// What monitoring watches per deployable: the service's error ratio; the whole monolith's
    /// share of requests with an error in any module.
    var monitored: [MetricSignal]
    var pipelines: [MonitoringPipeline] = []
    var canaryPipelines: [MonitoringPipeline] = []
    var rollouts: [Int: Rollout] = [:]
    /// Bad changes a fix was already requested for (monolith).
    var fixRequested: Set<Int> = []
    /// Servers out of service for updates after the warm-up, summed [instance·ns].
    var capacityLost = 0.0
    /// Per-request traffic: requests after the warm-up, and failure times.
    var requests = 0
    var degradedRequests = 0
    var failureTimes: [SimTime] = []
    let warmUp: SimTime

    let teamStreams: [(arrivals: RandomStream, bad: RandomStream, service: RandomStream)]
    let fixStreams: [RandomStream]
    let deployStreams: [(first: RandomStream, second: RandomStream)]
    let trafficStreams: (arrivals: RandomStream, outcomes: RandomStream)
    let hotfixStream: RandomStream
    /// Request counts behind each canary datapoint, per deployable.
    let canaryCountStreams: [RandomStream]

    init(spec: DeliverySpec, streams: RandomStreams, horizon: SimTime, warmUp: SimTime) {
        self.spec = spec
        self.streams = streams
        self.horizon = horizon
        self.warmUp = warmUp
        errorRatio = Array(repeating: 0, count: spec.services.count)
        let names = spec.services.map(\.name)
        teamStreams = spec.organisation.teams.map { team in
            let path = "teams.\(team.name)"
            return (streams.stream(path + ".changes"), streams.stream(path + ".bad"), streams.stream(path + ".service"))
        }
        fixStreams = names.map { streams.stream("services.\($0).fix") }
        switch spec.architecture {
        case .monolith(let monolith):
            ledger.deployables = [
                Deployable(
                    name: "monolith", services: Array(names.indices), instances: monolith.instances,
                    pricePerHour: monolith.pricePerHour)
            ]
            home = names.map { _ in 0 }
            deployStreams = [(streams.stream("monolith.qa"), streams.stream("monolith.batch"))]
        case .microservices:
            ledger.deployables = spec.services.enumerated().map { index, service in
                Deployable(
                    name: service.name, services: [index], instances: service.instances,
                    pricePerHour: service.pricePerHour)
            }
            home = Array(names.indices)
            deployStreams = names.map { (streams.stream("services.\($0).boot"), streams.stream("services.\($0).rollback")) }
        }
        monitored = ledger.deployables.map { _ in MetricSignal(baseline: 0) }
        pipelines = ledger.deployables.map { MonitoringPipeline(spec: spec.monitoring, streams: streams, path: "monitoring.\($0.name)") }
        canaryPipelines = ledger.deployables.map {
            MonitoringPipeline(spec: spec.monitoring, streams: streams, path: "monitoring.\($0.name).canary")
        }
        trafficStreams = (streams.stream("traffic.arrivals"), streams.stream("traffic.outcomes"))
        hotfixStream = streams.stream("monolith.hotfix")
        canaryCountStreams = ledger.deployables.map { streams.stream("services.\($0.name).canary.datapoints") }
    }

    mutating func start(in simulator: inout Simulator<Event>) {
        for (team, spec) in spec.organisation.teams.enumerated() {
            scheduleArrival(team: team, rate: Double(spec.developers) * self.spec.organisation.changeRate, in: &simulator)
        }
        if case .monolith(let monolith) = spec.architecture {
            simulator.schedule(.train, at: monolith.train.trainOffset)
        }
        if spec.traffic == .requests { scheduleRequest(in: &simulator) }
    }

    mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) {
        switch event {
        case .changeArrives(let team): changeArrives(team: team, in: &simulator)
        case .changeReturns(let change): enqueue(change, in: &simulator)
        case .train: departTrain(in: &simulator)
        case .qaDone(let deploy), .hotfixReady(let deploy): releaseReady(deploy, in: &simulator)
        case .batchDone(let deploy): batchDone(deploy, in: &simulator)
        case .booted(let deploy): booted(deploy, in: &simulator)
        case .fullTraffic(let deploy): fullTraffic(deploy, in: &simulator)
        case .action(let deploy): act(on: deploy, in: &simulator)
        case .rolledBack(let deployable, let target): rolledBack(deployable, to: target, in: &simulator)
        case .request: request(in: &simulator)
        }
    }

    // MARK: Changes

    private mutating func scheduleArrival(team: Int, rate: Double, in simulator: inout Simulator<Event>) {
        guard rate > 0 else { return }
        let gap = Distribution.exponential(mean: 1 / rate).sampleTime(teamStreams[team].arrivals)
        simulator.schedule(.changeArrives(team: team), after: gap)
    }

    private mutating func changeArrives(team: Int, in simulator: inout Simulator<Event>) {
        let owned = spec.organisation.teams[team].services
        let name = owned[teamStreams[team].service.integer(below: owned.count)]
        let service = spec.services.firstIndex { $0.name == name }!
        let bad = teamStreams[team].bad.bernoulli(spec.organisation.badChangeProbability)
        changes.append(Change(service: service, readyAt: simulator.now, bad: bad))
        enqueue(changes.count - 1, in: &simulator)
        let developers = Double(spec.organisation.teams[team].developers)
        scheduleArrival(team: team, rate: developers * spec.organisation.changeRate, in: &simulator)
    }

    /// Puts a ready change in its deployable's queue; a microservice ships it at once if free.
    mutating func enqueue(_ change: Int, in simulator: inout Simulator<Event>) {
        let deployable = home[changes[change].service]
        deployables[deployable].queue.append(change)
        if case .microservices = spec.architecture { startDeploy(deployable, in: &simulator) }
    }

    // MARK: Error ratios

    /// Recomputes the error ratios of `deployable`'s services from its versions' traffic shares,
    /// then the monitored metric and the user-visible failure and degradation from now on.
    mutating func trafficChanged(_ deployable: Int, at now: SimTime) {
        setErrorRatios(deployable)
        monitored[deployable].set(monitoredValue(deployables[deployable].services), from: now)
        var ok = 1.0
        var undegraded = 1.0
        for (service, ratio) in zip(spec.services, errorRatio) {
            ok *= 1 - service.criticality * ratio
            undegraded *= 1 - service.degradation * ratio
        }
        failureSignal.set(1 - ok, from: now)
        degradedSignal.set(ok * (1 - undegraded), from: now)
    }

    /// The error ratio of each of `deployable`'s services: the bad error ratio times the share of
    /// its traffic on versions with a bad change of it.
    mutating func setErrorRatios(_ deployable: Int) {
        let unit = deployables[deployable]
        for service in unit.services {
            var bad = unit.breaks(unit.live, service: service, changes: changes) ? 1 - unit.nextShare : 0
            if let next = unit.next, unit.breaks(next, service: service, changes: changes) { bad += unit.nextShare }
            errorRatio[service] = spec.badErrorRatio * bad
        }
    }

    /// The metric monitoring sees for a deployable of `services`: one service's error ratio, or
    /// for several the share of user requests with an error in any of them.
    func monitoredValue(_ services: [Int]) -> Double {
        guard services.count > 1 else { return errorRatio[services[0]] }
        return 1 - services.reduce(1.0) { $0 * (1 - spec.services[$1].share * errorRatio[$1]) }
    }

    // MARK: Per-request traffic

    private mutating func scheduleRequest(in simulator: inout Simulator<Event>) {
        let gap = Distribution.exponential(mean: 1 / spec.requestRate).sampleTime(trafficStreams.arrivals)
        simulator.schedule(.request, after: gap)
    }

    /// One user request: fails or degrades with the probabilities of this moment.
    private mutating func request(in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let draw = trafficStreams.outcomes.uniform()
        if now >= warmUp {
            requests += 1
            if draw < failureSignal.value(at: now) {
                failureTimes.append(now)
            } else if draw < failureSignal.value(at: now) + degradedSignal.value(at: now) {
                degradedRequests += 1
            }
        }
        scheduleRequest(in: &simulator)
    }
}
