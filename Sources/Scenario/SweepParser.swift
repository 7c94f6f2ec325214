import CloudModel
import Yams

/// One point of a `sweep`: its name (`nodes=96,rf=3`) and the settings it puts, as a `set:`
/// mapping of paths to values whose nodes are the file's own (diagnostics point into the file).
struct SweepPoint {
    var name: String
    var settings: Node
}

/// `sweep:` — axes of settings whose cartesian product becomes variants.
///
/// ```yaml
/// sweep:
///   storage.cluster.ring.replication_factor: [2, 3]   # an axis: one path, its values
///   nodes:                                            # a named axis: paths that move together
///     storage.cluster.ring.nodes: [48, 96, 144]
///     storage.workload.writes.rate: [230400/s, 460800/s, 691200/s]
/// ```
///
/// A point is named by its axes in file order, each `LABEL=VALUE`, joined by `,`: an axis's
/// label is the last key of its path (`replication_factor=2`), a named axis's its name with the
/// value of its first path (`nodes=48`); a value that is not a single scalar is named by its
/// position (`#2`). Points go in file order, the first axis slowest.
extension NodeReader {
    /// Most variants a sweep may make (with the file's variants crossed in).
    static let maximumSweepPoints = 10_000

    func sweepPoints(_ node: Node, kind: ModelKind) -> [SweepPoint]? {
        let example = "`\(kind.rawValue).cluster.ring.nodes: [48, 96]`"
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            report(
                "`sweep` expects a mapping of setting paths to lists of values, like \(example), or of axis names "
                    + "to such mappings (their lists move together), found \(found(node))", at: node)
            return nil
        }
        var axes: [[(label: String, pairs: [(Node, Node)])]] = []
        var failed = false
        for (key, value) in mapping {
            guard let keyText = key.string else {
                report("`sweep` expects setting paths or axis names as keys, found \(found(key))", at: key)
                failed = true
                continue
            }
            switch value {
            case .sequence(let values):
                guard let values = axisValues(values, axis: keyText, at: value) else {
                    failed = true
                    continue
                }
                let label = SettingPath(keyText)?.steps.last?.name ?? keyText
                axes.append(values.enumerated().map { index, value in
                    ("\(label)=\(Self.label(value, index))", [(key, value)])
                })
            case .mapping(let group):
                // A named axis: every path's list moves together, point by point.
                var lists: [(path: Node, values: [Node])] = []
                for (path, list) in group {
                    guard case .sequence(let values) = list, let values = axisValues(values, axis: keyText, at: list) else {
                        if case .sequence = list {} else {
                            report(
                                "sweep axis `\(keyText)` expects setting paths with lists of values, found \(found(list))",
                                at: list)
                        }
                        failed = true
                        continue
                    }
                    if let first = lists.first, first.values.count != values.count {
                        report(
                            "the lists of sweep axis `\(keyText)` move together, so they have the same length: "
                                + "`\(first.path.string ?? "")` has \(first.values.count) values, this one \(values.count)",
                            at: list)
                        failed = true
                        continue
                    }
                    lists.append((path, values))
                }
                guard let first = lists.first else {
                    if group.isEmpty { report("sweep axis `\(keyText)` has no settings; give at least one", at: value) }
                    failed = true
                    continue
                }
                axes.append(first.values.indices.map { index in
                    ("\(keyText)=\(Self.label(first.values[index], index))", lists.map { ($0.path, $0.values[index]) })
                })
            default:
                report(
                    "sweep axis `\(keyText)` expects a list of values, or a mapping of setting paths to lists, "
                        + "found \(found(value))", at: value)
                failed = true
            }
        }
        guard !failed else { return nil }
        let count = axes.reduce(1) { $0 * $1.count }
        guard count <= Self.maximumSweepPoints else {
            report(
                "`sweep` makes \(count) points, more than \(Self.maximumSweepPoints); split the study into several files",
                at: node)
            return nil
        }
        var points: [(labels: [String], pairs: [(Node, Node)])] = [([], [])]
        for axis in axes {
            points = points.flatMap { point in axis.map { (point.labels + [$0.label], point.pairs + $0.pairs) } }
        }
        return points.map { SweepPoint(name: $0.labels.joined(separator: ","), settings: .mapping(Node.Mapping($0.pairs))) }
    }

    /// The values of one axis list: at least one.
    private func axisValues(_ values: Node.Sequence, axis: String, at node: Node) -> [Node]? {
        guard !values.isEmpty else {
            report("sweep axis `\(axis)` has no values; give at least one", at: node)
            return nil
        }
        return Array(values)
    }

    /// How a value names its point: its text, or its position from 1 when it is not a scalar.
    private static func label(_ value: Node, _ index: Int) -> String {
        if case .scalar(let scalar) = value { return scalar.string }
        return "#\(index + 1)"
    }
}
