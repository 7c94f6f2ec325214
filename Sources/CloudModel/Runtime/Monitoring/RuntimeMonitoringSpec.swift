import SimKernel

/// Monitoring inside a runtime: one metric of the watched services, measured from the calls the
/// simulated instances answer, through the same `MonitoringSpec` pipeline (agent windows,
/// stages, alert rule, reaction) as a `monitoring:` scenario.
public struct RuntimeMonitoringSpec: Sendable, Hashable, Codable {
    /// Resolution, stages, alert rule and reaction.
    public var pipeline: MonitoringSpec
    /// What each datapoint measures; the alert's threshold is in its unit.
    public var metric: WatchedMetric
    /// Services watched, in file order; empty watches every service.
    public var services: [String]
    /// From the action on an alert to the end of the `errors` and `random_errors` faults then in
    /// force on the alerted service [s] (a person or automation restores it); nil: an alert with
    /// no deploy behind it changes nothing, and faults end on their own.
    public var repair: Distribution?

    public init(
        pipeline: MonitoringSpec, metric: WatchedMetric = .errorRatio, services: [String] = [], repair: Distribution? = nil
    ) {
        self.pipeline = pipeline
        self.metric = metric
        self.services = services
        self.repair = repair
    }

    /// How long after a fault ends an alert still counts as detecting it [ns]: the windows the
    /// alert rule needs plus the one the fault ended in, and every stage's period and mean delay.
    /// An alert raised by the fault's last bad datapoints arrives within this.
    public var detectionGrace: SimTime {
        let stages = pipeline.stages.reduce(SimTime(0)) { total, stage in
            total + stage.period + SimTime(seconds: stage.delay.mean)
        }
        return SimTime(pipeline.rule.consecutive + 1) * pipeline.resolution + stages
    }
}

/// The metric of a runtime's monitoring, per service and agent window.
public enum WatchedMetric: Sendable, Hashable, Codable {
    /// Failed calls / calls the service finished in the window [ratio]; no datapoint without calls.
    case errorRatio
    /// A percentile (0…100) of the response time of the calls the service answered in the window
    /// [s]; no datapoint without answered calls.
    case latencyPercentile(Double)
    /// Calls the service finished (answered or failed) per second of the window [1/s]; 0 without calls.
    case requestRate

    /// Name in files and reports: `error_ratio`, `latency_p99`, `latency_p999`, `request_rate`.
    public var name: String {
        switch self {
        case .errorRatio: return "error_ratio"
        case .requestRate: return "request_rate"
        case .latencyPercentile(let percentile):
            // 99 → p99, 99.9 → p999, 50 → p50: the digits without the point.
            let text = percentile == percentile.rounded() ? String(Int(percentile)) : String(percentile)
            return "latency_p" + text.filter { $0 != "." }
        }
    }

    /// The percentile a name like `latency_p99` or `latency_p999` stands for: the first two
    /// digits are whole percents, the rest decimals (`p5` is 5), which may not end in 0 (`p100`
    /// and `p500` are not percentiles of this kind). Nil for other names.
    public static func percentile(named name: String) -> Double? {
        guard name.hasPrefix("latency_p") else { return nil }
        let digits = name.dropFirst("latency_p".count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let whole = digits.prefix(2)
        let decimals = digits.dropFirst(2)
        guard decimals.last != "0", let value = Double(decimals.isEmpty ? String(whole) : "\(whole).\(decimals)"), value > 0, value < 100
        else { return nil }
        return value
    }
}
