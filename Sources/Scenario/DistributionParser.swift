import Foundation
import SimKernel
import Yams

/// The kinds of distribution a scenario can name, with the parameters each takes.
enum DistributionKind: String, CaseIterable {
    case constant, uniform, exponential, normal, lognormal, gamma, weibull, pareto, empirical

    /// Parameter keys besides `distribution` itself.
    var parameters: [String] {
        switch self {
        case .constant: ["value"]
        case .uniform: ["min", "max"]
        case .exponential: ["mean", "rate"]
        case .normal: ["mean", "stddev"]
        case .lognormal: ["mu", "sigma", "median", "p99"]
        case .gamma, .weibull, .pareto: ["shape", "scale"]
        case .empirical: ["values"]
        }
    }
}

/// Probability distributions: a duration for a constant, or a mapping whose `distribution`
/// key names the kind and whose other keys are that kind's parameters. Times in seconds.
extension NodeReader {
    /// The standard normal 0.99 quantile z: a lognormal's p99 is median · e^(z · sigma).
    static let standardNormal99thPercentile = 2.3263478740408408

    /// The distribution in `node`, the value of `key`.
    func distribution(_ node: Node, key: String) -> Distribution? {
        if case .scalar = node {
            return seconds(node, key: key).map(Distribution.constant)
        }
        let expected = "a duration like `250ms`, or a mapping with `distribution:` and its parameters"
        guard let mapping = mapping(node, what: "`\(key)`", expected: expected) else { return nil }
        let kinds = DistributionKind.allCases.map(\.rawValue)
        let kindNode = mapping.first { $0.key.scalar?.string == "distribution" }?.value
        let kind: DistributionKind? = kindNode.flatMap { choice($0, key: "distribution") }
        // Without a known kind, keys are still checked against every parameter, to catch typos.
        let parameters = kind?.parameters ?? Array(Set(DistributionKind.allCases.flatMap(\.parameters))).sorted()
        let place = kind.map { "the `\($0.rawValue)` distribution of `\(key)`" } ?? "`\(key)`"
        let fields = fields(of: node, mapping, place: place, allowed: ["distribution"] + parameters)
        guard let kind else {
            if kindNode == nil {
                report("missing required key `distribution` in `\(key)`; expected \(Suggestions.list(kinds))", at: node)
            }
            return nil
        }
        return distribution(kind: kind, fields)
    }

    /// A distribution of a known kind from its parameters.
    private func distribution(kind: DistributionKind, _ fields: Fields) -> Distribution? {
        func duration(_ name: String, positive: Bool = false) -> Double? {
            required(name, in: fields).flatMap { seconds($0, key: name, positive: positive) }
        }
        switch kind {
        case .constant:
            return duration("value").map(Distribution.constant)
        case .uniform:
            let min = duration("min"), max = duration("max")
            guard let min, let max else { return nil }
            if max < min, let minNode = fields["min"], let maxNode = fields["max"] {
                let expected = "a duration no shorter than `min` (\(text(of: minNode)))"
                report("`max` expects \(expected), found \(found(maxNode))", at: maxNode)
                return nil
            }
            return .uniform(min: min, max: max)
        case .exponential:
            switch oneOf("mean", "rate", in: fields) {
            case "mean": return duration("mean", positive: true).map { .exponential(mean: $0) }
            case "rate": return fields["rate"].flatMap { rate($0, key: "rate") }.map { .exponential(mean: 1 / $0) }
            default: return nil
            }
        case .normal:
            let mean = duration("mean"), stddev = duration("stddev")
            guard let mean, let stddev else { return nil }
            return .normal(mean: mean, stddev: stddev)
        case .lognormal:
            return lognormal(fields)
        case .gamma:
            return shapeAndScale(fields).map { .gamma(shape: $0.shape, scale: $0.scale) }
        case .weibull:
            return shapeAndScale(fields).map { .weibull(shape: $0.shape, scale: $0.scale) }
        case .pareto:
            return shapeAndScale(fields).map { .pareto(shape: $0.shape, scale: $0.scale) }
        case .empirical:
            let expected = "a non-empty list of durations"
            guard let list = required("values", in: fields),
                let items = nonEmptySequence(list, key: "values", expected: expected)
            else { return nil }
            let values = items.map { seconds($0, key: "values") }
            return values.contains(nil) ? nil : .empirical(values.compactMap { $0 })
        }
    }

