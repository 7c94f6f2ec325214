import CloudModel
import SimKernel
import Yams

/// The `product_development:` model: ideas arriving at a rate and the chain of team stages they pass.
///
/// ```yaml
/// product_development:
///   idea_rate: 0.1/d            # or idea_interarrival: a distribution
///   stages:
///     - name: business_need
///       duration: {distribution: gamma, shape: 2, scale: 7d}
///       capacity: 4             # optional: ideas the team works on at once (default: no limit)
///       handoff: 2d             # optional: delay before the team can take it up (default 0)
/// ```
extension NodeReader {
    func productDevelopment(_ node: Node) -> ProductDevelopmentSpec? {
        let expected = "a mapping with `idea_rate:` (or `idea_interarrival:`) and `stages:`"
        guard let mapping = mapping(node, what: "`product_development`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`product_development`", allowed: ["idea_rate", "idea_interarrival", "stages"])
        let interarrival: Distribution?
        switch oneOf("idea_rate", "idea_interarrival", in: fields) {
        case "idea_rate":
            // Poisson ideas: exponential times between them, of mean 1 / rate.
            interarrival = fields["idea_rate"].flatMap { rate($0, key: "idea_rate") }.map { .exponential(mean: 1 / $0) }
        case "idea_interarrival":
            interarrival = fields["idea_interarrival"].flatMap {
                distributionWithPositiveMean($0, key: "idea_interarrival")
            }
        default:
            interarrival = nil
        }
        let stages = required("stages", in: fields).flatMap(developmentStages)
        guard let interarrival, let stages else { return nil }
        return ProductDevelopmentSpec(ideaInterarrival: interarrival, stages: stages)
    }

    /// The stages in order, names distinct.
    private func developmentStages(_ node: Node) -> [DevelopmentStage]? {
        let expected = "a non-empty list of stages, like `- {name: development, duration: 14d}`"
        guard let items = nonEmptySequence(node, key: "stages", expected: expected) else { return nil }
        var firstGiven: [String: Node] = [:]
        let stages = items.enumerated().map { index, item -> DevelopmentStage? in
            let place = "stage \(index + 1) of `stages`"
            let expected = "a mapping with `name:` and `duration:`"
            guard let mapping = mapping(item, what: place, expected: expected) else { return nil }
            let fields = fields(of: item, mapping, place: place, allowed: ["name", "duration", "capacity", "handoff"])
            var name = required("name", in: fields).flatMap { self.name($0, what: "`name`") }
            if let given = name, let nameNode = fields["name"] {
                if let first = firstGiven[given] {
                    let at = first.mark.map { " at \($0.line):\($0.column)" } ?? ""
                    report("duplicate stage name `\(given)`; first given\(at)", at: nameNode)
                    name = nil
                } else {
                    firstGiven[given] = nameNode
                }
            }
            let duration = required("duration", in: fields).flatMap { distribution($0, key: "duration") }
            let capacity = optionalSetting("capacity", in: fields) { wholeNumber($0, key: "capacity", atLeast: 1) }
            let handoff = optional("handoff", in: fields, default: .constant(0)) { distribution($0, key: "handoff") }
            guard let name, let duration, let capacity, let handoff else { return nil }
            return DevelopmentStage(name: name, duration: duration, capacity: capacity, handoff: handoff)
        }
        return stages.contains(nil) ? nil : stages.compactMap { $0 }
    }
}
