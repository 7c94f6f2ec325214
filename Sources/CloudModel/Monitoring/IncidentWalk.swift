import SimKernel

/// What happened to one incident [ns].
public struct IncidentRecord: Sendable, Hashable {
    /// Start of the failure.
    public var start: SimTime
    /// Share of requests failing meanwhile.
    public var errorRatio: Double
    /// How the monitoring saw it; nil when no alert fired while it was on (a missed incident).
    public var detection: Detection?
    /// When the error ratio went back to the baseline (restored after the action, or healed on
    /// its own); nil when still failing at the end of the run.
    public var end: SimTime?
    /// Seconds of failed traffic: error ratio × time failing [s], up to `end` or the run's end.
    public var errorSeconds: Double
    /// Requests failed meanwhile (expected count: request rate × error-seconds).
    public var failedRequests: Double
}

/// Everything one run of a `MonitoringModelSpec` produced.
public struct IncidentWalkResult: Sendable {
    /// Incidents in start order (those starting while another is on are folded into it and not listed).
    public var incidents: [IncidentRecord]
    /// Alert times [ns] of alerts fired while no incident was on: false positives.
    public var falseAlerts: [SimTime]
    /// Datapoints the agent measured (windows skipped as quiet count too).
    public var datapoints: Int
}

/// Follows every agent window of one run in time order: the error ratio (baseline, incidents,
/// restores) is known for a window before its datapoint is measured, because an incident is only
/// restored after an alert, which comes after the datapoints that raised it. Exact and linear in
/// the number of windows; quiet stretches without noise are skipped whole.
///
/// Random streams: `incidents.arrival`, `incidents.error_ratio`, `incidents.duration`,
/// `service.noise`, `repair`, and the pipeline's `monitoring.stage.NAME` and `monitoring.reaction`.
public struct IncidentWalk {
    let spec: MonitoringModelSpec
    let pipeline: MonitoringPipeline
    private var source: IncidentSource
    private let noiseStream: RandomStream
    private let repairStream: RandomStream
    private var signal: MetricSignal
    private var current: IncidentRecord?
    private var records: [IncidentRecord] = []
    private var falseAlerts: [SimTime] = []

    public init(spec: MonitoringModelSpec, streams: RandomStreams) {
        self.spec = spec
        pipeline = MonitoringPipeline(spec: spec.pipeline, streams: streams, path: "monitoring")
        source = IncidentSource(listed: spec.incidents, random: spec.randomIncidents, streams: streams)
        noiseStream = streams.stream("service.noise")
        repairStream = streams.stream("repair")
        signal = MetricSignal(baseline: spec.service.errorRatio)
    }

    /// Runs every window that ends by `horizon`.
    public static func run(_ spec: MonitoringModelSpec, streams: RandomStreams, until horizon: SimTime)
        -> IncidentWalkResult
    {
        var walk = IncidentWalk(spec: spec, streams: streams)
        return walk.run(until: horizon)
    }

    private mutating func run(until horizon: SimTime) -> IncidentWalkResult {
        let resolution = spec.pipeline.resolution
        var tracker = AlertTracker(rule: spec.pipeline.rule)
        var start = pipeline.windowStart(containing: 0)
        var datapoints = 0
        while start + resolution <= horizon {
            let end = start + resolution
            admitIncidents(before: end)
            if let next = quietUntil(from: start, horizon: horizon) {
                let resume = max(end, pipeline.windowStart(containing: next))
                datapoints += Int((resume - start) / resolution)
                tracker.reset()
                start = resume
                continue
            }
            let value = measure(signal.average(from: start, to: end), seconds: Double(resolution) / 1e9)
            datapoints += 1
            let fired = tracker.observe(value, windowStart: start, windowEnd: end, deliver: pipeline.deliver)
            if let fired { raise(fired) }
            start = end
        }
        if let current { close(current, horizon: horizon) }
        return IncidentWalkResult(incidents: records, falseAlerts: falseAlerts, datapoints: datapoints)
    }

    /// Starts the incidents that begin before `end`; one that begins while another is still on
    /// is folded into it. The previous incident is recorded when the next one starts.
    private mutating func admitIncidents(before end: SimTime) {
        while let next = source.nextStart, next < end {
            let incident = source.take()
            if let current {
                guard let over = current.end, over <= incident.at else { continue }
                close(current, horizon: .max)
            }
            current = IncidentRecord(
                start: incident.at, errorRatio: incident.errorRatio, detection: nil,
                end: incident.duration.map { incident.at + $0 }, errorSeconds: 0, failedRequests: 0)
            signal.set(incident.errorRatio, from: incident.at)
            if let healed = current?.end { signal.set(spec.service.errorRatio, from: healed) }
        }
    }

