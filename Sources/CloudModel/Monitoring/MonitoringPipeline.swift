import SimKernel

/// What the monitoring saw of one incident [ns].
public struct Detection: Sendable, Hashable {
    /// End of the agent window of the first bad datapoint: when the agent has it.
    public var firstBadAtAgent: SimTime
    /// When that first bad datapoint left each stage, in stage order (arrival, processing, display…).
    public var firstBadStages: [SimTime]
    /// When the last of `consecutive` bad datapoints in a row has left the last stage: the alert.
    public var alert: SimTime
    /// The alert plus the reaction delay: when a person or automation acts.
    public var action: SimTime
}

/// Follows datapoints of a metric through a `MonitoringSpec`'s agent and stages.
/// Draws one delay per stage per datapoint, in datapoint order, from the streams
/// `PATH.stage.NAME`, and one reaction per alert from `PATH.reaction`.
public struct MonitoringPipeline {
    public let spec: MonitoringSpec
    private let stageStreams: [RandomStream]
    private let reactionStream: RandomStream

    public init(spec: MonitoringSpec, streams: RandomStreams, path: String) {
        self.spec = spec
        stageStreams = spec.stages.map { streams.stream("\(path).stage.\($0.name)") }
        reactionStream = streams.stream("\(path).reaction")
    }

    /// Start of the agent window that contains `time` [ns].
    public func windowStart(containing time: SimTime) -> SimTime {
        let since = time - spec.offset
        let windows = since >= 0 ? since / spec.resolution : -((-since + spec.resolution - 1) / spec.resolution)
        return spec.offset + windows * spec.resolution
    }

    /// When a datapoint the agent has at `ready` leaves each stage [ns], drawing the stage delays.
    public func deliver(ready: SimTime) -> [SimTime] {
        var time = ready
        var times: [SimTime] = []
        times.reserveCapacity(spec.stages.count)
        for (stage, stream) in zip(spec.stages, stageStreams) {
            time = stage.handOff(ready: time, delay: stage.delay.sampleTime(stream))
            times.append(time)
        }
        return times
    }

    /// The action after an alert at `alert`: the alert plus a drawn reaction time [ns].
    public func react(to alert: SimTime) -> SimTime {
        alert + spec.reaction.sampleTime(reactionStream)
    }

    /// Follows the datapoints from the window containing `from` until the alert fires, or nil when
    /// no run of bad datapoints completes in a window ending by `until` (a missed detection).
    /// `noise(k)` is added to the k-th datapoint's value (k counts from the window containing `from`).
    public func detect(
        _ signal: MetricSignal, from: SimTime, until: SimTime, noise: (Int) -> Double = { _ in 0 }
    ) -> Detection? {
        var start = windowStart(containing: from)
        var index = 0
        var tracker = AlertTracker(rule: spec.rule)
        while start + spec.resolution <= until {
            let end = start + spec.resolution
            let value = signal.average(from: start, to: end) + noise(index)
            if let fired = tracker.observe(value, windowStart: start, windowEnd: end, deliver: deliver) {
                return Detection(
                    firstBadAtAgent: fired.firstBadAtAgent, firstBadStages: fired.firstBadStages,
                    alert: fired.alert, action: react(to: fired.alert))
            }
            start = end
            index += 1
        }
        return nil
    }
}

/// The alert rule over a stream of datapoints: it fires once per run of bad datapoints, when the
/// run reaches `consecutive`, and fires again only after a good datapoint has ended the run.
public struct AlertTracker: Sendable {
    /// A run of bad datapoints that raised the alert [ns].
    public struct Fired: Sendable, Hashable {
        /// Start of the window of the run's first datapoint.
        public var runStart: SimTime
        /// When the agent had the run's first datapoint, and when it left each stage.
        public var firstBadAtAgent: SimTime
        public var firstBadStages: [SimTime]
        /// When the last of the run's `consecutive` datapoints had left the last stage.
        public var alert: SimTime
    }

    public let rule: AlertRule
    private var length = 0
    private var firing = false
    private var first: (runStart: SimTime, agent: SimTime, stages: [SimTime]) = (0, 0, [])
    private var latest: SimTime = 0

    public init(rule: AlertRule) {
        self.rule = rule
    }

    /// Takes the datapoint of window [`windowStart`, `windowEnd`); `deliver(ready)` gives its stage
    /// times and is called for bad datapoints only. Returns the run when this datapoint fires the alert.
    public mutating func observe(
        _ value: Double, windowStart: SimTime, windowEnd: SimTime, deliver: (SimTime) -> [SimTime]
    ) -> Fired? {
        guard value > rule.threshold else {
            reset()
            return nil
        }
        let stages = deliver(windowEnd)
        let shown = stages.last ?? windowEnd
        if length == 0 {
            first = (windowStart, windowEnd, stages)
            latest = shown
        }
        length += 1
        latest = max(latest, shown)
        guard length >= rule.consecutive, !firing else { return nil }
        firing = true
        return Fired(runStart: first.runStart, firstBadAtAgent: first.agent, firstBadStages: first.stages, alert: latest)
    }

    /// A good datapoint (or a stretch of them): the run ends and the alert clears.
    public mutating func reset() {
        length = 0
        firing = false
    }
}
