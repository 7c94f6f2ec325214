import SimKernel

/// A variant against the baseline on one metric, replication by replication.
///
/// Replication r of every variant runs on the same random numbers, so the differences
/// d_r = variant_r − baseline_r are independent across r and carry less noise than either
/// variant alone. Their mean and Student-t 95% confidence interval (n − 1 degrees of freedom)
/// come from `ReplicationSummary`; the difference is significant when the interval excludes 0.
public struct PairedDifference: Sendable, Equatable {
    public var baselineMean: Double
    public var variantMean: Double
    /// Mean, spread and confidence interval of the per-replication differences.
    public var difference: ReplicationSummary
    /// difference / baseline mean; nil when the baseline mean is 0.
    public var relativeChange: Double?
    /// The 95% interval excludes 0; false with one replication (no interval).
    public var significant: Bool

    /// - Precondition: one value per replication in each, the same number of replications.
    public init(baseline: [Double], variant: [Double]) {
        precondition(baseline.count == variant.count && !baseline.isEmpty, "paired values need equal, non-zero counts")
        baselineMean = ReplicationSummary(baseline).mean
        variantMean = ReplicationSummary(variant).mean
        difference = ReplicationSummary(zip(variant, baseline).map { $0 - $1 })
        relativeChange = baselineMean == 0 ? nil : difference.mean / baselineMean
        if let low = difference.ci95Low, let high = difference.ci95High {
            significant = low > 0 || high < 0
        } else {
            significant = false
        }
    }
}
