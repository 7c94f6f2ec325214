import SimKernel
import Yams

/// Typed scalar values; each reports "`key` expects …, found …" at the value node.
extension NodeReader {
    /// Free text; nothing (`description:` left empty) reads as "".
    func text(_ node: Node, key: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report("`\(key)` expects text, found \(found(node))", at: node)
            return nil
        }
        return scalar.isNull ? "" : scalar.string
    }

    /// A name that can also be a folder or file name: letters, digits, `-`, `_`, `.`.
    /// `what` names the role, e.g. "`name`" or "a service name".
    func name(_ node: Node, what: String) -> String? {
        let expected = "letters, digits, `-`, `_` or `.` (but not `.` or `..`)"
        guard case .scalar(let scalar) = node, !scalar.isNull, Self.isValidName(scalar.string) else {
            report("\(what) expects \(expected), found \(found(node))", at: node)
            return nil
        }
        guard scalar.string.utf8.count <= ScenarioLimits.maximumNameBytes else {
            report(
                "\(what) expects at most \(ScenarioLimits.maximumNameBytes) characters (it names a file or folder), "
                    + "found \(scalar.string.utf8.count)", at: node)
            return nil
        }
        return scalar.string
    }

    /// Non-empty, only letters, digits, `-`, `_` and `.`, and not a folder's self or parent.
    private static func isValidName(_ text: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        return !text.isEmpty && text != "." && text != ".." && text.allSatisfy(allowed.contains)
    }

    /// A whole number from `minimum` to `maximum`. Every count in a scenario sizes something
    /// made before or during a run (replications, instances, ring tokens), so none is unbounded:
    /// the default bound, a million, is far above any architecture yet keeps a typo of a few
    /// zeros from being allocated.
    func wholeNumber(_ node: Node, key: String, atLeast minimum: Int, atMost maximum: Int = ScenarioLimits.maximumCount) -> Int? {
        let expected = "a whole number from \(minimum) to \(maximum)"
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        guard let value = Int(text), value >= minimum, value <= maximum else {
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        return value
    }

    /// A whole number in 0...UInt64.max.
    func unsignedWholeNumber(_ node: Node, key: String) -> UInt64? {
        let expected = "a whole number from 0 to \(UInt64.max)"
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        guard let value = UInt64(text) else {
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        return value
    }

    /// A plain number for which `isValid` holds; `expected` says which, e.g. "a number above 0".
    func number(_ node: Node, key: String, expected: String, isValid: (Double) -> Bool = { _ in true }) -> Double? {
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        guard let value = Units.number(text), isValid(value) else {
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            return nil
        }
        return value
    }

    /// A number from 0 to 1: a probability or a share.
    func ratio(_ node: Node, key: String) -> Double? {
        number(node, key: key, expected: "a number from 0 to 1") { (0...1).contains($0) }
    }

    /// One of `choices`, spelt exactly, suggesting the nearest on a typo.
    func choice(_ node: Node, key: String, among choices: [String]) -> String? {
        let expected = "one of \(Suggestions.list(choices))"
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        guard choices.contains(text) else {
            // Case is ignored when looking for the nearest: `quorum` is a slip for `QUORUM`, though
            // six letters differ.
            let folded = choices.map { $0.lowercased() }
            let nearest = Suggestions.nearest(to: text.lowercased(), in: folded).flatMap { folded.firstIndex(of: $0) }
            let hint = nearest.map { "; did you mean `\(choices[$0])`?" } ?? ""
            report("`\(key)` expects \(expected), found \(found(node))\(hint)", at: node)
            return nil
        }
        return text
    }

    /// The case of `Choice` whose raw value is given, suggesting the nearest on a typo.
    func choice<Choice: RawRepresentable<String> & CaseIterable>(_ node: Node, key: String) -> Choice? {
        choice(node, key: key, among: Choice.allCases.map(\.rawValue)).flatMap(Choice.init)
    }

    /// `true` or `false`, in any of YAML 1.2's spellings (`True`, `FALSE`); not YAML 1.1's `yes`
    /// or `on`, which read as text in most other YAML tools.
    func boolean(_ node: Node, key: String) -> Bool? {
        let expected = "`true` or `false`"
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
            return nil
        }
    }

    /// A duration such as `2m20s` [ns]; when `positive`, zero is reported too.
    func duration(_ node: Node, key: String, positive: Bool = false) -> Double? {
        let expected = "a duration with a unit, like `250ms`, `2m20s` or `1h`"
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        switch Units.duration(text) {
        case .failure(.notADuration):
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
        case .failure(.negative):
            report("`\(key)` must not be negative, found \(found(node))", at: node)
        case .success(let nanoseconds) where positive && nanoseconds <= 0:
            report("`\(key)` must be longer than zero, found \(found(node))", at: node)
        case .success(let nanoseconds):
            return nanoseconds
        }
        return nil
    }

    /// A duration as a distribution parameter [s].
    func seconds(_ node: Node, key: String, positive: Bool = false) -> Double? {
        duration(node, key: key, positive: positive).map { $0 / 1e9 }
    }

    /// A duration as simulated time [ns], at most `SimTime.max` (about 292 years).
    func simTime(_ node: Node, key: String, positive: Bool = false) -> SimTime? {
        guard let nanoseconds = duration(node, key: key, positive: positive) else { return nil }
        guard nanoseconds.rounded() < Double(SimTime.max) else {
            report("`\(key)` expects a duration of at most 292 years, found \(found(node))", at: node)
            return nil
        }
        // Simulated time ticks in whole nanoseconds: `0.1ns` would be no time at all.
        guard !positive || nanoseconds.rounded() >= 1 else {
            report("`\(key)` expects at least 1ns, the clock's tick, found \(found(node))", at: node)
            return nil
        }
        return SimTime(nanoseconds.rounded())
    }

    /// A rate such as `50/s` [1/s]; always positive.
    func rate(_ node: Node, key: String) -> Double? {
        let units = Suggestions.list(Units.rateUnits.map(\.name))
        let expected = "a rate like `50/s` or `3000/min` (per \(units))"
        guard let text = scalarText(node, key: key, expected: expected) else { return nil }
        switch Units.rate(text) {
        case .failure(.notARate):
            report("`\(key)` expects \(expected), found \(found(node))", at: node)
        case .failure(.notPositive):
            report("`\(key)` must be positive, found \(found(node))", at: node)
        case .success(let perSecond) where perSecond > 1e9:
            report("`\(key)` expects at most 1000000000/s (one a nanosecond, the clock's tick), found \(found(node))", at: node)
        case .success(let perSecond):
            return perSecond
        }
        return nil
    }
}
