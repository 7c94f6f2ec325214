import CloudModel
import Scenario

/// One line of `comparison.csv`: a variant against the baseline on one metric.
public struct ComparisonRow: Sendable, Equatable {
    public var scenario: String
    /// Named as in `summary.csv`: `ENTITY.metric`, or the bare metric end to end.
    public var metric: String
    public var unit: MetricUnit
    public var baseline: String
    public var variant: String
    public var paired: PairedDifference

    /// Every variant but the baseline against it, in variant order, each on the metrics both
    /// report (in the variant's metric order). Empty with fewer than two variants.
    public static func rows(_ results: ScenarioResults) -> [ComparisonRow] {
        let baselineName = results.scenario.baselineVariant
        guard let baseline = results.variants.first(where: { $0.name == baselineName }) else { return [] }
        let baselineValues = MetricColumns(baseline).values
        return results.variants.filter { $0.name != baselineName }.flatMap { variant -> [ComparisonRow] in
            let columns = MetricColumns(variant)
            return columns.metrics.compactMap { metric -> ComparisonRow? in
                guard let base = baselineValues[metric.name], let own = columns.values[metric.name] else { return nil }
                // Pairs where either replication could not measure the metric (NaN) are left out.
                let pairs = zip(base, own).filter { !$0.0.isNaN && !$0.1.isNaN }
                guard !pairs.isEmpty else { return nil }
                return ComparisonRow(
                    scenario: results.scenario.name, metric: metric.name, unit: metric.unit, baseline: baselineName,
                    variant: variant.name, paired: PairedDifference(baseline: pairs.map(\.0), variant: pairs.map(\.1)))
            }
        }
    }

}

/// `comparison.csv`: paired differences of every variant against the baseline.
public enum ComparisonCSV {
    public static let columns = [
        "scenario", "metric", "unit", "baseline", "variant", "baseline_mean", "variant_mean", "difference",
        "ci95_low", "ci95_high", "relative_change", "significant",
    ]

    /// Nil with fewer than two variants. Undefined values (the interval of one replication, the
    /// relative change from a baseline mean of 0) are empty fields.
    public static func document(_ rows: [ComparisonRow]) -> CSVDocument? {
        guard !rows.isEmpty else { return nil }
        var document = CSVDocument(header: columns)
        for row in rows {
            let paired = row.paired
            document.append([
                row.scenario, row.metric, row.unit.rawValue, row.baseline, row.variant, csvNumber(paired.baselineMean),
                csvNumber(paired.variantMean), csvNumber(paired.difference.mean),
                paired.difference.ci95Low.map(csvNumber) ?? "", paired.difference.ci95High.map(csvNumber) ?? "",
                paired.relativeChange.map(csvNumber) ?? "", paired.significant ? "true" : "false",
            ])
        }
        return document
    }
}
