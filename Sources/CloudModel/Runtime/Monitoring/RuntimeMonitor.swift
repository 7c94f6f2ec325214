import SimKernel

/// The runtime's monitoring component: counts the calls each watched service finishes in the
/// current agent window, and at each window's end turns the counts into one datapoint per
/// series, which goes through the stages (`MonitoringPipeline.deliver`) to the alert rule
/// (`AlertTracker`). Its events ride in the runtime's event list (`RuntimeModel.Event.monitoring`).
///
/// A series is what one datapoint describes: a service on one server group. Without deploys a
/// service runs on one group, so it is the service; a deploy's new group gets series of its own
/// (`addGroup`), so a canary is judged on its own datapoints — its own few calls, its own noise.
///
/// - Complexity: O(1) per call finished; O(series) per window, whatever the request rate.
public struct RuntimeMonitor {
    public enum Event {
        /// The agent window ending now is complete: one datapoint per series.
        case windowEnds
        /// Someone (or automation) acts on alert `alert`, `reaction` after it.
        case act(alert: Int32)
    }

    /// What one series' datapoints describe.
    struct SeriesKey: Hashable {
        /// The service, by index in `RuntimeModel.services`.
        var service: Int32
        /// The server group, by index in `RuntimeModel.serverGroups`.
        var group: Int32
    }

    /// Counts of the window in progress, per series.
    struct WindowCounts {
        var answered = 0
        var failed = 0
    }

    let spec: RuntimeMonitoringSpec
    /// Series index of each (server group, service), at `group * serviceNames.count + service`;
    /// -1 when not watched (or not in the group's deployable).
    var seriesOf: [Int32]
    var keys: [SeriesKey]
    /// One pipeline per series: its stage delays and reactions are its own random streams.
    var pipelines: [MonitoringPipeline]
    /// Watched, by service index.
    let watched: [Bool]
    let serviceNames: [String]
    let region: String
    let streams: RandomStreams
    var trackers: [AlertTracker]
    var counts: [WindowCounts]
    /// Response times of the answered calls of the window, per series; empty unless the metric
    /// is a latency percentile.
    var latencies: [LatencyHistogram]
    /// Calls finished per series in the windows reported so far: the datapoints' calls.
    var callsCounted: [Int]
    /// Failed calls among them.
    var failedCounted: [Int]
    /// Alerts in the order they fired (at their window's end).
    var alerts: [MonitorAlert] = []
    /// The series a window visits, in series order: all but those of server groups with no
    /// instance left, which weeks of deploys would otherwise make thousands. A window with no
    /// calls of a series does nothing to it, so leaving it out changes nothing; a late call of
    /// a retired series (an execution outliving its instance) brings it back.
    var liveSeries: [Int32]
    var retired: [Bool]

    /// - Parameters:
    ///   - services: the runtime's service names, in order.
    ///   - deployableOfService: each service's deployable, whose index is its first server group.
    init(
        spec: RuntimeMonitoringSpec, services: [String], deployableOfService: [Int32], region: String,
        streams: RandomStreams
    ) {
        self.spec = spec
        let watched = spec.services.isEmpty ? services : spec.services
        keys = watched.map { name in
            let service = services.firstIndex(of: name)!
            return SeriesKey(service: Int32(service), group: deployableOfService[service])
        }
        let groups = Int(deployableOfService.max() ?? -1) + 1
        var seriesOf = [Int32](repeating: -1, count: groups * services.count)
        for (series, key) in keys.enumerated() {
            seriesOf[Int(key.group) * services.count + Int(key.service)] = Int32(series)
        }
        self.seriesOf = seriesOf
        self.watched = services.map { watched.contains($0) }
        serviceNames = services
        self.region = region
        self.streams = streams
        pipelines = watched.map { name in
            MonitoringPipeline(spec: spec.pipeline, streams: streams, path: "\(region).monitoring.\(name)")
        }
        trackers = keys.map { _ in AlertTracker(rule: spec.pipeline.rule) }
        counts = Array(repeating: WindowCounts(), count: keys.count)
        if case .latencyPercentile = spec.metric {
            latencies = keys.map { _ in LatencyHistogram(precise: false) }
        } else {
            latencies = []
        }
        callsCounted = Array(repeating: 0, count: keys.count)
        failedCounted = Array(repeating: 0, count: keys.count)
        liveSeries = keys.indices.map(Int32.init)
        retired = Array(repeating: false, count: keys.count)
    }

