import Yams

/// Lays a variant's `model` (or `runtime`) overrides over the base model, node by node, so that every node
/// keeps its own mark: a problem in an override is reported at the variant's lines.
enum VariantMerge {
    /// `base` with `override` laid over it. Where both are mappings, their keys merge
    /// recursively: base keys keep their place, new keys follow in the override's order.
    /// Anywhere else the override replaces the base value whole (lists included). A key in
    /// both keeps the base key node, so a problem with the key itself is reported once.
    static func merge(_ override: Node, into base: Node) -> Node {
        guard case .mapping(let baseMapping) = base, case .mapping(let overrideMapping) = override else {
            return override
        }
        var pairs = baseMapping.map { (key: $0.key, value: $0.value) }
        for (key, value) in overrideMapping {
            if let index = pairs.firstIndex(where: { sameKey($0.key, key) }) {
                pairs[index].value = merge(value, into: pairs[index].value)
            } else {
                pairs.append((key, value))
            }
        }
        let merged = pairs.map { ($0.key, $0.value) }
        return .mapping(Node.Mapping(merged, baseMapping.tag, baseMapping.style, baseMapping.mark))
    }

    /// Keys match by their text, whatever their YAML style or tag (`1` and `"1"` alike).
    private static func sameKey(_ a: Node, _ b: Node) -> Bool {
        guard case .scalar(let a) = a, case .scalar(let b) = b else { return false }
        return a.string == b.string
    }
}
