/// Simulated time and durations [ns]. Integer, so that event order never depends on rounding.
public typealias SimTime = Int64

extension SimTime {
    /// One second [ns].
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// The time closest to `seconds`, rounded to the nearest nanosecond, and held within about
    /// ±146 years so that a heavy-tailed draw cannot overflow the clock (NaN becomes 0).
    @inlinable
    public init(seconds: Double) {
        let nanoseconds = (seconds * 1e9).rounded()
        guard !nanoseconds.isNaN else {
            self = 0
            return
        }
        self = Int64(Swift.max(-4.6e18, Swift.min(4.6e18, nanoseconds)))
    }

    /// This time in seconds.
    @inlinable
    public var seconds: Double { Double(self) / 1e9 }
}
