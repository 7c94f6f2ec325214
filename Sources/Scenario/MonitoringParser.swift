import CloudModel
import SimKernel
import Yams

/// A metric pipeline (the talk's "measuring in minutes" slides): the agent's collection interval,
/// the stages a datapoint passes on its way to the graph, the alert rule and the reaction.
///
/// ```yaml
/// monitoring:
///   resolution: 1m          # required: agent collection interval (> 0)
///   offset: 0s              # optional phase of agent windows, default 0
///   stages:                 # required non-empty list, in order; names distinct
///     - name: arrival
///       period: 1m          # optional, default = resolution; 0 = continuous
///       offset: 0s          # optional, default 0
///       delay: 200ms        # optional time or distribution, default 0
///   alert:                  # required
///     threshold: 0.8        # required number: a datapoint is bad when strictly above
///     consecutive: 3        # optional whole number >= 1, default 1
///   reaction: 30s           # optional time or distribution, default 0
/// ```
extension NodeReader {
    /// Keys of a monitoring pipeline mapping.
    static let monitoringKeys = ["resolution", "offset", "stages", "alert", "reaction"]

    /// The pipeline in `node`, the value of `key` (`monitoring` unless it sits elsewhere).
    /// `otherKeys` may sit beside the pipeline's in the mapping; the caller reads them.
    func monitoringSpec(_ node: Node, key: String = "monitoring", otherKeys: [String] = []) -> MonitoringSpec? {
        let expected = "a mapping with `resolution:`, `stages:` and `alert:`"
        guard let mapping = mapping(node, what: "`\(key)`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`\(key)`", allowed: Self.monitoringKeys + otherKeys)
        let resolution = required("resolution", in: fields).flatMap {
            simTime($0, key: "resolution", positive: true)
        }
        let offset = optional("offset", in: fields, default: 0) { simTime($0, key: "offset") }
        let phase = phase(offset, of: resolution, fields: fields, periodKey: "resolution")
        let stages = required("stages", in: fields).flatMap { monitoringStages($0, resolution: resolution) }
        let rule = required("alert", in: fields).flatMap(alertRule)
        let reaction = optional("reaction", in: fields, default: .constant(0)) { distribution($0, key: "reaction") }
        guard let resolution, let phase, let stages, let rule, let reaction else { return nil }
        return MonitoringSpec(resolution: resolution, offset: phase, stages: stages, rule: rule, reaction: reaction)
    }

    /// The offset of boundaries every `period`, which must be shorter than the period; a continuous
    /// period (0) takes no offset. Nil when invalid (reported) or when the period is unknown.
    private func phase(_ offset: SimTime?, of period: SimTime?, fields: Fields, periodKey: String) -> SimTime? {
        guard let offset, let period else { return nil }
        guard let offsetNode = fields["offset"], offset > 0, offset >= period else { return offset }
        let periodText = fields[periodKey].map { "`\(periodKey)` (\(text(of: $0)))" } ?? "the default `\(periodKey)`"
        if period == 0 {
            report("`offset` needs a `period` above zero; a continuous stage hands on at once", at: offsetNode)
        } else {
            report("`offset` expects a duration shorter than \(periodText), found \(found(offsetNode))", at: offsetNode)
        }
        return nil
    }

    /// The stages in order, names distinct; a stage's period defaults to `resolution`.
    private func monitoringStages(_ node: Node, resolution: SimTime?) -> [MonitoringStage]? {
        let expected = "a non-empty list of stages, like `- name: arrival`"
        guard let items = nonEmptySequence(node, key: "stages", expected: expected) else { return nil }
        var firstGiven: [String: Node] = [:]
        var stages: [MonitoringStage?] = []
        for (index, item) in items.enumerated() {
            let stage = monitoringStage(item, place: "stage \(index + 1) of `stages`", resolution: resolution)
            if let stage, let nameNode = item.mapping?["name"] {
                if let first = firstGiven[stage.name] {
                    let at = first.mark.map { " at \($0.line):\($0.column)" } ?? ""
                    report("duplicate stage name `\(stage.name)`; first given\(at)", at: nameNode)
                    stages.append(nil)
                    continue
                }
                firstGiven[stage.name] = nameNode
            }
            stages.append(stage)
        }
        return stages.contains(nil) ? nil : stages.compactMap { $0 }
    }

    private func monitoringStage(_ node: Node, place: String, resolution: SimTime?) -> MonitoringStage? {
        let expected = "a mapping with `name:` and, optionally, `period:`, `offset:` and `delay:`"
        guard let mapping = mapping(node, what: place, expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: place, allowed: ["name", "period", "offset", "delay"])
        let name = required("name", in: fields).flatMap { self.name($0, what: "`name`") }
        let period = fields["period"].map { simTime($0, key: "period") } ?? resolution
        let offset = optional("offset", in: fields, default: 0) { simTime($0, key: "offset") }
        let phase = phase(offset, of: period, fields: fields, periodKey: "period")
        let delay = optional("delay", in: fields, default: .constant(0)) { distribution($0, key: "delay") }
        guard let name, let period, let phase, let delay else { return nil }
        return MonitoringStage(name: name, period: period, offset: phase, delay: delay)
    }

    /// `threshold:` and `consecutive:`.
    private func alertRule(_ node: Node) -> AlertRule? {
        let expected = "a mapping with `threshold:` and, optionally, `consecutive:`"
        guard let mapping = mapping(node, what: "`alert`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`alert`", allowed: ["threshold", "consecutive"])
        let threshold = required("threshold", in: fields).flatMap {
            number($0, key: "threshold", expected: "a number")
        }
        let consecutive = optional("consecutive", in: fields, default: 1) {
            wholeNumber($0, key: "consecutive", atLeast: 1)
        }
        guard let threshold, let consecutive else { return nil }
        return AlertRule(threshold: threshold, consecutive: consecutive)
    }
}
