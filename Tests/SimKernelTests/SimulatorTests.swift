import Foundation
import Testing

@testable import SimKernel

/// Records what ran and when; some events schedule follow-ups.
struct Recorder: EventHandler {
    enum Event { case mark(Int), chain(remaining: Int, gap: SimTime) }
    var log: [(time: SimTime, mark: Int)] = []

    mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) {
        switch event {
        case .mark(let value):
            log.append((simulator.now, value))
        case .chain(let remaining, let gap):
            log.append((simulator.now, remaining))
            if remaining > 0 { simulator.schedule(.chain(remaining: remaining - 1, gap: gap), after: gap) }
        }
    }
}

@Suite("Simulator")
struct SimulatorTests {
    @Test("run(until:) runs events strictly before the limit and sets the clock to it")
    func runUntilTime() {
        var simulator = Simulator<Recorder.Event>()
        var recorder = Recorder()
        simulator.schedule(.mark(1), at: 10)
        simulator.schedule(.mark(2), at: 20)
        simulator.schedule(.mark(3), at: 30)
        #expect(simulator.run(&recorder, until: 20) == .reachedTime)
        #expect(recorder.log.map(\.mark) == [1])
        #expect(simulator.now == 20)
        #expect(simulator.pendingEvents == 2)
        simulator.schedule(.mark(4), at: 100)
        #expect(simulator.run(&recorder, until: 100) == .reachedTime)
        #expect(recorder.log.map(\.mark) == [1, 2, 3])
        #expect(simulator.now == 100)
        // With nothing left before the limit, the clock still advances to it.
        #expect(simulator.run(&recorder, until: 200) == .exhausted)
        #expect(recorder.log.map(\.mark) == [1, 2, 3, 4])
        #expect(simulator.now == 200)
    }

    @Test("chained runs give the same trajectory as one run")
    func chainedRuns() {
        func trajectory(stops: [SimTime]) -> [SimTime] {
            var simulator = Simulator<Recorder.Event>()
            var recorder = Recorder()
            simulator.schedule(.chain(remaining: 50, gap: 7), at: 0)
            for stop in stops { simulator.run(&recorder, until: stop) }
            return recorder.log.map(\.time)
        }
        #expect(trajectory(stops: [350]) == trajectory(stops: [7, 8, 100, 140, 141, 350]))
        #expect(trajectory(stops: [350]).count == 50)
    }

    @Test("event-count and condition limits stop exactly where asked")
    func otherLimits() {
        var simulator = Simulator<Recorder.Event>()
        var recorder = Recorder()
        simulator.schedule(.chain(remaining: 100, gap: 1), at: 0)
        #expect(simulator.run(&recorder, maxEvents: 10) == .reachedEventLimit)
        #expect(simulator.eventsProcessed == 10)
        #expect(simulator.now == 9)
        #expect(simulator.run(&recorder, stopWhen: { $0.now >= 42 }) == .conditionMet)
        #expect(simulator.now == 42)
        #expect(recorder.log.count == 43)
    }

    @Test("a cancelled timeout does not fire; events at the same time keep FIFO order")
    func cancelAndFifo() {
        var simulator = Simulator<Recorder.Event>()
        var recorder = Recorder()
        let timeout = simulator.schedule(.mark(99), at: 5)
        for value in 0..<5 { simulator.schedule(.mark(value), at: 3) }
        simulator.cancel(timeout)
        simulator.run(&recorder)
        #expect(recorder.log.map(\.mark) == [0, 1, 2, 3, 4])
    }
}

@Suite("Simulated time")
struct SimTimeTests {
    @Test("seconds convert to the nearest nanosecond; absurd values are held, not trapped")
    func conversion() {
        #expect(SimTime(seconds: 1.5) == 1_500_000_000)
        #expect(SimTime(seconds: 2.4e-9) == 2)
        #expect(SimTime(seconds: 1e300) == 4_600_000_000_000_000_000)
        #expect(SimTime(seconds: -.infinity) == -4_600_000_000_000_000_000)
        #expect(SimTime(seconds: .nan) == 0)
        #expect(SimTime(seconds: 3).seconds == 3)
    }

    @Test("the conversion rounds as Double.rounded() does, halves away from zero")
    func roundingMatchesTheStandardLibrary() {
        func reference(_ seconds: Double) -> SimTime {
            let nanoseconds = (seconds * 1e9).rounded()
            return nanoseconds.isNaN ? 0 : Int64(Swift.max(-4.6e18, Swift.min(4.6e18, nanoseconds)))
        }
        var edges: [Double] = [0, -0.0, 0.5e-9, -0.5e-9, 1.5e-9, 2.5e-9, -2.5e-9, 0.49999999999999994e-9, 4.5e9, 4.6e9, -4.6e9]
        edges += [4.5035996273704955e6, 4.503599627370497e6, 9.007199254740993e6, 4.599999999e9, 4.6e9.nextDown]
        for value in edges { #expect(SimTime(seconds: value) == reference(value), "\(value)") }
        let stream = RandomStreams(seed: 3, replication: 0).stream("rounding")
        var mismatches = 0
        for _ in 0..<200_000 {
            let magnitude = pow(10, stream.uniform() * 24 - 12)
            let value = (stream.bernoulli(0.5) ? 1 : -1) * magnitude
            if SimTime(seconds: value) != reference(value) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