    /// Series for the watched services among `services` on new server group `group` (the groups
    /// before it have theirs), running the deployable's version `version`: their pipelines'
    /// streams are `REGION.monitoring.SERVICE.vVERSION.…`.
    mutating func addGroup(_ group: Int32, services: [Int32], version: Int) {
        let count = serviceNames.count
        seriesOf += [Int32](repeating: -1, count: (Int(group) + 1) * count - seriesOf.count)
        for service in services where watched[Int(service)] {
            seriesOf[Int(group) * count + Int(service)] = Int32(keys.count)
            liveSeries.append(Int32(keys.count))
            retired.append(false)
            keys.append(SeriesKey(service: service, group: group))
            pipelines.append(
                MonitoringPipeline(
                    spec: spec.pipeline, streams: streams,
                    path: "\(region).monitoring.\(serviceNames[Int(service)]).v\(version)"))
            trackers.append(AlertTracker(rule: spec.pipeline.rule))
            counts.append(WindowCounts())
            if case .latencyPercentile = spec.metric { latencies.append(LatencyHistogram(precise: false)) }
            callsCounted.append(0)
            failedCounted.append(0)
        }
    }

    /// Server group `group` has no instance left: its series are no longer visited.
    mutating func retire(group: Int32) {
        liveSeries.removeAll {
            guard keys[Int($0)].group == group, counts[Int($0)].answered + counts[Int($0)].failed == 0 else { return false }
            retired[Int($0)] = true
            return true
        }
    }

    /// A call of retired series `series`: visited again, in its place.
    private mutating func revive(_ series: Int) {
        retired[series] = false
        let place = liveSeries.firstIndex { $0 > Int32(series) } ?? liveSeries.endIndex
        liveSeries.insert(Int32(series), at: place)
    }

    /// End of the first agent window that ends after time 0 [ns].
    var firstWindowEnd: SimTime { pipelines.first.map { $0.windowStart(containing: 0) + spec.pipeline.resolution } ?? 0 }

    /// A call of `service` on an instance of server group `group` finished with `outcome`,
    /// `latency` after it reached the instance.
    @inline(__always)
    mutating func record(service: Int, group: Int32, outcome: Outcome, latency: SimTime) {
        let series = Int(seriesOf[Int(group) * serviceNames.count + service])
        guard series >= 0 else { return }
        if retired[series] { revive(series) }
        guard outcome.answered else {
            counts[series].failed += 1
            return
        }
        counts[series].answered += 1
        if !latencies.isEmpty { latencies[series].record(latency) }
    }

    /// Closes the window ending at `end`: each series' datapoint goes to its alert rule, and the
    /// counts start again. A window that began before the run (an agent `offset`) is partial and
    /// reports nothing. Returns the alerts this window raised, as indices into `alerts`.
    mutating func closeWindow(endingAt end: SimTime) -> [Int32] {
        let start = end - spec.pipeline.resolution
        var raised: [Int32] = []
        for series in liveSeries.lazy.map(Int.init) {
            let window = counts[series]
            counts[series] = WindowCounts()
            let value = start >= 0 ? datapoint(series, window) : nil
            if !latencies.isEmpty { latencies[series].reset() }
            guard start >= 0 else { continue }
            callsCounted[series] += window.answered + window.failed
            failedCounted[series] += window.failed
            // No calls, no datapoint: missing data neither extends nor ends a run of bad ones.
            guard let value else { continue }
            let pipeline = pipelines[series]
            guard let fired = trackers[series].observe(value, windowStart: start, windowEnd: end, deliver: pipeline.deliver)
            else { continue }
            raised.append(Int32(alerts.count))
            alerts.append(MonitorAlert(key: keys[series], fired: fired, action: pipeline.react(to: fired.alert)))
        }
        return raised
    }

    /// The series' value over a window, in the metric's unit; nil when the window has none.
    private func datapoint(_ series: Int, _ window: WindowCounts) -> Double? {
        let calls = window.answered + window.failed
        switch spec.metric {
        case .errorRatio:
            return calls > 0 ? Double(window.failed) / Double(calls) : nil
        case .latencyPercentile(let percentile):
            return window.answered > 0 ? latencies[series].percentile(percentile) : nil
        case .requestRate:
            return Double(calls) / spec.pipeline.resolution.seconds
        }
    }
}

/// One alert of a runtime's monitoring [ns].
struct MonitorAlert {
    var key: RuntimeMonitor.SeriesKey
    /// The run of bad datapoints that raised it: first window, agent and stage times, alert.
    var fired: AlertTracker.Fired
    /// When the action is due: the alert plus the drawn reaction.
    var due: SimTime
    /// When the action was taken; nil until then (or when the run ended first).
    var action: SimTime? = nil

    init(key: RuntimeMonitor.SeriesKey, fired: AlertTracker.Fired, action due: SimTime) {
        self.key = key
        self.fired = fired
        self.due = due
    }
}
