import CloudModel
import SimKernel
import Yams

/// The top level of a scenario file: its settings, base model and variants.
extension NodeReader {
    /// Every key a scenario file may have at the top.
    static let scenarioKeys = ["name", "description", "seed", "duration", "warmup", "replications", "model", "variants"]

    /// The scenario in the document's root node.
    func scenario(_ root: Node) -> ScenarioDescription? {
        let expected = "a mapping with keys such as `name:`, `duration:` and `model:`"
        guard let mapping = mapping(root, what: "a scenario file", expected: expected) else { return nil }
        let fields = fields(of: root, mapping, place: "the scenario", allowed: Self.scenarioKeys)
        let name = required("name", in: fields).flatMap { self.name($0, what: "`name`") }
        let description = optional("description", in: fields, default: "") { text($0, key: "description") }
        let seed = optional("seed", in: fields, default: 1) { unsignedWholeNumber($0, key: "seed") }
        let durationNode = required("duration", in: fields)
        let duration = durationNode.flatMap { simTime($0, key: "duration", positive: true) }
        let warmUp = optional("warmup", in: fields, default: 0) { simTime($0, key: "warmup") }
        if let duration, let warmUp, warmUp >= duration, let durationNode, let warmUpNode = fields["warmup"] {
            let (warmUpText, durationText) = (text(of: warmUpNode), text(of: durationNode))
            report("`warmup` (\(warmUpText)) must be shorter than `duration` (\(durationText))", at: warmUpNode)
        }
        let replications = optional("replications", in: fields, default: 10) {
            wholeNumber($0, key: "replications", atLeast: 1)
        }
        let modelNode = required("model", in: fields)
        let base = modelNode.flatMap(model)
        let variants = variants(fields["variants"], baseNode: modelNode, base: base)
        guard let name, let description, let seed, let duration, let warmUp, let replications, let variants
        else { return nil }
        return ScenarioDescription(
            name: name, description: description, seed: seed, duration: duration, warmUp: warmUp,
            replications: replications, variants: variants)
    }

    /// The variants in file order; without a `variants` key, one variant `base` of the base model.
    private func variants(_ node: Node?, baseNode: Node?, base: ModelSpec?) -> [VariantDescription]? {
        guard let node else {
            return base.map { [VariantDescription(name: "base", description: "", model: $0)] }
        }
        let expected = "a mapping of variant names to their `description:` and `model:` overrides"
        guard let entries = namedEntries(node, key: "variants", expected: expected) else { return nil }
        let variants = entries.map { variant($0, baseNode: baseNode) }
        return variants.contains(nil) ? nil : variants.compactMap { $0 }
    }

    /// One variant: its overrides merged into the base model node, then read as a whole model.
    private func variant(_ entry: Entry, baseNode: Node?) -> VariantDescription? {
        let name = name(entry.key, what: "a variant name")
        let place = "variant `\(entry.name)`"
        let expected = "a mapping with `description:` and `model:` overrides"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(of: entry.value, mapping, place: place, allowed: ["description", "model"])
        let description = optional("description", in: fields, default: "") { text($0, key: "description") }
        // Without a base model (reported already) there is nothing to merge into.
        let model = baseNode.flatMap { base in
            self.model(fields["model"].map { VariantMerge.merge($0, into: base) } ?? base)
        }
        guard let name, let description, let model else { return nil }
        return VariantDescription(name: name, description: description, model: model)
    }
}
