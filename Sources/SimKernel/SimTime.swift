/// Simulated time and durations [ns]. Integer, so that event order never depends on rounding.
public typealias SimTime = Int64

extension SimTime {
    /// One second [ns].
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// The time closest to `seconds`, rounded to the nearest nanosecond.
    @inlinable
    public init(seconds: Double) {
        self = Int64((seconds * 1e9).rounded())
    }

    /// This time in seconds.
    @inlinable
    public var seconds: Double { Double(self) / 1e9 }
}
