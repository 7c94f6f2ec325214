import Yams

/// Bounds on what a scenario file may hold, so that a hostile or mistaken file is refused in
/// time linear in its size instead of taking all memory: a few nested aliases can stand for
/// billions of nodes that every later walk of the tree (reading, merging variants) would visit.
enum DocumentLimits {
    /// Largest scenario file [bytes]: 16 MiB, far above any hand-written scenario.
    static let maximumFileSize = 16 * 1024 * 1024

    /// The message for a file of `bytes` bytes, past `maximumFileSize`.
    static func tooLarge(bytes: Int) -> String {
        "the scenario is \(bytes) bytes, more than the limit of \(maximumFileSize) bytes (16 MiB); "
            + "a scenario describes an architecture, it does not hold data"
    }

    /// Most nodes (scalars, mappings, lists) a document may hold once every alias is
    /// expanded into a copy of its anchor.
    static let maximumNodes = 1_000_000

    /// Most repeated keys reported in a file of `bytes` bytes: each one costs another
    /// composition of the whole text, so without a bound a file of repeats takes time
    /// quadratic in its size. Up to 50 in a small file; in a large one, as many as keep the
    /// text composed at most 16 MiB in all (once more for a file larger than that).
    static func maximumRepeatedKeys(bytes: Int) -> Int {
        min(50, max(1, 16 * 1024 * 1024 / max(bytes, 1)))
    }

    /// Longest word a "did you mean" hint is looked for: the edit distance costs the product
    /// of the lengths, and no key of a scenario is nearly this long.
    static let maximumSuggestedWordLength = 64

    /// Where to report a document holding more than `limit` nodes once its aliases are
    /// expanded (1:1 when the node has no mark); nil if it holds at most `limit`.
    ///
    /// The place is the outermost container that uses an alias on the way to the node that
    /// passed the limit (an alias's copy sits earlier in the file than the container holding
    /// it), else that node itself.
    ///
    /// - Complexity: O(min(*n*, `limit`)) for *n* nodes after expansion.
    static func placeOfExpansionPastLimit(_ root: Node, limit: Int = maximumNodes) -> (line: Int, column: Int)? {
        var counted = 0
        /// Non-nil once the limit is passed: where to report it.
        func visit(_ node: Node) -> Mark?? {
            counted += 1
            if counted > limit { return .some(node.mark) }
            switch node {
            case .scalar, .alias:
                return nil
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if let place = visit(key) ?? visit(value) { return reported(place, in: node, child: value) }
                }
            case .sequence(let sequence):
                for item in sequence {
                    if let place = visit(item) { return reported(place, in: node, child: item) }
                }
            }
            return nil
        }
        guard let place = visit(root) else { return nil }
        return (place?.line ?? 1, place?.column ?? 1)
    }

    /// `place`, or `container`'s mark when `child` is an alias's copy (it starts before its
    /// container in the file).
    private static func reported(_ place: Mark?, in container: Node, child: Node) -> Mark?? {
        guard let outer = container.mark, let inner = child.mark,
            (inner.line, inner.column) < (outer.line, outer.column)
        else { return .some(place) }
        return .some(outer)
    }
}
