/// Summaries of a replication's list of times (times to detect, to restore, idea to feedback).
public enum Spread {
    /// `NAME_mean`, `NAME_p50` and `NAME_p95` [s]; NaN when there are no values.
    static func metrics(_ name: String, _ values: [Double]) -> [Metric] {
        let sorted = values.sorted()
        return [
            Metric(name + "_mean", .seconds, mean(values)),
            Metric(name + "_p50", .seconds, quantile(sorted, 0.5)),
            Metric(name + "_p95", .seconds, quantile(sorted, 0.95)),
        ]
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The `q` quantile of ascending `sorted` values, interpolating between neighbours; NaN when empty.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        guard below + 1 < sorted.count else { return sorted.last ?? first }
        return sorted[below] + (position - Double(below)) * (sorted[below + 1] - sorted[below])
    }
}
