import CloudModel
import Yams

/// How many times a call is made (`repeat`): a whole number, or a mapping whose `distribution`
/// names a count distribution and whose other keys are its parameters (as for a time's
/// distribution, in counts rather than durations).
extension NodeReader {
    /// The count distributions `repeat` may name, each with its parameters.
    static let callCountKinds: [(name: String, parameters: [String])] = [
        ("poisson", ["mean"]), ("uniform", ["min", "max"]), ("empirical", ["values"]),
    ]

    /// The count in `node`, the value of `repeat`.
    func callCount(_ node: Node) -> CallCount? {
        let most = ScenarioLimits.maximumRepeat
        if case .scalar = node {
            return wholeNumber(node, key: "repeat", atLeast: 1, atMost: most).map(CallCount.fixed)
        }
        let expected = "a whole number of calls, or a mapping like `{distribution: poisson, mean: 8}`"
        guard let mapping = mapping(node, what: "`repeat`", expected: expected) else { return nil }
        let kindNode = mapping.first { $0.key.scalar?.string == "distribution" }?.value
        let kinds = Self.callCountKinds.map(\.name)
        let kind = kindNode.flatMap { choice($0, key: "distribution", among: kinds) }
        // Without a known kind, keys are still checked against every parameter, to catch typos.
        let parameters =
            Self.callCountKinds.first { $0.name == kind }?.parameters
            ?? Array(Set(Self.callCountKinds.flatMap(\.parameters))).sorted()
        let place = kind.map { "the `\($0)` distribution of `repeat`" } ?? "`repeat`"
        let fields = fields(of: node, mapping, place: place, allowed: ["distribution"] + parameters)
        func count(_ key: String, atLeast minimum: Int) -> Int? {
            required(key, in: fields).flatMap { wholeNumber($0, key: key, atLeast: minimum, atMost: most) }
        }
        switch kind {
        case "poisson":
            return required("mean", in: fields).flatMap {
                number($0, key: "mean", expected: "a number above 0 and at most \(most)") {
                    $0 > 0 && $0 <= Double(most)
                }
            }.map { CallCount.poisson(mean: $0) }
        case "uniform":
            let minimum = count("min", atLeast: 0), maximum = count("max", atLeast: 1)
            guard let minimum, let maximum else { return nil }
            guard maximum >= minimum else {
                let expected = "a whole number of at least `min` (\(minimum))"
                report("`max` expects \(expected), found `\(maximum)`", at: fields["max"]!)
                return nil
            }
            return .uniform(min: minimum, max: maximum)
        case "empirical":
            let expected = "a non-empty list of whole numbers of calls"
            guard let list = required("values", in: fields),
                let items = nonEmptySequence(list, key: "values", expected: expected)
            else { return nil }
            let counts = items.map { wholeNumber($0, key: "values", atLeast: 0, atMost: most) }
            return counts.contains(nil) ? nil : .empirical(counts.compactMap { $0 })
        default:
            if kindNode == nil {
                report(
                    "missing required key `distribution` in `repeat`; expected \(Suggestions.list(kinds))", at: node)
            }
            return nil
        }
    }
}
