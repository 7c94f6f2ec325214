import CloudModel
import SimKernel
import Yams

/// The kinds of model a scenario can simulate, by their key in the file.
enum ModelKind: String, CaseIterable {
    /// A queueing network of services.
    case model
    /// Zones, instances and call graphs.
    case runtime
    /// A storage cluster under a client workload.
    case storage
    /// Ideas flowing through the stages of product development.
    case productDevelopment = "product_development"

    /// "`model:`, `runtime:`, `storage:` or `product_development:`", for messages.
    static let keys = Suggestions.list(allCases.map { "\($0.rawValue):" })
}

/// The top level of a scenario file: its settings, base model and variants.
extension NodeReader {
    /// Every key a scenario file may have at the top.
    static let scenarioKeys = [
        "name", "description", "seed", "duration", "warmup", "replications", "model", "runtime", "storage",
        "monitoring", "product_development", "delivery", "variants", "sweep", "baseline", "metrics",
    ]

    /// Seed of a file without `seed:`.
    static let defaultSeed: UInt64 = 1

    /// The scenario in the document's root node; `commandLine` (a mapping of setting paths to
    /// values, from `cnsim run --set`) is applied to every variant, after its own overrides.
    func scenario(_ root: Node, commandLine: Node? = nil) -> ScenarioDescription? {
        let expected = "a mapping with keys such as `name:`, `duration:` and \(ModelKind.keys)"
        guard let mapping = mapping(root, what: "a scenario file", expected: expected) else { return nil }
        let fields = fields(of: root, mapping, place: "the scenario", allowed: Self.scenarioKeys)
        let name = required("name", in: fields).flatMap { self.name($0, what: "`name`") }
        let description = optional("description", in: fields, default: "") { text($0, key: "description") }
        let seed = optional("seed", in: fields, default: Self.defaultSeed) { unsignedWholeNumber($0, key: "seed") }
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
        // An invalid seed is reported; the default still lets a generated graph be checked.
        let graphSeed = seed ?? Self.defaultSeed
        let rule =
            "a scenario needs exactly one of `model:` (a queueing network), `runtime:` "
            + "(zones, instances and call graphs), `storage:` (a storage cluster under load) "
            + "or `product_development:` (ideas through team stages)"
        // The retired `monitoring:` and `delivery:` kinds are named as such, not as unknown keys.
        let retiredKinds = [
            (
                "monitoring",
                "`monitoring:` scenarios now run inside a runtime: write `runtime:` with a service, an endpoint, "
                    + "chaos `errors` or `random_errors`, and `monitoring:` within it "
                    + "(see scenarios/monitoring-minute-vs-second.yaml)"
            ),
            (
                "delivery",
                "`delivery:` scenarios now run inside a runtime: write `runtime:` with the services and the calls "
                    + "they make, `deployables:` for a monolith, and `delivery:` and `monitoring:` within it "
                    + "(see scenarios/monolith-vs-microservices.yaml)"
            ),
        ]
        var retired: Node? = nil
        for (key, message) in retiredKinds {
            guard let node = fields[key] else { continue }
            report(message, at: node)
            retired = node
        }
        let given = ModelKind.allCases.contains { fields[$0.rawValue] != nil }
        let kind =
            retired != nil && !given
            ? nil : oneOf(ModelKind.allCases.map(\.rawValue), in: fields, rule: rule).flatMap(ModelKind.init)
        var base = kind.flatMap { kind in fields[kind.rawValue].map { (kind: kind, node: $0) } }
        var settled = true
        if let model = base {
            // The command line's settings go on the base too: a file without variants runs it.
            let applied = applying([(commandLine, "set")], to: model.node, kind: model.kind)
            (base, settled) = ((model.kind, applied.model), applied.settled)
        }
        if base == nil {
            // Several given: each is still read, so that its own problems are reported too.
            for kind in ModelKind.allCases {
                _ = fields[kind.rawValue].flatMap { model(kind, $0, seed: graphSeed) }
            }
        }
        let baseModel = base.flatMap { model($0.kind, $0.node, seed: graphSeed) }
        let sweep = fields["sweep"].map { node in base.flatMap { sweepPoints(node, kind: $0.kind) } }
        let variants: [VariantDescription]?
        if let sweep {
            // Without readable points (reported) there are no variants to read either.
            variants = sweep.flatMap {
                sweptVariants(fields["variants"], points: $0, base: base, seed: graphSeed, commandLine: commandLine)
            }
        } else {
            variants = self.variants(
                fields["variants"], base: base, baseModel: baseModel, seed: graphSeed, commandLine: commandLine)
        }
        let baseline = fields["baseline"].flatMap { baselineVariant($0, among: variants) }
        let metrics = optional("metrics", in: fields, default: []) { metricPatterns($0) }
        guard let name, let description, let seed, let duration, let warmUp, let replications, let variants,
            fields["baseline"] == nil || baseline != nil, settled, let metrics
        else { return nil }
        var scenario = ScenarioDescription(
            name: name, description: description, seed: seed, duration: duration, warmUp: warmUp,
            replications: replications, variants: variants, baseline: baseline)
        scenario.terminalMetrics = metrics
        return scenario
    }

