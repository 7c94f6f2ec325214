import Yams

/// Shared definitions in a scenario file: YAML merge keys and `x-` keys.
///
/// `<<: *defaults` (or `<<: [*a, *b]`) in a mapping adds the pairs of the mapping(s) it names
/// that the mapping does not give itself: keys written in the mapping win, and among several
/// merged mappings the earlier wins, as YAML 1.1's merge type says. Merged values keep their
/// marks, so an error in one points at the line where it is written (under its anchor).
///
/// A top-level key starting with `x-` is left to the reader, as Compose files do: the place to
/// anchor shared definitions, e.g. `x-client: &client {timeout: 500ms}`. Only at the top level,
/// where cnsim's own keys are few and fixed; deeper down, keys name services and endpoints,
/// whose names are the user's.
enum MergeKeys {
    /// A merge key whose value is neither a mapping nor a list of mappings.
    struct Problem: Error {
        var line: Int
        var column: Int
        var message: String
    }

    static let mergeKey = "<<"
    static let ignoredPrefix = "x-"

    /// The document with its merge keys expanded and its top-level `x-` keys dropped.
    static func expand(document root: Node) throws(Problem) -> Node {
        let expanded = try expand(root)
        guard case .mapping(var mapping) = expanded else { return expanded }
        mapping = Node.Mapping(
            mapping.filter { !($0.key.scalar?.string.hasPrefix(ignoredPrefix) ?? false) }.map { ($0.key, $0.value) },
            mapping.tag, mapping.style, mapping.mark)
        return .mapping(mapping)
    }

    /// `node` with every merge key inside it expanded.
    static func expand(_ node: Node) throws(Problem) -> Node {
        switch node {
        case .scalar, .alias:
            return node
        case .sequence(let sequence):
            var items: [Node] = []
            for item in sequence { items.append(try expand(item)) }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        case .mapping(let mapping):
            var own: [(Node, Node)] = []
            var merged: [Node.Mapping] = []
            for pair in mapping {
                let value = try expand(pair.value)
                guard pair.key.scalar?.string == mergeKey, pair.key.scalar?.style == .plain else {
                    own.append((pair.key, value))
                    continue
                }
                merged += try sources(value, key: pair.key)
            }
            guard !merged.isEmpty else { return .mapping(Node.Mapping(own, mapping.tag, mapping.style, mapping.mark)) }
            var given = Set(own.compactMap { $0.0.scalar?.string })
            var pairs = own
            for source in merged {
                for pair in source {
                    guard let key = pair.key.scalar?.string, !given.contains(key) else { continue }
                    given.insert(key)
                    pairs.append((pair.key, pair.value))
                }
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        }
    }

    /// The mappings a merge key's (expanded) value names.
    private static func sources(_ value: Node, key: Node) throws(Problem) -> [Node.Mapping] {
        switch value {
        case .mapping(let mapping):
            return [mapping]
        case .sequence(let sequence):
            var mappings: [Node.Mapping] = []
            for item in sequence {
                guard case .mapping(let mapping) = item else { throw problem(at: item) }
                mappings.append(mapping)
            }
            return mappings
        case .scalar, .alias:
            throw problem(at: value)
        }
    }

    private static func problem(at node: Node) -> Problem {
        let mark = node.mark
        return Problem(
            line: mark?.line ?? 1, column: mark?.column ?? 1,
            message: "`<<` (a merge key) expects a mapping or a list of mappings, usually aliases such as "
                + "`<<: *defaults` or `<<: [*a, *b]`")
    }
}
