import CloudModel
import SimKernel
import Yams

/// `runtime.monitoring`: the pipeline of a `monitoring:` scenario (same keys, same reader), plus
/// the metric its datapoints measure and the services it watches.
///
/// ```yaml
/// runtime:
///   monitoring:
///     resolution: 1m
///     stages: [{name: arrival, delay: 200ms}, {name: processing}, {name: display, delay: 200ms}]
///     alert: {threshold: 0.8, consecutive: 3}
///     reaction: 1m
///     metric: error_ratio     # optional: error_ratio (default), latency_p99 (any latency_pNN), request_rate
///     services: [api]         # optional non-empty list of service names; default every service
///     repair: 2m              # optional: the action to the end of the service's error faults
/// ```
extension NodeReader {
    /// The metric names suggested on a typo; any `latency_pNN` is accepted.
    static let watchedMetricNames = [
        "error_ratio", "request_rate", "latency_p50", "latency_p90", "latency_p95", "latency_p99", "latency_p999",
    ]

    /// `services` are the names the block may watch; nil when they could not be read (reported).
    func runtimeMonitoring(_ node: Node, services: [String]?) -> RuntimeMonitoringSpec? {
        let pipeline = monitoringSpec(node, otherKeys: ["metric", "services", "repair"])
        guard let mapping = node.mapping else { return nil }
        let metric = mapping["metric"].map(watchedMetric) ?? .errorRatio
        let watched = mapping["services"].map { list in
            distinctNames(
                list, key: "services", expected: "a non-empty list of service names, like `[api, db]`",
                allowingEmpty: false
            ) { reference($0, key: "services", kind: "service", among: services) }
        } ?? []
        let repair: Distribution?? = mapping["repair"].map { distribution($0, key: "repair") } ?? .some(nil)
        guard let pipeline, let metric, let watched, let repair else { return nil }
        return RuntimeMonitoringSpec(pipeline: pipeline, metric: metric, services: watched, repair: repair)
    }

    /// `error_ratio`, `request_rate` or `latency_pNN` (`latency_p99`, `latency_p999`).
    private func watchedMetric(_ node: Node) -> WatchedMetric? {
        let expected = "`error_ratio`, `request_rate` or a latency percentile like `latency_p99`"
        guard let text = scalarText(node, key: "metric", expected: expected) else { return nil }
        switch text {
        case "error_ratio": return .errorRatio
        case "request_rate": return .requestRate
        default:
            if let percentile = WatchedMetric.percentile(named: text) { return .latencyPercentile(percentile) }
            let hint = Suggestions.hint(for: text, in: Self.watchedMetricNames, otherwise: "expected \(expected)")
            report("unknown metric `\(text)` for `metric`; \(hint)", at: node)
            return nil
        }
    }
}
