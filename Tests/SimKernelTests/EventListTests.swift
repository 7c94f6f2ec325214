import Testing

@testable import SimKernel

@Suite("Event list")
struct EventListTests {
    @Test("equal-time, equal-priority events leave in insertion order")
    func fifoTies() {
        var list = EventList<Int>()
        for value in 0..<1000 { list.schedule(value, at: 5) }
        var popped: [Int] = []
        while let next = list.popNext() { popped.append(next.payload) }
        #expect(popped == Array(0..<1000))
    }

    @Test("time orders first, then priority (lower first), then insertion")
    func priorities() {
        var list = EventList<String>()
        list.schedule("late", at: 20, priority: -128)
        list.schedule("b", at: 10, priority: 1)
        list.schedule("a", at: 10, priority: -1)
        list.schedule("c", at: 10, priority: 1)
        list.schedule("max", at: 10, priority: 127)
        list.schedule("early", at: 0, priority: 127)
        var popped: [String] = []
        while let next = list.popNext() { popped.append(next.payload) }
        #expect(popped == ["early", "a", "b", "c", "max", "late"])
    }

    @Test("a cancelled event never runs and leaves the count")
    func cancellation() {
        var list = EventList<Int>()
        let first = list.schedule(1, at: 1)
        list.schedule(2, at: 2)
        let third = list.schedule(3, at: 3)
        list.cancel(third)
        list.cancel(first)
        #expect(list.count == 1)
        #expect(list.nextTime() == 2)
        #expect(list.popNext()?.payload == 2)
        #expect(list.popNext() == nil)
        #expect(list.isEmpty)
    }

    @Test("events scheduled at the time of a tie being popped join it in (priority, sequence) order")
    func joiningATie() {
        var list = EventList<String>()
        list.schedule("a", at: 7)
        list.schedule("b", at: 7)
        list.schedule("later", at: 8, priority: -128)
        list.schedule("c", at: 7)
        #expect(list.popNext()?.payload == "a")
        list.schedule("urgent", at: 7, priority: -1)
        list.schedule("d", at: 7)
        list.schedule("last", at: 7, priority: 1)
        list.checkInvariants()
        #expect(list.count == 6)
        var popped: [String] = []
        while let next = list.popNext() {
            popped.append(next.payload)
            if next.payload == "b" { list.schedule("e", at: 7) }
            list.checkInvariants()
        }
        #expect(popped == ["urgent", "b", "c", "d", "e", "last", "later"])
    }

    @Test("a popped event's successor takes its place; with none scheduled it still leaves")
    func handedOutRoot() {
        var list = EventList<Int>()
        for value in [5, 3, 9, 1] { list.schedule(value, at: SimTime(value)) }
        #expect(list.popNext()?.payload == 1)
        #expect(list.count == 3)
        list.schedule(4, at: 4)
        list.checkInvariants()
        #expect(list.popNext()?.payload == 3)
        #expect(list.nextTime() == 4)
        #expect(list.count == 3)
        let cancelled = list.schedule(6, at: 6)
        list.cancel(cancelled)
        var popped: [Int] = []
        while let next = list.popNext() { popped.append(next.payload) }
        #expect(popped == [4, 5, 9])
        #expect(list.isEmpty)
    }

    @Test("after a pop, the likely next event is the one that leaves next when nothing earlier is scheduled")
    func likelyNext() {
        var generator = SplitMixGenerator(seed: 7)
        var list = EventList<Int>()
        // Distinct times, so that the order is the times' alone.
        var times = Array(0..<2_000).map { SimTime($0) * 3 }
        for index in times.indices.dropLast() {
            let other = index + Int(generator.next() % UInt64(times.count - index))
            times.swapAt(index, other)
        }
        for (value, time) in times.enumerated() { list.schedule(value, at: time) }
        #expect(list.likelyNext() == nil)  // nothing handed out yet
        var named = 0
        while let popped = list.popNext() {
            let likely = list.likelyNext()
            if popped.payload % 3 == 0 {
                // A handler schedules a later event: the next to leave is unchanged.
                list.schedule(popped.payload + 10_000, at: popped.time + 5_000)
            }
            guard let likely else {
                #expect(list.count < 5)
                continue
            }
            named += 1
            #expect(list.popNext()?.payload == likely)
        }
        #expect(named > 1_000)
    }

    @Test("random sequences with many ties and events before the last popped match a sorted reference", arguments: 0..<100)
    func tiesAndEarlierEvents(seed: Int) {
        sweep(seed: seed, timeSpread: 3, earlier: true)
    }

    @Test("random schedule/cancel/pop sequences match a sorted reference", arguments: 0..<200)
    func sweep(seed: Int) {
        sweep(seed: seed, timeSpread: 20, earlier: false)
    }

    /// Random schedules (at the last popped time plus up to `timeSpread` - 1, or up to 2 before
    /// it when `earlier`), cancels and pops, checked against a sorted list after every step.
    func sweep(seed: Int, timeSpread: UInt64, earlier: Bool) {
        var generator = SplitMixGenerator(seed: UInt64(seed))
        var list = EventList<Int>()
        var reference: [(time: SimTime, priority: Int8, sequence: Int, id: EventID)] = []
        var sequence = 0
        var now: SimTime = 0
        for _ in 0..<300 {
            switch generator.next() % 10 {
            case 0..<5:
                let time = now + SimTime(generator.next() % timeSpread) - (earlier ? SimTime(generator.next() % 3) : 0)
                let priority = Int8(truncatingIfNeeded: Int(generator.next() % 5) - 2)
                let id = list.schedule(sequence, at: time, priority: priority)
                reference.append((time, priority, sequence, id))
                sequence += 1
            case 5..<7 where !reference.isEmpty:
                let victim = reference.remove(at: Int(generator.next() % UInt64(reference.count)))
                list.cancel(victim.id)
            default:
                reference.sort { ($0.time, $0.priority, $0.sequence) < ($1.time, $1.priority, $1.sequence) }
                let expected = reference.first
                if expected != nil { reference.removeFirst() }
                let popped = list.popNext()
                #expect(popped?.payload == expected?.sequence)
                if let popped { now = popped.time }
            }
            list.checkInvariants()
            #expect(list.count == reference.count)
        }
    }
}

/// A tiny deterministic generator for test sweeps (not for simulation: that is GSL's job).
struct SplitMixGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return StreamSeed.splitMix(state)
    }
}
