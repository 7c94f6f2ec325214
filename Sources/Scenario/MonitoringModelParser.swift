import CloudModel
import SimKernel
import Yams

/// The `monitoring:` model of a scenario: a service's error ratio, its incidents, and the metric
/// pipeline (`pipeline:`, read by `monitoringSpec`) that has to notice them.
extension NodeReader {
    func monitoringModel(_ node: Node) -> MonitoringModelSpec? {
        let keys = ["service", "pipeline", "incidents", "random_incidents", "repair", "attention_span"]
        let expected = "a mapping with `service:`, `pipeline:` and `incidents:` or `random_incidents:`"
        guard let mapping = mapping(node, what: "`monitoring`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`monitoring`", allowed: keys)
        let service = required("service", in: fields).flatMap(monitoredService)
        let pipeline = required("pipeline", in: fields).flatMap { monitoringSpec($0, key: "pipeline") }
        let incidents = optional("incidents", in: fields, default: [], listedIncidents)
        let random = optionalSetting("random_incidents", in: fields, randomIncidents)
        let repair = optional("repair", in: fields, default: .constant(0)) { distribution($0, key: "repair") }
        let attention = optional("attention_span", in: fields, default: SimTime(seconds: 10)) {
            simTime($0, key: "attention_span", positive: true)
        }
        guard let service, let pipeline, let incidents, let random, let repair, let attention else { return nil }
        return MonitoringModelSpec(
            service: service, pipeline: pipeline, incidents: incidents, randomIncidents: random, repair: repair,
            attentionSpan: attention)
    }

    /// `request_rate:`, `error_ratio:` and `noise:`.
    private func monitoredService(_ node: Node) -> MonitoredService? {
        let expected = "a mapping with `request_rate:`, `error_ratio:` and, optionally, `noise:`"
        guard let mapping = mapping(node, what: "`service`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`service`", allowed: ["request_rate", "error_ratio", "noise"])
        let rate = required("request_rate", in: fields).flatMap { self.rate($0, key: "request_rate") }
        let ratio = required("error_ratio", in: fields).flatMap { self.ratio($0, key: "error_ratio") }
        let noise = optional("noise", in: fields, default: MetricNoise.none, metricNoise)
        guard let rate, let ratio, let noise else { return nil }
        return MonitoredService(requestRate: rate, errorRatio: ratio, noise: noise)
    }

    /// `none`, `requests`, or `{normal_stddev: 0.02}`.
    private func metricNoise(_ node: Node) -> MetricNoise? {
        if case .mapping(let mapping) = node {
            let fields = fields(of: node, mapping, place: "`noise`", allowed: ["normal_stddev"])
            return required("normal_stddev", in: fields).flatMap { positiveNumber($0, key: "normal_stddev") }
                .map { MetricNoise.normal(stddev: $0) }
        }
        let choices = ["none", "requests"]
        let expected = "\(Suggestions.list(choices)), or a mapping with `normal_stddev:`"
        guard let text = scalarText(node, key: "noise", expected: expected) else { return nil }
        switch text {
        case "none": return MetricNoise.none
        case "requests": return .requests
        default:
            let hint = Suggestions.nearest(to: text, in: choices).map { "; did you mean `\($0)`?" } ?? ""
            report("`noise` expects \(expected), found \(found(node))\(hint)", at: node)
            return nil
        }
    }

    /// Incidents at given times; an empty list is none.
    private func listedIncidents(_ node: Node) -> [ListedIncident]? {
        let expected = "a list of incidents, like `- {at: 2m20s, error_ratio: 1}`"
        guard case .sequence(let items) = node else {
            report("`incidents` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        let incidents = items.enumerated().map { listedIncident($1, place: "incident \($0 + 1)") }
        return incidents.contains(nil) ? nil : incidents.compactMap { $0 }
    }

    private func listedIncident(_ node: Node, place: String) -> ListedIncident? {
        let expected = "a mapping with `at:`, `error_ratio:` and, optionally, `duration:`"
        guard let mapping = mapping(node, what: place, expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: place, allowed: ["at", "error_ratio", "duration"])
        let at = required("at", in: fields).flatMap { simTime($0, key: "at") }
        let ratio = required("error_ratio", in: fields).flatMap { self.ratio($0, key: "error_ratio") }
        let duration = optionalSetting("duration", in: fields) { simTime($0, key: "duration", positive: true) }
        guard let at, let ratio, let duration else { return nil }
        return ListedIncident(at: at, errorRatio: ratio, duration: duration)
    }

    /// `rate:`, `error_ratio:` (a number or `{min:, max:}`) and `duration:`.
    private func randomIncidents(_ node: Node) -> RandomIncidents? {
        let expected = "a mapping with `rate:`, `error_ratio:` and, optionally, `duration:`"
        guard let mapping = mapping(node, what: "`random_incidents`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`random_incidents`", allowed: ["rate", "error_ratio", "duration"])
        let rate = required("rate", in: fields).flatMap { self.rate($0, key: "rate") }
        let range = required("error_ratio", in: fields).flatMap { ratioRange($0, key: "error_ratio") }
        let duration = optionalSetting("duration", in: fields) { distributionWithPositiveMean($0, key: "duration") }
        guard let rate, let range, let duration else { return nil }
        return RandomIncidents(rate: rate, minErrorRatio: range.min, maxErrorRatio: range.max, duration: duration)
    }

    /// A ratio, or `{min:, max:}` for one uniform between them.
    func ratioRange(_ node: Node, key: String) -> (min: Double, max: Double)? {
        guard case .mapping(let mapping) = node else { return ratio(node, key: key).map { ($0, $0) } }
        let fields = fields(of: node, mapping, place: "`\(key)`", allowed: ["min", "max"])
        let low = required("min", in: fields).flatMap { ratio($0, key: "min") }
        var high = required("max", in: fields).flatMap { ratio($0, key: "max") }
        if let low, let value = high, value < low, let maxNode = fields["max"] {
            report("`max` expects a number from `min` (\(text(of: fields["min"]!))) to 1, found \(found(maxNode))", at: maxNode)
            high = nil
        }
        guard let low, let high else { return nil }
        return (low, high)
    }
}