    /// When the windows from `start` on are certainly good until the next incident: no noise, no
    /// incident on, and a baseline at or under the threshold. Returns that next incident's start
    /// (or `horizon`); nil when the window must be measured.
    private func quietUntil(from start: SimTime, horizon: SimTime) -> SimTime? {
        guard case .none = spec.service.noise, spec.service.errorRatio <= spec.pipeline.rule.threshold else {
            return nil
        }
        if let current, current.end.map({ $0 > start }) ?? true { return nil }
        return min(source.nextStart ?? horizon, horizon)
    }

    /// The datapoint of a window whose true average error ratio is `mean`, `seconds` long.
    private func measure(_ mean: Double, seconds: Double) -> Double {
        switch spec.service.noise {
        case .none:
            return mean
        case .normal(let stddev):
            return min(1, max(0, mean + noiseStream.gaussian(stddev: stddev)))
        case .requests:
            let requests = spec.service.requestRate * seconds
            let failed = noiseStream.poisson(mean: requests * mean)
            let succeeded = noiseStream.poisson(mean: requests * (1 - mean))
            return failed + succeeded == 0 ? 0 : Double(failed) / Double(failed + succeeded)
        }
    }

    /// An alert: it belongs to the incident on during its run (which is then acted on and
    /// restored), repeats an alert of an incident already acted on, or is a false alert.
    private mutating func raise(_ fired: AlertTracker.Fired) {
        guard var incident = current, incident.end.map({ $0 > fired.runStart }) ?? true else {
            falseAlerts.append(fired.alert)
            return
        }
        guard incident.detection == nil else { return }
        let action = pipeline.react(to: fired.alert)
        let restore = action + spec.repair.sampleTime(repairStream)
        incident.detection = Detection(
            firstBadAtAgent: fired.firstBadAtAgent, firstBadStages: fired.firstBadStages, alert: fired.alert,
            action: action)
        if incident.end.map({ restore < $0 }) ?? true {
            incident.end = restore
            signal.set(spec.service.errorRatio, from: restore)
        }
        current = incident
    }

    /// Records `incident`, its damage counted up to its end or `horizon`.
    private mutating func close(_ incident: IncidentRecord, horizon: SimTime) {
        var record = incident
        if let end = record.end, end > horizon { record.end = nil }
        let failing = Double((record.end ?? horizon) - record.start) / 1e9
        record.errorSeconds = record.errorRatio * failing
        record.failedRequests = spec.service.requestRate * record.errorSeconds
        records.append(record)
        current = nil
    }
}

/// Listed incidents and a Poisson process of random ones, merged in time order.
struct IncidentSource {
    private let listed: [ListedIncident]
    private var listedIndex = 0
    private let random: RandomIncidents?
    private var nextRandom: SimTime?
    private let arrivals: RandomStream
    private let ratios: RandomStream
    private let durations: RandomStream

    init(listed: [ListedIncident], random: RandomIncidents?, streams: RandomStreams) {
        self.listed = listed.sorted { $0.at < $1.at }
        self.random = random
        arrivals = streams.stream("incidents.arrival")
        ratios = streams.stream("incidents.error_ratio")
        durations = streams.stream("incidents.duration")
        nextRandom = random.map { SimTime(seconds: arrivals.exponential(rate: $0.rate)) }
    }

    /// Start of the next incident [ns], nil when none is left.
    var nextStart: SimTime? {
        let fromList = listedIndex < listed.count ? listed[listedIndex].at : nil
        switch (fromList, nextRandom) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b): return b
        }
    }

    /// The next incident, drawing a random one's error ratio and duration.
    mutating func take() -> ListedIncident {
        if listedIndex < listed.count, nextRandom.map({ listed[listedIndex].at <= $0 }) ?? true {
            listedIndex += 1
            return listed[listedIndex - 1]
        }
        let random = random!
        let at = nextRandom!
        nextRandom = at + SimTime(seconds: arrivals.exponential(rate: random.rate))
        let span = random.maxErrorRatio - random.minErrorRatio
        let ratio = random.minErrorRatio + (span > 0 ? span * ratios.uniform() : 0)
        return ListedIncident(at: at, errorRatio: ratio, duration: random.duration.map { $0.sampleTime(durations) })
    }
}

extension RandomStream {
    /// An exponential draw of mean 1 / `rate` [s].
    func exponential(rate: Double) -> Double {
        Distribution.exponential(mean: 1 / rate).sample(self)
    }
}
