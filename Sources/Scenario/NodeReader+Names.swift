import Yams

/// Names that refer to other parts of the file (a call's service, a chaos entry's zone), lists of
/// distinct names, and names that two kinds of thing must not share.
extension NodeReader {
    /// Lists of known names longer than this are summed up in messages rather than written out.
    static let longestNameListInMessages = 10

    /// The name in `node`, which must be one of `names`, the known things of `kind` ("service",
    /// "zone"); not checked when `names` is nil (they could not be read, which is reported already).
    func reference(_ node: Node, key: String, kind: String, among names: [String]?) -> String? {
        guard let name = scalarText(node, key: key, expected: "the name of a \(kind)") else { return nil }
        guard let names, !names.contains(name) else { return name }
        let all: String
        switch names.count {
        case 1: all = "the only \(kind) is `\(names[0])`"
        case ...Self.longestNameListInMessages: all = "the \(kind)s are \(Suggestions.list(names, conjunction: "and"))"
        default: all = "none of the \(names.count) \(kind)s has that name"
        }
        report("unknown \(kind) `\(name)`; \(Suggestions.hint(for: name, in: names, otherwise: all))", at: node)
        return nil
    }

    /// The names listed in `node`, each read by `read`; a name given twice is reported at the repeat.
    func distinctNames(
        _ node: Node, key: String, expected: String, allowingEmpty: Bool, _ read: (Node) -> String?
    ) -> [String]? {
        let items: [Node]?
        if allowingEmpty, case .sequence(let sequence) = node {
            items = Array(sequence)
        } else if allowingEmpty {
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            items = nil
        } else {
            items = nonEmptySequence(node, key: key, expected: expected)
        }
        guard let items else { return nil }
        var firstGiven: [String: Node] = [:]
        var names: [String?] = []
        for item in items {
            let name = read(item)
            if let name, let first = firstGiven[name] {
                let at = first.mark.map { " at \($0.line):\($0.column)" } ?? ""
                report("duplicate `\(name)` in `\(key)`; first given\(at)", at: item)
                names.append(nil)
                continue
            }
            if let name { firstGiven[name] = item }
            names.append(name)
        }
        return names.contains(nil) ? nil : names.compactMap { $0 }
    }

    /// Reports that `entry`, a `kind` ("request", "endpoint"), has the name of an `otherKind`
    /// ("service"), whose key is `otherKey`; nil for one that `generate` makes.
    func reportSameName(_ entry: Entry, kind: String, otherKind: String, givenAt otherKey: Node?) {
        let origin =
            otherKey.map { key in key.mark.map { " (given at \($0.line):\($0.column))" } ?? "" }
            ?? " (made by `generate`)"
        report(
            "\(kind) `\(entry.name)` has the same name as \(otherKind) `\(entry.name)`\(origin); "
                + "\(kind) and \(otherKind) names must differ",
            at: entry.key)
    }
}