    /// `metrics:`: a list of metric name patterns (`*` any characters, `?` one) for the terminal.
    func metricPatterns(_ node: Node) -> [String]? {
        let expected = "a list of metric names or patterns, like `[availability, \"*.p99\", \"home.*\"]`"
        guard case .sequence(let items) = node, !items.isEmpty else {
            report("`metrics` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        var patterns: [String] = []
        for item in items {
            guard let text = scalarText(item, key: "metrics", expected: expected) else { return nil }
            guard !text.isEmpty else {
                report("`metrics` expects \(expected), found an empty name", at: item)
                return nil
            }
            patterns.append(text)
        }
        return patterns
    }

    /// The variant named by `baseline:`; an unknown name is reported with the nearest variant's.
    /// Without variants (reported already) any name is taken as it is.
    private func baselineVariant(_ node: Node, among variants: [VariantDescription]?) -> String? {
        guard let name = scalarText(node, key: "baseline", expected: "the name of a variant") else { return nil }
        guard let names = variants?.map(\.name) else { return name }
        guard names.contains(name) else {
            let hint = Suggestions.hint(for: name, in: names, otherwise: "expected \(Suggestions.list(names))")
            report("`baseline` names no variant: `\(name)`; \(hint)", at: node)
            return nil
        }
        return name
    }

    /// The model of `kind` in `node`; `seed` draws a generated call graph.
    private func model(_ kind: ModelKind, _ node: Node, seed: UInt64) -> ModelDescription? {
        switch kind {
        case .model: model(node).map(ModelDescription.network)
        case .runtime: runtime(node, seed: seed).map(ModelDescription.runtime)
        case .storage: storage(node).map(ModelDescription.storage)
        case .productDevelopment: productDevelopment(node).map(ModelDescription.productDevelopment)
        }
    }

    /// `model` (the node under the scenario's `kind` key) with each `set:` entry's value put at its
    /// path; nil when a path is malformed or names nothing (reported at the path).
    private func settingsApplied(_ settings: Node, to model: Node, kind: ModelKind, what: String = "set") -> Node? {
        let example = "`\(kind.rawValue).endpoints.home.call.calls[db].client.timeout: 200ms`"
        guard case .mapping(let mapping) = settings else {
            report("`\(what)` expects a mapping of setting paths to values, like \(example), found \(found(settings))", at: settings)
            return nil
        }
        var result = model
        var failed = false
        for (key, value) in mapping {
            guard let text = key.string, let path = SettingPath(text) else {
                report(
                    "`\(what)` expects setting paths (keys joined by `.`, a list's entry by name in brackets), like "
                        + "\(example), found \(found(key))", at: key)
                failed = true
                continue
            }
            guard path.steps.first == .key(kind.rawValue) else {
                report(
                    "a `\(what)` path starts with `\(kind.rawValue).`, the key of this scenario's model; found `\(text)`",
                    at: key)
                failed = true
                continue
            }
            do throws(SettingPath.Miss) {
                result = try path.replacing(in: result, with: value, skipping: 1, mark: key.mark)
            } catch {
                let step = error.step
                let there: String
                if error.isValue {
                    there = "`\(error.found)` is a single value, with no \(step.noun)s"
                } else if error.names.isEmpty {
                    there = "`\(error.found)` has no \(step.noun)s"
                } else {
                    let near = Suggestions.nearest(to: step.name, in: error.names).map {
                        "did you mean `\(SettingPath.text(of: [step.renamed($0)], after: error.found))`?"
                    }
                    let listed = error.names.prefix(12).map { "`\($0)`" }.joined(separator: ", ")
                    there = "`\(error.found)` has no \(step.noun) `\(step.name)`; "
                        + (near ?? "its \(step.noun == "key" ? "keys" : "entries") are \(listed)")
                }
                report("`\(what)` path `\(text)` names nothing: \(there)", at: key)
                failed = true
            }
        }
        return failed ? nil : result
    }

    /// `model` with each of `settings` (`set:`, a sweep point, the command line) put in turn; a
    /// mapping that fails is reported and skipped, and `settled` is false.
    private func applying(
        _ settings: [(node: Node?, what: String)], to model: Node, kind: ModelKind
    ) -> (model: Node, settled: Bool) {
        var result = model
        var settled = true
        for case let (node?, what) in settings {
            if let set = settingsApplied(node, to: result, kind: kind, what: what) { result = set } else { settled = false }
        }
        return (result, settled)
    }

    /// The variants in file order; without a `variants` key, one variant `base` of the base model.
    private func variants(
        _ node: Node?, base: (kind: ModelKind, node: Node)?, baseModel: ModelDescription?, seed: UInt64,
        commandLine: Node?
    ) -> [VariantDescription]? {
        guard let node else {
            return baseModel.map { [VariantDescription(name: "base", description: "", model: $0)] }
        }
        let overrides = base.map { "`\($0.kind.rawValue):`" } ?? ModelKind.keys
        let expected = "a mapping of variant names to their `description:` and \(overrides) overrides"
        guard let entries = namedEntries(node, key: "variants", expected: expected) else { return nil }
        let variants = entries.map { variant($0, base: base, seed: seed, commandLine: commandLine) }
        return variants.contains(nil) ? nil : variants.compactMap { $0 }
    }

    /// The variants of a sweep: each point of `points` (over the base), or, with `variants`, each
    /// file variant crossed with each point, named `VARIANT+POINT`, variant-major. A point's
    /// settings go after the variant's own, the command line's last.
    private func sweptVariants(
        _ node: Node?, points: [SweepPoint], base: (kind: ModelKind, node: Node)?, seed: UInt64, commandLine: Node?
    ) -> [VariantDescription]? {
        guard let base else { return nil }
        var swept: [VariantDescription?] = []
        if let node {
            let expected = "a mapping of variant names to their `description:` and `\(base.kind.rawValue):` overrides"
            guard let entries = namedEntries(node, key: "variants", expected: expected) else { return nil }
            for entry in entries {
                for point in points {
                    swept.append(variant(entry, base: base, seed: seed, commandLine: commandLine, point: point))
                }
            }
        } else {
            for point in points {
                let (merged, settled) = applying(
                    [(point.settings, "sweep"), (commandLine, "set")], to: base.node, kind: base.kind)
                let model = settled ? attributing(to: point.name) { self.model(base.kind, merged, seed: seed) } : nil
                swept.append(model.map { VariantDescription(name: point.name, description: "sweep point \(point.name)", model: $0) })
            }
        }
        return swept.contains(nil) ? nil : swept.compactMap { $0 }
    }

    /// One variant: its overrides merged into the base model node, then read as a whole model.
    /// Its overrides key is the base's (`model`, `runtime` or `storage`); the others are errors.
    /// With a sweep `point`, the point's settings go after the variant's own, and its name after
    /// the variant's (`VARIANT+POINT`).
    private func variant(
        _ entry: Entry, base: (kind: ModelKind, node: Node)?, seed: UInt64, commandLine: Node?, point: SweepPoint? = nil
    ) -> VariantDescription? {
        let name = name(entry.key, what: "a variant name")
        let place = "variant `\(entry.name)`"
        let overrides = base.map { "`\($0.kind.rawValue):`" } ?? ModelKind.keys
        let expected = "a mapping with `description:` and \(overrides) overrides"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(
            of: entry.value, mapping, place: place,
            allowed: ["description", "set"] + ModelKind.allCases.map(\.rawValue))
        let description = optional("description", in: fields, default: "") { text($0, key: "description") }
        // Without a base model (reported already) there is nothing to merge into.
        guard let base else { return nil }
        let misplaced = fields.entries.filter { $0.name != base.kind.rawValue && ModelKind(rawValue: $0.name) != nil }
        for entry in misplaced {
            report(
                "\(place) expects its overrides under `\(base.kind.rawValue):`, the key of this scenario's model; "
                    + "found `\(entry.name):`",
                at: entry.key)
        }
        let (merged, settled) = applying(
            [(fields["set"], "set"), (point?.settings, "sweep"), (commandLine, "set")],
            to: fields[base.kind.rawValue].map { VariantMerge.merge($0, into: base.node) } ?? base.node, kind: base.kind)
        let fullName = point.map { "\(entry.name)+\($0.name)" } ?? entry.name
        let model = attributing(to: fullName) { self.model(base.kind, merged, seed: seed) }
        guard let name, let description, let model, misplaced.isEmpty, settled else { return nil }
        guard let point else { return VariantDescription(name: name, description: description, model: model) }
        return VariantDescription(
            name: "\(name)+\(point.name)", description: description.isEmpty ? "sweep point \(point.name)" : "\(description); \(point.name)",
            model: model)
    }
}