    /// `shape` (a number above 0) and `scale` (a duration above 0 [s]).
    private func shapeAndScale(_ fields: Fields) -> (shape: Double, scale: Double)? {
        let shape = required("shape", in: fields).flatMap { positiveNumber($0, key: "shape") }
        let scale = required("scale", in: fields).flatMap { seconds($0, key: "scale", positive: true) }
        guard let shape, let scale else { return nil }
        return (shape, scale)
    }

    /// A lognormal from `mu` and `sigma` (of ln X, X in seconds), or from `median` and `p99`.
    private func lognormal(_ fields: Fields) -> Distribution? {
        let byMoments = ["mu", "sigma"], byPercentiles = ["median", "p99"]
        let forms = fields.entries.filter { (byMoments + byPercentiles).contains($0.name) }
        let takes = "takes either `mu` and `sigma` or `median` and `p99`"
        guard let first = forms.first else {
            report("\(fields.place) \(takes), found neither", at: fields.node)
            return nil
        }
        let firstForm = byMoments.contains(first.name) ? byMoments : byPercentiles
        if let mixed = forms.first(where: { !firstForm.contains($0.name) }) {
            report("\(fields.place) \(takes), found `\(first.name)` with `\(mixed.name)`", at: mixed.key)
            return nil
        }
        if firstForm == byMoments {
            let mu = required("mu", in: fields).flatMap { number($0, key: "mu", expected: "a number") }
            let sigma = required("sigma", in: fields).flatMap { positiveNumber($0, key: "sigma") }
            guard let mu, let sigma else { return nil }
            return .lognormal(mu: mu, sigma: sigma)
        }
        let medianNode = required("median", in: fields), p99Node = required("p99", in: fields)
        let median = medianNode.flatMap { seconds($0, key: "median", positive: true) }
        let p99 = p99Node.flatMap { seconds($0, key: "p99") }
        guard let medianNode, let p99Node, let median, let p99 else { return nil }
        guard p99 > median else {
            let expected = "a duration longer than `median` (\(text(of: medianNode)))"
            report("`p99` expects \(expected), found \(found(p99Node))", at: p99Node)
            return nil
        }
        return .lognormal(mu: log(median), sigma: log(p99 / median) / Self.standardNormal99thPercentile)
    }

    /// A plain number above 0.
    func positiveNumber(_ node: Node, key: String) -> Double? {
        number(node, key: key, expected: "a number above 0") { $0 > 0 }
    }

    /// Which of the alternative `keys` `fields` gives; reports several (at the second) or none.
    /// `rule`, when given, words both reports: "RULE, found neither" (or "none", of three or more
    /// keys), "RULE, found both" (or the keys given, of three or more).
    func oneOf(_ keys: String..., in fields: Fields, rule: String? = nil) -> String? {
        oneOf(keys, in: fields, rule: rule)
    }

    func oneOf(_ keys: [String], in fields: Fields, rule: String? = nil) -> String? {
        let given = fields.entries.filter { keys.contains($0.name) }
        switch given.count {
        case 1:
            return given[0].name
        case 0:
            let missing = "missing required key \(Suggestions.list(keys)) in \(fields.place)"
            report(rule.map { "\($0), found \(keys.count == 2 ? "neither" : "none")" } ?? missing, at: fields.node)
        default:
            let several = "\(fields.place) expects only one of \(Suggestions.list(keys))"
            let found = keys.count == 2 ? "both" : Suggestions.list(given.map(\.name), conjunction: "and")
            report("\(rule ?? several), found \(found)", at: given[1].key)
        }
        return nil
    }

    /// A scalar's text as written, for quoting one value in another's message.
    func text(of node: Node) -> String {
        node.scalar?.string ?? ""
    }
}
