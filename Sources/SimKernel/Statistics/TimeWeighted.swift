/// Time average of a piecewise-constant quantity, such as busy servers or queue length.
public struct TimeWeighted: Sendable, Equatable {
    /// Current value.
    @inlinable public var value: Double { current }
    @usableFromInline var current: Double
    @usableFromInline var lastChange: SimTime
    @usableFromInline var start: SimTime
    /// Integral of the value over [start, lastChange] [value * ns].
    @usableFromInline var area: Double = 0

    public init(value: Double = 0, at time: SimTime = 0) {
        self.current = value
        self.lastChange = time
        self.start = time
    }

    /// The quantity changes to `newValue` at `time` (not before the previous change).
    /// - Complexity: O(1)
    @inlinable
    public mutating func update(to newValue: Double, at time: SimTime) {
        area += current * Double(time - lastChange)
        lastChange = time
        current = newValue
    }

    /// Adds `delta` to the current value at `time`.
    @inlinable
    public mutating func add(_ delta: Double, at time: SimTime) {
        update(to: current + delta, at: time)
    }

    /// Time average over [start, time]; the current value if no time has passed.
    public func average(at time: SimTime) -> Double {
        let span = Double(time - start)
        guard span > 0 else { return value }
        return (area + value * Double(time - lastChange)) / span
    }

    /// Integral of the value over [start, time] [value × ns].
    public func integral(at time: SimTime) -> Double {
        area + value * Double(time - lastChange)
    }

    /// Forgets the past (end of warm-up): averaging restarts at `time` from the current value.
    public mutating func restart(at time: SimTime) {
        area = 0
        lastChange = time
        start = time
    }
}

extension TimeWeighted {
    /// Adds `area` [value × ns] to the integral without changing the current value: time spent
    /// at a level the model did not step through one change at a time.
    public mutating func addArea(_ extra: Double) { area += extra }
}
