import CGSL

/// A model the simulator drives: it reacts to one event at a time and may schedule more.
public protocol EventHandler {
    associatedtype Event
    /// Handles `event` at `simulator.now`.
    mutating func handle(_ event: Event, in simulator: inout Simulator<Event>)
    /// Asks for the records `event` will touch ahead of handling it (a cache hint; by default
    /// nothing). The simulator calls it with the event likely to come next.
    func prefetch(_ event: Event)
}

extension EventHandler {
    @inlinable
    public func prefetch(_ event: Event) {}
}

/// Asks for the cache line at `address` ahead of its use: a hint, which never faults.
@inlinable @inline(__always)
public func prefetchCacheLine(_ address: UnsafeRawPointer) { cnsim_prefetch(address) }

/// Why `Simulator.run` returned.
public enum StopReason: Equatable, Sendable {
    /// The next event lies at or after the time limit; the clock now reads the limit.
    case reachedTime
    /// The event-count limit was reached.
    case reachedEventLimit
    /// The stop condition returned true after an event.
    case conditionMet
    /// No events are left.
    case exhausted
}

/// The simulation clock and event list. Synchronous: one event at a time, in (time, priority,
/// insertion) order, no concurrency inside a run.
public struct Simulator<Event> {
    /// Current simulated time [ns].
    @inlinable public var now: SimTime { clock }
    /// Events handled so far.
    @inlinable public var eventsProcessed: Int { handledTotal }
    @usableFromInline var clock: SimTime = 0
    @usableFromInline var handledTotal: Int = 0
    @usableFromInline var events = EventList<Event>()

    public init() {}

    /// Events scheduled and not yet run or cancelled.
    @inlinable
    public var pendingEvents: Int { events.count }

    /// Schedules `event` at absolute time `time` (not earlier than `now`).
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, at time: SimTime, priority: Int8 = 0) -> EventID {
        precondition(time >= now, "cannot schedule in the past")
        return events.schedule(event, at: time, priority: priority)
    }

    /// Schedules `event` `delay` nanoseconds from now.
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, after delay: SimTime, priority: Int8 = 0) -> EventID {
        schedule(event, at: now &+ delay, priority: priority)
    }

    /// Cancels a pending event (see `EventList.cancel`).
    @inlinable
    public mutating func cancel(_ id: EventID) {
        events.cancel(id)
    }

    /// Runs events until one of the limits is reached.
    ///
    /// - Parameters:
    ///   - time: events strictly before `time` run; then the clock is set to `time` and later
    ///     events (including those at exactly `time`) stay pending, so runs can be chained.
    ///   - maxEvents: stop after handling this many events in this call.
    ///   - condition: checked after every event; stop when it returns true.
    @inlinable
    @discardableResult
    public mutating func run<Handler: EventHandler>(
        _ handler: inout Handler, until time: SimTime = .max, maxEvents: Int = .max,
        stopWhen condition: ((Simulator<Event>) -> Bool)? = nil
    ) -> StopReason where Handler.Event == Event {
        var handled = 0
        while true {
            if handled >= maxEvents { return .reachedEventLimit }
            guard let next = events.popNext(before: time) else {
                guard events.nextTime() != nil else {
                    if time != .max { clock = Swift.max(clock, time) }
                    return .exhausted
                }
                clock = time
                return .reachedTime
            }
            clock = next.time
            handledTotal &+= 1
            handled &+= 1
            if let upcoming = events.likelyNext() { handler.prefetch(upcoming) }
            handler.handle(next.payload, in: &self)
            if let condition, condition(self) { return .conditionMet }
        }
    }
}
