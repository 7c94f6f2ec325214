import Yams

/// Reads a Yams node tree, recording a diagnostic at the offending node for every problem
/// instead of stopping at the first, so that one run reports everything wrong in a file.
///
/// Readers return `nil` only after reporting why, and callers carry on with whatever else
/// they can read; the loader throws at the end if anything at all was reported.
final class NodeReader {
    /// File name used in diagnostics.
    let file: String
    private var reported: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Records a problem at `mark` (1:1 when the node has none).
    func report(_ message: String, at mark: Mark?) {
        reported.append(Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    func report(_ message: String, at node: Node) {
        report(message, at: node.mark)
    }

    /// The result of `read`, every problem it reports that was not reported before (so not a
    /// base-model problem seen again through a variant) starting `in variant `NAME`: `, as the
    /// merged model may put a base line's problem down to the variant's override.
    func attributing<Value>(to variant: String, _ read: () -> Value) -> Value {
        let known = Set(reported)
        let start = reported.count
        let value = read()
        for index in start..<reported.count where !known.contains(reported[index]) {
            reported[index].message = "in variant `\(variant)`: " + reported[index].message
        }
        return value
    }

    /// True while nothing has been reported.
    var isClean: Bool { reported.isEmpty }

    /// Everything reported, in file order (line, column, then as reported), each message once
    /// per position: a base-model problem seen again through a variant counts once.
    var diagnostics: [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = reported.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    /// How a node reads in a message: "`four`", "nothing", "a mapping", "a list".
    func found(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.isNull ? "nothing" : "`\(scalar.string)`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The text of a scalar that is not empty or `null`; reports `expected` otherwise.
    func scalarText(_ node: Node, key: String, expected: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// The mapping in `node`; reports "`what` expects `expected`, found …" otherwise.
    func mapping(_ node: Node, what: String, expected: String) -> Node.Mapping? {
        guard case .mapping(let mapping) = node else {
            report("\(what) expects \(expected), found \(found(node))", at: node)
            return nil
        }
        return mapping
    }

    /// The items of a non-empty list in `node`; reports otherwise.
    func nonEmptySequence(_ node: Node, key: String, expected: String) -> [Node]? {
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            let what = node.sequence == nil ? found(node) : "an empty list"
            report("`\(key)` expects \(expected), found \(what)", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// The entries of a mapping by name, in file order. A key that is not a plain scalar,
    /// or that repeats an earlier one, is reported and left out.
    func entries(of mapping: Node.Mapping, place: String) -> [Entry] {
        var firstKeys: [String: Node] = [:]
        var entries: [Entry] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report("keys in \(place) must be names, found \(found(key))", at: key)
                continue
            }
            if let first = firstKeys[scalar.string] {
                let at = first.mark.map { " at \($0.line):\($0.column)" } ?? ""
                report("duplicate key `\(scalar.string)`; first given\(at)", at: key)
                continue
            }
            firstKeys[scalar.string] = key
            entries.append(Entry(name: scalar.string, key: key, value: value))
        }
        return entries
    }

    /// The entries of a mapping whose keys are settings: every key must be one of `allowed`;
    /// an unknown one is reported with the nearest allowed key, or the list of them.
    func fields(of node: Node, _ mapping: Node.Mapping, place: String, allowed: [String]) -> Fields {
        var known: [Entry] = []
        for entry in entries(of: mapping, place: place) {
            if allowed.contains(entry.name) {
                known.append(entry)
            } else {
                let hint = Suggestions.hint(
                    for: entry.name, in: allowed, otherwise: "expected \(Suggestions.list(allowed))")
                report("unknown key `\(entry.name)` in \(place); \(hint)", at: entry.key)
            }
        }
        return Fields(node: node, place: place, entries: known)
    }

    /// The value of `key`, reporting "missing required key" at the mapping if absent.
    func required(_ key: String, in fields: Fields) -> Node? {
        guard let value = fields[key] else {
            report("missing required key `\(key)` in \(fields.place)", at: fields.node)
            return nil
        }
        return value
    }
}

/// One key and its value in a mapping.
struct Entry {
    var name: String
    var key: Node
    var value: Node
}

/// The known keys of one mapping, already checked against those allowed at its place.
struct Fields {
    /// The mapping node, where a missing key is reported.
    let node: Node
    /// Where the mapping sits, for messages: "the scenario", "service `api`".
    let place: String
    /// Entries in file order, keys unique.
    let entries: [Entry]

    /// The value given for `key`, if any.
    subscript(key: String) -> Node? { entries.first { $0.name == key }?.value }
}

extension Node.Scalar {
    /// A plain empty, `~` or `null` scalar: YAML's way of writing nothing.
    var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(string)
    }
}
