/// A pattern naming metrics, as `cnsim run --metrics` and a scenario's `metrics:` take them:
/// `*` stands for any run of characters (none included), `?` for one, anything else for itself,
/// case and all. `availability` names that metric alone, `home.*` every metric of endpoint
/// `home`, `*p99*` every 99th percentile.
public struct MetricPattern: Sendable, Hashable {
    public let text: String
    private let characters: [Character]

    public init(_ text: String) {
        self.text = text
        characters = Array(text)
    }

    /// Whether `name` matches the whole pattern.
    /// - Complexity: O(pattern × name), by the usual two-pointer walk that backtracks to the
    ///   last `*`.
    public func matches(_ name: String) -> Bool {
        let name = Array(name)
        var (p, n) = (0, 0)
        var star: Int? = nil
        var resume = 0
        while n < name.count {
            if p < characters.count, characters[p] == "?" || characters[p] == name[n], characters[p] != "*" {
                p += 1
                n += 1
            } else if p < characters.count, characters[p] == "*" {
                star = p
                resume = n
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }

    /// The rows whose metric some pattern matches (all of them when `patterns` is empty), and the
    /// patterns that matched nothing.
    public static func select<Row>(
        _ rows: [Row], metric: (Row) -> String, by patterns: [MetricPattern]
    ) -> (rows: [Row], unmatched: [MetricPattern]) {
        guard !patterns.isEmpty else { return (rows, []) }
        var used = Set<Int>()
        let kept = rows.filter { row in
            let name = metric(row)
            var kept = false
            for (index, pattern) in patterns.enumerated() where pattern.matches(name) {
                used.insert(index)
                kept = true
            }
            return kept
        }
        return (kept, patterns.indices.filter { !used.contains($0) }.map { patterns[$0] })
    }
}
