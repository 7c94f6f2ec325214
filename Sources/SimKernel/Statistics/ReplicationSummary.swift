import CGSL
import Foundation

/// Across-replication summary of one metric: mean, standard deviation and a Student-t 95%
/// confidence interval for the mean (replications are independent, so this is exact for normal
/// data and good for means of long runs).
public struct ReplicationSummary: Sendable, Equatable {
    public var replications: Int
    public var mean: Double
    /// Sample standard deviation; nil with one replication.
    public var stddev: Double?
    /// Half-width of the 95% confidence interval; nil with one replication.
    public var halfWidth: Double?

    public init(_ values: [Double]) {
        replications = values.count
        var tally = Tally()
        for value in values { tally.record(value) }
        mean = tally.mean
        guard values.count > 1 else { return }
        let deviation = tally.variance.squareRoot()
        stddev = deviation
        halfWidth = Self.tQuantile975(degreesOfFreedom: values.count - 1) * deviation / Double(values.count).squareRoot()
    }

    public var ci95Low: Double? { halfWidth.map { mean - $0 } }
    public var ci95High: Double? { halfWidth.map { mean + $0 } }

    /// The 97.5% quantile of Student's t with `degreesOfFreedom` (>= 1).
    public static func tQuantile975(degreesOfFreedom: Int) -> Double {
        GSL.switchOffAbortingErrorHandler()
        return gsl_cdf_tdist_Pinv(0.975, Double(degreesOfFreedom))
    }
}
