/// Simulated time and durations [ns]. Integer, so that event order never depends on rounding.
public typealias SimTime = Int64

extension SimTime {
    /// One second [ns].
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// The time closest to `seconds`, rounded to the nearest nanosecond (halves away from zero),
    /// and held within about ±146 years so that a heavy-tailed draw cannot overflow the clock
    /// (NaN becomes 0).
    ///
    /// Rounds without calling libm's `round` (every drawn duration passes here): the conversion
    /// to an integer truncates, and the part it cut off, exact below 2^52, says whether to step
    /// away from zero. Above 2^52 a double holds only whole numbers and nothing is cut off.
    @inlinable
    public init(seconds: Double) {
        let nanoseconds = seconds * 1e9
        guard nanoseconds > -4.6e18, nanoseconds < 4.6e18 else {
            self = nanoseconds.isNaN ? 0 : (nanoseconds < 0 ? -4_600_000_000_000_000_000 : 4_600_000_000_000_000_000)
            return
        }
        let truncated = Int64(nanoseconds)
        let cut = nanoseconds - Double(truncated)
        self = truncated &+ (cut >= 0.5 ? 1 : (cut <= -0.5 ? -1 : 0))
    }

    /// This time in seconds.
    @inlinable
    public var seconds: Double { Double(self) / 1e9 }
}
