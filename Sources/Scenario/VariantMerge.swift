import Yams

/// Lays a variant's overrides (under `model`, `runtime` or `storage`) over the base model, node by
/// node, so that every node keeps its own mark: a problem in an override is reported at the
/// variant's lines.
enum VariantMerge {
    /// `base` with `override` laid over it. Where both are mappings, their keys merge
    /// recursively: base keys keep their place, new keys follow in the override's order, and a
    /// key set to nothing (`null`, `~` or empty) removes the base's key, so that a variant can
    /// swap one alternative for another (`ring: null` beside `primary_replica:`). Anywhere else
    /// the override replaces the base value whole (lists included). A key in both keeps the base
    /// key node, so a problem with the key itself is reported once.
    static func merge(_ override: Node, into base: Node) -> Node {
        guard case .mapping(let baseMapping) = base, case .mapping(let overrideMapping) = override else {
            return override
        }
        var pairs = baseMapping.map { (key: $0.key, value: $0.value) }
        for (key, value) in overrideMapping {
            guard let index = pairs.firstIndex(where: { sameKey($0.key, key) }) else {
                // A new key, even one set to nothing, stays for the reader to check: a misspelt
                // key is reported rather than vanishing unseen.
                pairs.append((key, value))
                continue
            }
            if value.scalar?.isNull == true {
                pairs.remove(at: index)
            } else {
                pairs[index].value = merge(value, into: pairs[index].value)
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
