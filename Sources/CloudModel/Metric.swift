import SimKernel

/// Unit of a reported metric, as written in CSV.
public enum MetricUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case seconds = "s"
    case perSecond = "1/s"
    /// Events per day: rare ones such as false alerts, deployment frequency.
    case perDay = "1/d"
    case ratio = "ratio"
    case count = "count"
    case usd = "usd"
    /// Price per hour.
    case usdPerHour = "usd/h"
    /// Storage capacity [10^12 bytes].
    case terabytes = "TB"
    /// Memory of in-memory stores [10^9 bytes].
    case gigabytes = "GB"
    /// Hours, for the long times of delivery (developer time per week).
    case hours = "h"
}

/// One number a replication reports, named `entity.metric` (or just `metric` end to end).
public struct Metric: Sendable, Hashable, Codable {
    /// Stable snake_case name, e.g. `response_time_p99` or `api.utilisation`.
    public var name: String
    public var unit: MetricUnit
    public var value: Double

    public init(_ name: String, _ unit: MetricUnit, _ value: Double) {
        self.name = name
        self.unit = unit
        self.value = value
    }
}

extension Metric {
    /// `name`: the mean of `tally` [s]; absent when nothing was observed, never 0.
    static func mean(_ name: String, _ tally: Tally) -> [Metric] {
        tally.count > 0 ? [Metric(name, .seconds, tally.mean)] : []
    }

    /// The response-time metrics every model reports: `PREFIXresponse_time_mean`, `_p50`, `_p90`,
    /// `_p95`, `_p99` and `_p999` [s]; none when no request completed, as there is no time to report
    /// (a 0 would read as instant answers). Summaries read metrics by name, so a replication
    /// without them leaves the others' values in place.
    static func responseTimes(prefix: String, mean: Tally, percentiles: LatencyHistogram) -> [Metric] {
        guard mean.count > 0 else { return [] }
        return Metric.mean(prefix + "response_time_mean", mean)
            + [(50.0, "p50"), (90, "p90"), (95, "p95"), (99, "p99"), (99.9, "p999")].map { percentile, name in
                Metric(prefix + "response_time_" + name, .seconds, percentiles.percentile(percentile))
            }
    }
}

extension Metric {
    /// `PREFIXfailed` (the total) then `PREFIXfailed_NAME` for each reason, in `names` order;
    /// `counts[i]` is the count of reason `names[i]`.
    static func failures(prefix: String, counts: [Int], names: [String]) -> [Metric] {
        [Metric(prefix + "failed", .count, Double(counts.reduce(0, +)))]
            + zip(names, counts).map { Metric(prefix + "failed_" + $0, .count, Double($1)) }
    }
}
