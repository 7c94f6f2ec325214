import Yams

/// A path to one setting of a scenario: keys joined by `.`, a list's entry picked by name in
/// brackets (`runtime.endpoints.product-page.call.calls[ratings].client.timeout`) or by place
/// from 0 (`calls[1]`). An entry's name is its `service`, `storage`, `name` or `deployable`,
/// or the one key of a one-key mapping (a chaos item's kind, `chaos[zone_outage]`).
struct SettingPath: Equatable {
    enum Step: Equatable {
        case key(String)
        case entry(String)

        var name: String {
            switch self {
            case .key(let name), .entry(let name): return name
            }
        }

        /// `key` or `entry`, for messages.
        var noun: String {
            switch self {
            case .key: return "key"
            case .entry: return "entry"
            }
        }

        /// The same kind of step, naming `name`.
        func renamed(_ name: String) -> Step {
            switch self {
            case .key: return .key(name)
            case .entry: return .entry(name)
            }
        }
    }

    let text: String
    let steps: [Step]

    /// Nil when `text` is not a path: an empty part, a bracket not closed or not after a key.
    init?(_ text: String) {
        self.text = text
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let key = rest.prefix { $0 != "[" }
            guard !key.isEmpty else { return nil }
            steps.append(.key(String(key)))
            rest = rest.dropFirst(key.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
                let name = rest[rest.index(after: rest.startIndex)..<close]
                guard !name.isEmpty else { return nil }
                steps.append(.entry(String(name)))
                rest = rest[rest.index(after: close)...]
            }
        }
        self.steps = steps
    }

    /// What stopped a path: the longest part of it that names something, the step that names
    /// nothing there, the names that would, and whether what is there is a single value.
    struct Miss: Error {
        var found: String
        var step: Step
        var names: [String]
        var isValue = false
    }

    /// `root` with the node at the path (below its first `skipping` steps, which name `root`
    /// itself) replaced by `value`, every other node kept with its mark. A last key its mapping
    /// lacks is added (its key node marked `mark`, the path's place in the file), so a setting the
    /// base left to its default can be set; every other step must name something.
    func replacing(in root: Node, with value: Node, skipping: Int = 0, mark: Mark? = nil) throws(Miss) -> Node {
        try Self.replace(steps[skipping...], in: root, with: value, found: Self.text(of: steps[..<skipping]), mark: mark)
    }

    private static func replace(
        _ steps: ArraySlice<Step>, in node: Node, with value: Node, found: String, mark: Mark?
    ) throws(Miss) -> Node {
        guard let step = steps.first else { return value }
        let deeper = text(of: steps.prefix(1), after: found)
        switch (step, node) {
        case (.key(let key), .mapping(let mapping)):
            var pairs = mapping.map { (key: $0.key, value: $0.value) }
            guard let index = pairs.firstIndex(where: { $0.key.string == key }) else {
                guard steps.count == 1 else {
                    throw Miss(found: found, step: step, names: pairs.compactMap(\.key.string))
                }
                pairs.append((Node.scalar(Node.Scalar(key, .implicit, .plain, mark)), value))
                return .mapping(Node.Mapping(pairs.map { ($0.key, $0.value) }, mapping.tag, mapping.style, mapping.mark))
            }
            pairs[index].value = try replace(
                steps.dropFirst(), in: pairs[index].value, with: value, found: deeper, mark: mark)
            return .mapping(Node.Mapping(pairs.map { ($0.key, $0.value) }, mapping.tag, mapping.style, mapping.mark))
        case (.entry(let name), .sequence(let sequence)):
            var items = Array(sequence)
            let index = Int(name).flatMap { items.indices.contains($0) ? $0 : nil } ?? items.firstIndex { entryName($0) == name }
            guard let index else {
                throw Miss(found: found, step: step, names: items.compactMap(entryName))
            }
            items[index] = try replace(steps.dropFirst(), in: items[index], with: value, found: deeper, mark: mark)
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        default:
            throw Miss(found: found, step: step, names: [], isValue: node.scalar != nil)
        }
    }

    /// The name a list entry is picked by.
    static func entryName(_ node: Node) -> String? {
        guard case .mapping(let mapping) = node else { return nil }
        for key in ["service", "storage", "publish", "name", "deployable"] {
            if let name = mapping[Node(key)]?.string { return name }
        }
        return mapping.count == 1 ? mapping.first?.key.string : nil
    }

    static func text(of steps: ArraySlice<Step>, after prefix: String = "") -> String {
        steps.reduce(prefix) { text, step in
            switch step {
            case .key(let key): return text.isEmpty ? key : text + "." + key
            case .entry(let name): return text + "[" + name + "]"
            }
        }
    }
}
