/// Handle of a scheduled event, for cancelling it.
public struct EventID: Hashable, Sendable {
    /// Insertion sequence number: unique within one event list.
    public let sequence: UInt64

    @inlinable
    init(sequence: UInt64) { self.sequence = sequence }
}

/// The future-event list. Events leave in (time, priority, insertion sequence) order, so
/// equal-time events of equal priority run first-in, first-out.
///
/// A calendar of slots (Brown's calendar queue, with a heap for the far future):
/// - Time is cut into slots of 2^`shift` nanoseconds. The **run** holds the events of the
///   current slot (`cursor`), sorted; they leave from its front.
/// - The next `bucketCount - 1` slots each have a **bucket**: an unsorted list, so adding an
///   event is an append whatever the number pending. When the run is spent, the next bucket
///   that holds events (a bitmap finds it) becomes the run, each entry inserted in its place;
///   a bucket holds a few events, so that is a handful of comparisons.
/// - Events beyond the buckets wait in the **far heap** (a 4-ary min-heap by time) and move into
///   their buckets as the current slot comes within reach of them.
/// - `shift` follows the pace of the simulation: every `tunePeriod` events scheduled, the mean
///   time between events is measured, and if a slot has drifted far from holding two to four
///   of them, the events are re-placed under a new slot width. The width changes how fast events
///   are found, never their order.
/// - Cancelled events stay in and are dropped when they come next (lazy deletion).
/// - An event scheduled before the current slot (an event list used without a clock) joins
///   the run in its place: the run is always the earliest events, sorted.
/// - Complexity: O(1) amortised to schedule and to pop while the width suits the pace and the
///   delays fall within the buckets' reach, O(log n) for far events; O(1) to cancel.
///
/// The storage is a class of its own with unsafe buffers (no array's uniqueness check on every
/// write), copied on write as a whole: `schedule` and the run's refill check that it is not
/// shared (unless the owner knows it is not: `storageIsUnique`); taking an event from the run
/// writes nothing to it. Its fields are exempt from
/// run-time exclusivity checks (a library call on every access): only this type's own methods
/// touch them, and none holds an access across a call that could reach the same field.
public struct EventList<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: SimTime
        /// Priority in the high 8 bits (offset so that -128 sorts first); sequence below.
        @usableFromInline var key: UInt64
        @usableFromInline var payload: Payload

        @inlinable
        init(time: SimTime, key: UInt64, payload: Payload) {
            self.time = time
            self.key = key
            self.payload = payload
        }

        /// Whether this entry leaves before `other`.
        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && key < other.key)
        }
    }

    @usableFromInline static var sequenceMask: UInt64 { (1 << 56) - 1 }
    /// Slots with a bucket ahead of the current one, plus the current one: a power of two.
    @usableFromInline static var bucketCount: Int { 4096 }
    /// Events per slot the width aims at: 2^`slotLoadBits`.
    @usableFromInline static var slotLoadBits: Int { 2 }

    @usableFromInline var storage: Storage
    /// The run is `storage.run[runNext ..< runCount]`.
    @usableFromInline var runNext = 0
    @usableFromInline var runCount = 0
    /// The current slot: time >> `shift`. Buckets hold slots `cursor + 1 ..< cursor + bucketCount`.
    @usableFromInline var cursor: Int64 = 0
    /// Log2 of the slot width [ns], at least 1.
    @usableFromInline var shift: Int64
    /// Events scheduled and not yet run or dropped (cancelled ones included).
    @usableFromInline var pending = 0
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []
    /// Events scheduled between measures of the pace.
    @usableFromInline let tunePeriod: UInt64
    /// `nextSequence` and the time of the last event taken at the last measure of the pace.
    @usableFromInline var tuneSequence: UInt64 = 0
    @usableFromInline var tuneTime: SimTime = 0
    /// Time of the last event the run gave out.
    @usableFromInline var lastTime: SimTime = 0

    public init() { self.init(shift: 16, tunePeriod: 16_384) }

    /// An event list with slots of 2^`shift` ns to begin with, measuring the pace every
    /// `tunePeriod` events scheduled (small values let tests re-place events often).
    @usableFromInline
    init(shift: Int64, tunePeriod: UInt64) {
        precondition(shift >= 1 && shift < 62 && tunePeriod > 0)
        self.shift = shift
        self.tunePeriod = tunePeriod
        storage = Storage()
    }

    /// Events scheduled and neither run nor cancelled.
    @inlinable
    public var count: Int { pending - cancelled.count }

    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// Adds an event. Lower `priority` runs first among events at the same time.
    /// - Complexity: O(1) amortised; O(log n) beyond the buckets.
    @inlinable
    @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime, priority: Int8 = 0) -> EventID {
        schedule(payload, at: time, priority: priority, storageIsUnique: false)
    }

    /// `schedule`, for an owner that knows that this list is not a copy (`Simulator`, which
    /// cannot be copied): `storageIsUnique` skips the check that the storage is not shared.
    @inlinable @inline(__always)
    mutating func schedule(_ payload: Payload, at time: SimTime, priority: Int8, storageIsUnique: Bool) -> EventID {
        let sequence = nextSequence
        nextSequence &+= 1
        pending &+= 1
        let key = UInt64(UInt8(bitPattern: priority) ^ 0x80) << 56 | (sequence & Self.sequenceMask)
        if !storageIsUnique, !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        place(Entry(time: time, key: key, payload: payload))
        return EventID(sequence: sequence)
    }

    /// Puts an entry in the run, its bucket or the far heap. The storage is not shared.
    @inlinable @inline(__always)
    mutating func place(_ entry: Entry) {
        let slot = entry.time &>> shift
        let distance = slot &- cursor
        if distance > 0, distance < Int64(Self.bucketCount) {
            storage.pushBucket(entry, bucket: Int(truncatingIfNeeded: slot) & (Self.bucketCount &- 1))
        } else if distance <= 0 {
            insertInRun(entry)
        } else {
            storage.pushFar(entry)
        }
    }

    /// Adds an entry of the current slot or earlier to the run, in its place. New events
    /// usually go last, so the search runs from the end.
    @inlinable
    mutating func insertInRun(_ entry: Entry) {
        // A slot too wide for the pace sends every event here: measure the pace here too.
        if nextSequence &- tuneSequence >= tunePeriod, tune() {
            place(entry)
            return
        }
        if runNext == runCount {
            // Spent: start again at the front, so a chain of events in one slot stays small.
            runNext = 0
            runCount = 0
        }
        var index = runCount
        let run = storage.run
        while index > runNext, entry.precedes(run[index &- 1]) { index &-= 1 }
        if index == runNext, runNext > 0 {
            // Before all that are left: into the place the last one taken left.
            runNext &-= 1
            storage.setRun(runNext, entry)
            return
        }
        storage.reserveRun(runCount &+ 1)
        var place = runCount
        while place > index {
            storage.setRun(place, storage.run[place &- 1])
            place &-= 1
        }
        storage.setRun(index, entry)
        runCount &+= 1
    }

    /// Cancels a pending event. Cancelling an event that has run or was already cancelled is a
    /// programming error (the caller knows whether its timeout fired); `checkInvariants` catches it.
    /// - Complexity: O(1)
    @inlinable
    public mutating func cancel(_ id: EventID) {
        cancelled.insert(id.sequence & Self.sequenceMask)
    }

    /// Time of the next event that will run, if any.
    @inlinable
    public mutating func nextTime() -> SimTime? {
        guard readyNext(storageIsUnique: false) else { return nil }
        return storage.run[runNext].time
    }

    /// Removes and returns the next event.
    @inlinable
    public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        guard readyNext(storageIsUnique: false) else { return nil }
        return take()
    }

    /// Removes and returns the next event if it is due before `limit`.
    @inlinable @inline(__always)
    public mutating func popNext(before limit: SimTime) -> (time: SimTime, payload: Payload)? {
        popNext(before: limit, storageIsUnique: false)
    }

    /// `popNext(before:)`, for an owner that knows that this list is not a copy (see
    /// `schedule(_:at:priority:storageIsUnique:)`).
    @inlinable @inline(__always)
    mutating func popNext(before limit: SimTime, storageIsUnique: Bool) -> (time: SimTime, payload: Payload)? {
        if runNext < runCount, cancelled.isEmpty {
            guard storage.run[runNext].time < limit else { return nil }
            return take()
        }
        return popNextAfterChecks(before: limit, storageIsUnique: storageIsUnique)
    }

    /// `popNext(before:)` when the run is spent or cancelled events may come next.
    @inlinable @inline(never)
    mutating func popNextAfterChecks(before limit: SimTime, storageIsUnique: Bool) -> (
        time: SimTime, payload: Payload
    )? {
        guard readyNext(storageIsUnique: storageIsUnique), storage.run[runNext].time < limit else { return nil }
        return take()
    }

    /// The run's next event leaves.
    @inlinable @inline(__always)
    mutating func take() -> (time: SimTime, payload: Payload) {
        let entry = storage.run[runNext]
        runNext &+= 1
        pending &-= 1
        lastTime = entry.time
        return (entry.time, entry.payload)
    }

    /// Makes the run's front the next event that will run, dropping cancelled ones; false when
    /// none is left.
    @inlinable
    mutating func readyNext(storageIsUnique: Bool) -> Bool {
        while true {
            if runNext == runCount {
                guard pending > 0 else { return false }
                refillRun(storageIsUnique: storageIsUnique)
            }
            guard !cancelled.isEmpty, cancelled.remove(storage.run[runNext].key & Self.sequenceMask) != nil else {
                return true
            }
            runNext &+= 1
            pending &-= 1
        }
    }

    /// The run is spent and events are pending: the next slot that holds any becomes the run.
    @inlinable @inline(never)
    mutating func refillRun(storageIsUnique: Bool) {
        if !storageIsUnique, !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        runNext = 0
        runCount = 0
        // Re-placed events start a run of their own.
        if nextSequence &- tuneSequence >= tunePeriod, tune() { return }
        let storage = storage
        let mask = Self.bucketCount &- 1
        if let bucket = storage.nextOccupied(after: Int(truncatingIfNeeded: cursor) & mask) {
            cursor &+= Int64((bucket &- Int(truncatingIfNeeded: cursor)) & mask)
        } else {
            // The buckets are empty: the far heap holds every pending event.
            cursor = storage.far[0].time &>> shift
        }
        // The far events now within reach go to their buckets, or to the run.
        let reach = cursor &+ Int64(Self.bucketCount)
        while storage.farCount > 0, storage.far[0].time &>> shift < reach {
            let entry = storage.popFar()
            let slot = entry.time &>> shift
            if slot == cursor {
                runCount = storage.insertSorted(entry, count: runCount)
            } else {
                storage.pushBucket(entry, bucket: Int(truncatingIfNeeded: slot) & mask)
            }
        }
        runCount = storage.takeBucket(Int(truncatingIfNeeded: cursor) & mask, intoRunOf: runCount)
    }

    /// Measures the time between events since the last measure and, if the slot width has
    /// drifted two powers of two from the aim, re-places every pending event under the new
    /// width, the earliest in the run; returns whether it did. The storage is not shared.
    @usableFromInline
    mutating func tune() -> Bool {
        let events = nextSequence &- tuneSequence
        let elapsed = lastTime &- tuneTime
        tuneSequence = nextSequence
        tuneTime = lastTime
        guard elapsed > 0 else { return false }
        let gap = UInt64(elapsed) / events
        let aim = Swift.max(1, Swift.min(61, Int64(UInt64.bitWidth - gap.leadingZeroBitCount + Self.slotLoadBits - 1)))
        guard abs(aim - shift) >= 2 else { return false }
        let entries = (runNext..<runCount).map { storage.run[$0] } + storage.removeAll()
        runNext = 0
        runCount = 0
        shift = aim
        cursor = (entries.map(\.time).min() ?? lastTime) >> shift
        for entry in entries { place(entry) }
        return true
    }

    /// The buffers. Each holds initialised entries up to its high-water mark; entries past
    /// the live ones are spent and kept until overwritten, so that a removal writes nothing.
    @usableFromInline
    final class Storage {
        /// The run: sorted, at `EventList.runNext ..< runCount`.
        @exclusivity(unchecked) @usableFromInline var run: UnsafeMutablePointer<Entry>
        @exclusivity(unchecked) @usableFromInline var runCapacity = 16
        @exclusivity(unchecked) @usableFromInline var runInitialised = 0
        /// The buckets' entries, each bucket a list through `next` from its `heads` entry (-1:
        /// none); free places form a list from `freeHead`.
        @exclusivity(unchecked) @usableFromInline var pool: UnsafeMutablePointer<Entry>
        @exclusivity(unchecked) @usableFromInline var next: UnsafeMutablePointer<Int32>
        @exclusivity(unchecked) @usableFromInline var poolCapacity = 64
        @exclusivity(unchecked) @usableFromInline var poolInitialised = 0
        @exclusivity(unchecked) @usableFromInline var freeHead: Int32 = -1
        @usableFromInline let heads: UnsafeMutablePointer<Int32>
        /// Bit b of word w: bucket 64w + b holds entries.
        @usableFromInline let occupied: UnsafeMutablePointer<UInt64>
        /// The far heap: `far[0 ..< farCount]`.
        @exclusivity(unchecked) @usableFromInline var far: UnsafeMutablePointer<Entry>
        @exclusivity(unchecked) @usableFromInline var farCapacity = 16
        @exclusivity(unchecked) @usableFromInline var farCount = 0
        @exclusivity(unchecked) @usableFromInline var farInitialised = 0

        @usableFromInline
        init() {
            run = .allocate(capacity: runCapacity)
            pool = .allocate(capacity: poolCapacity)
            next = .allocate(capacity: poolCapacity)
            heads = .allocate(capacity: EventList.bucketCount)
            heads.initialize(repeating: -1, count: EventList.bucketCount)
            occupied = .allocate(capacity: EventList.bucketCount / 64)
            occupied.initialize(repeating: 0, count: EventList.bucketCount / 64)
            far = .allocate(capacity: farCapacity)
        }

        deinit {
            run.deinitialize(count: runInitialised)
            run.deallocate()
            pool.deinitialize(count: poolInitialised)
            pool.deallocate()
            next.deallocate()
            heads.deallocate()
            occupied.deallocate()
            far.deinitialize(count: farInitialised)
            far.deallocate()
        }

        /// A storage of its own with the same contents.
        @usableFromInline
        func copy() -> Storage {
            let copy = Storage()
            copy.reserveRun(runInitialised)
            copy.run.initialize(from: run, count: runInitialised)
            copy.runInitialised = runInitialised
            copy.growPool(to: poolCapacity)
            copy.pool.initialize(from: pool, count: poolInitialised)
            copy.next.update(from: next, count: poolInitialised)
            copy.poolInitialised = poolInitialised
            copy.freeHead = freeHead
            copy.heads.update(from: heads, count: EventList.bucketCount)
            copy.occupied.update(from: occupied, count: EventList.bucketCount / 64)
            copy.reserveFar(farInitialised)
            copy.far.initialize(from: far, count: farInitialised)
            copy.farInitialised = farInitialised
            copy.farCount = farCount
            return copy
        }

        // MARK: Run

        @inlinable @inline(__always)
        func reserveRun(_ count: Int) {
            if count > runCapacity { growRun(to: count) }
        }

        @usableFromInline @inline(never)
        func growRun(to count: Int) {
            let capacity = Swift.max(count, runCapacity * 2)
            let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
            larger.moveInitialize(from: run, count: runInitialised)
            run.deallocate()
            run = larger
            runCapacity = capacity
        }

        /// Writes run place `index`, at most one past the initialised ones, within capacity.
        @inlinable @inline(__always)
        func setRun(_ index: Int, _ entry: Entry) {
            if index < runInitialised {
                run[index] = entry
            } else {
                (run + index).initialize(to: entry)
                runInitialised = index &+ 1
            }
        }

        /// Adds an entry to the sorted `run[0 ..< count]` in its place; returns the new count.
        /// A bucket's entries go in one by one this way: it holds a few.
        @inlinable @inline(__always)
        func insertSorted(_ entry: Entry, count: Int) -> Int {
            reserveRun(count &+ 1)
            var place = count
            while place > 0, entry.precedes(run[place &- 1]) {
                setRun(place, run[place &- 1])
                place &-= 1
            }
            setRun(place, entry)
            return count &+ 1
        }

        // MARK: Buckets

        @inlinable @inline(__always)
        func pushBucket(_ entry: Entry, bucket: Int) {
            let index: Int32
            if freeHead >= 0 {
                index = freeHead
                freeHead = next[Int(index)]
                pool[Int(index)] = entry
            } else {
                if poolInitialised == poolCapacity { growPool(to: poolCapacity * 2) }
                index = Int32(truncatingIfNeeded: poolInitialised)
                (pool + poolInitialised).initialize(to: entry)
                poolInitialised &+= 1
            }
            next[Int(index)] = heads[bucket]
            heads[bucket] = index
            occupied[bucket &>> 6] |= 1 &<< UInt64(bucket & 63)
        }

        @usableFromInline @inline(never)
        func growPool(to capacity: Int) {
            guard capacity > poolCapacity else { return }
            let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
            larger.moveInitialize(from: pool, count: poolInitialised)
            pool.deallocate()
            pool = larger
            let largerNext = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            largerNext.initialize(from: next, count: poolInitialised)
            next.deallocate()
            next = largerNext
            poolCapacity = capacity
        }

        /// The first bucket after `bucket`, going round, that holds entries; nil if none does.
        @inlinable
        func nextOccupied(after bucket: Int) -> Int? {
            let words = EventList.bucketCount / 64
            let start = (bucket &+ 1) & (EventList.bucketCount &- 1)
            var word = start &>> 6
            var bits = occupied[word] & (~0 &<< UInt64(start & 63))
            for _ in 0...words {
                if bits != 0 { return word &<< 6 | bits.trailingZeroBitCount }
                word = (word &+ 1) & (words &- 1)
                bits = occupied[word]
            }
            return nil
        }

        /// Moves a bucket's entries into the sorted `run[0 ..< count]`, each in its place;
        /// returns the run's new count.
        @inlinable
        func takeBucket(_ bucket: Int, intoRunOf count: Int) -> Int {
            var index = heads[bucket]
            var end = count
            while index >= 0 {
                end = insertSorted(pool[Int(index)], count: end)
                let following = next[Int(index)]
                next[Int(index)] = freeHead
                freeHead = index
                index = following
            }
            heads[bucket] = -1
            occupied[bucket &>> 6] &= ~(1 &<< UInt64(bucket & 63))
            return end
        }

        // MARK: Far heap

        @usableFromInline @inline(never)
        func reserveFar(_ count: Int) {
            guard count > farCapacity else { return }
            let capacity = Swift.max(count, farCapacity * 2)
            let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
            larger.moveInitialize(from: far, count: farInitialised)
            far.deallocate()
            far = larger
            farCapacity = capacity
        }

        /// Adds an entry to the far heap: at the bottom, rising.
        @inlinable
        func pushFar(_ entry: Entry) {
            if farCount == farCapacity { reserveFar(farCount + 1) }
            if farCount < farInitialised {
                far[farCount] = entry
            } else {
                (far + farCount).initialize(to: entry)
                farInitialised = farCount + 1
            }
            var child = farCount
            farCount += 1
            while child > 0 {
                let parent = (child - 1) >> 2
                guard entry.time < far[parent].time else { break }
                far[child] = far[parent]
                child = parent
            }
            far[child] = entry
        }

        /// Removes the far heap's earliest entry: the last sinks from the root.
        @inlinable
        func popFar() -> Entry {
            let top = far[0]
            farCount -= 1
            guard farCount > 0 else { return top }
            let entry = far[farCount]
            var parent = 0
            while true {
                let first = 4 * parent + 1
                guard first < farCount else { break }
                var best = first
                for child in (first + 1)..<Swift.min(first + 4, farCount) where far[child].time < far[best].time {
                    best = child
                }
                guard far[best].time < entry.time else { break }
                far[parent] = far[best]
                parent = best
            }
            far[parent] = entry
            return top
        }

        /// Takes every entry out of the buckets and the far heap (not the run).
        @usableFromInline
        func removeAll() -> [Entry] {
            var entries: [Entry] = []
            for bucket in 0..<EventList.bucketCount where heads[bucket] >= 0 {
                let end = takeBucket(bucket, intoRunOf: 0)
                entries.append(contentsOf: UnsafeBufferPointer(start: run, count: end))
            }
            entries.append(contentsOf: UnsafeBufferPointer(start: far, count: farCount))
            farCount = 0
            return entries
        }
    }
}
