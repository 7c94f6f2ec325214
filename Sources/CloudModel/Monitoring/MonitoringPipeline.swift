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

    /// Follows the datapoints from the window containing `from` until the alert fires, or nil when
    /// no run of bad datapoints completes in a window ending by `until` (a missed detection).
    /// `noise(k)` is added to the k-th datapoint's value (k counts from the window containing `from`).
    public func detect(
        _ signal: MetricSignal, from: SimTime, until: SimTime, noise: (Int) -> Double = { _ in 0 }
    ) -> Detection? {
        var start = windowStart(containing: from)
        var index = 0
        var run: [SimTime] = []
        var first: (agent: SimTime, stages: [SimTime])? = nil
        while start + spec.resolution <= until {
            let end = start + spec.resolution
            let value = signal.average(from: start, to: end) + noise(index)
            let stages = deliver(ready: end)
            if value > spec.rule.threshold {
                if first == nil { first = (end, stages) }
                run.append(stages.last ?? end)
                if run.count == spec.rule.consecutive {
                    let alert = run.max()!
                    let action = alert + spec.reaction.sampleTime(reactionStream)
                    return Detection(
                        firstBadAtAgent: first!.agent, firstBadStages: first!.stages, alert: alert, action: action)
                }
            } else {
                run.removeAll(keepingCapacity: true)
                first = nil
            }
            start = end
            index += 1
        }
        return nil
    }
}
