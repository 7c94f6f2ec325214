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
/// - A 4-ary min-heap ordered by time alone holds them. Four children a node halve the depth
///   against a binary heap: removing the next event, a chain of dependent loads one level at a
///   time, waits on half as many levels, and a node's children lie side by side. One 64-bit
///   word is compared a child, and the least of four is found with selects, not branches. The
///   entry a walk places is handed to it, not stored and read back (reading 32 bytes just
///   written as smaller stores stalls on store forwarding).
/// - Entries of equal time may sit in the heap in any order, but those at the least time form
///   a subtree at the root, so a second one shows in a child of the root. When it does, all of
///   them move to `ties`, sorted by (priority, sequence), and leave from there; an event
///   scheduled at that time while they do joins them in its place. Times drawn to the
///   nanosecond rarely tie, and a tie of k events costs O(k log k), not O(k²).
/// - The event `popNext` returns from the heap stays at its root until the next `schedule`
///   overwrites it or the next `popNext` or `nextTime` removes it: a simulation's handler
///   usually schedules an event, and that event sinking from the root is one walk, where
///   removing the root (the last entry sinks from it) and then adding an event (it rises from
///   the bottom) are two.
/// - Cancelled events stay in and are dropped when they come next (lazy deletion).
/// - Complexity: O(log n) to schedule and to pop; O(1) to cancel.
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
    }

    @usableFromInline static var sequenceMask: UInt64 { (1 << 56) - 1 }

    /// The heap is `heap[0 ..< size]`; the entries after it are spent, kept so that the storage
    /// never shrinks and a removal is a decrement.
    @usableFromInline var heap: ContiguousArray<Entry> = []
    @usableFromInline var size = 0
    /// `heap[0]` is the event `popNext` returned last, left for `schedule` to overwrite.
    @usableFromInline var handedOut = false
    /// Events at `tiesTime`, the least time, in the order they leave; `ties[..<tiesNext]` have
    /// left. While any are left, the heap holds only later events.
    @usableFromInline var ties: ContiguousArray<Entry> = []
    @usableFromInline var tiesNext = 0
    @usableFromInline var tiesTime: SimTime = 0
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []

    public init() {}

    /// Events scheduled and neither run nor cancelled.
    @inlinable
    public var count: Int { size - (handedOut ? 1 : 0) + (ties.count - tiesNext) - cancelled.count }

    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// Adds an event. Lower `priority` runs first among events at the same time.
    /// - Complexity: O(log n)
    @inlinable
    @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime, priority: Int8 = 0) -> EventID {
        let sequence = nextSequence
        nextSequence &+= 1
        let key = UInt64(UInt8(bitPattern: priority) ^ 0x80) << 56 | (sequence & Self.sequenceMask)
        let entry = Entry(time: time, key: key, payload: payload)
        if tiesNext < ties.count, time <= tiesTime {
            joinTies(entry)
        } else if handedOut {
            // The root left: the new event takes its place and sinks.
            handedOut = false
            let size = size
            heap.withUnsafeMutableBufferPointer { heap in
                Self.siftDown(entry, from: 0, in: UnsafeMutableBufferPointer(rebasing: heap[..<size]))
            }
        } else {
            insert(entry)
        }
        return EventID(sequence: sequence)
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
        settle()
        if !cancelled.isEmpty { dropCancelledNext() }
        if tiesNext < ties.count { return tiesTime }
        return size > 0 ? heap[0].time : nil
    }

    /// Removes and returns the next event.
    /// - Complexity: O(log n)
    @inlinable
    public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        settle()
        while true {
            if !cancelled.isEmpty { dropCancelledNext() }
            guard tiesNext == ties.count, size > 1, rootHasTie() else { break }
            gatherTies()
        }
        if tiesNext < ties.count {
            let next = ties[tiesNext]
            leaveTies()
            return (next.time, next.payload)
        }
        guard size > 0 else { return nil }
        handedOut = true
        let top = heap[0]
        return (top.time, top.payload)
    }

    /// Just after `popNext` handed out the root: the event most likely to come next, the least
    /// of the root's children (unless the handler schedules an earlier one); nil when unknown.
    @inlinable @inline(__always)
    public func likelyNext() -> Payload? {
        guard handedOut, size >= 5 else { return nil }
        return heap.withUnsafeBufferPointer { heap in
            let left = heap[2].time < heap[1].time ? 2 : 1
            let right = heap[4].time < heap[3].time ? 4 : 3
            return heap[heap[right].time < heap[left].time ? right : left].payload
        }
    }

    /// Removes and returns the next event if it is due before `limit`.
    /// - Complexity: O(log n)
    @inlinable @inline(__always)
    public mutating func popNext(before limit: SimTime) -> (time: SimTime, payload: Payload)? {
        settle()
        guard cancelled.isEmpty, tiesNext == ties.count, size < 2 || !rootHasTie() else {
            return popNextAfterChecks(before: limit)
        }
        guard size > 0, heap[0].time < limit else { return nil }
        handedOut = true
        return (heap[0].time, heap[0].payload)
    }

    /// `popNext(before:)` when cancelled events or ties may come next.
    @usableFromInline @inline(never)
    mutating func popNextAfterChecks(before limit: SimTime) -> (time: SimTime, payload: Payload)? {
        guard let next = nextTime(), next < limit else { return nil }
        return popNext()
    }

    /// Removes the root handed out by `popNext` if no event has taken its place.
    @inlinable @inline(__always)
    mutating func settle() {
        guard handedOut else { return }
        handedOut = false
        removeRoot()
    }

    /// Whether a child of the root has the root's time.
    @inlinable @inline(__always)
    func rootHasTie() -> Bool {
        heap.withUnsafeBufferPointer { heap in
            let time = heap[0].time
            var tie = false
            var child = 1
            while child < Swift.min(size, 5) {
                tie = tie || heap[child].time == time
                child &+= 1
            }
            return tie
        }
    }

    /// The root leaves: the last entry sinks from it.
    @inlinable
    mutating func removeRoot() {
        size &-= 1
        let size = size
        guard size > 0 else { return }
        heap.withUnsafeMutableBufferPointer { heap in
            Self.siftDown(heap[size], from: 0, in: UnsafeMutableBufferPointer(rebasing: heap[..<size]))
        }
    }

    /// Drops the cancelled events that come next.
    @usableFromInline @inline(never)
    mutating func dropCancelledNext() {
        while true {
            if tiesNext < ties.count {
                guard cancelled.remove(ties[tiesNext].key & Self.sequenceMask) != nil else { return }
                leaveTies()
            } else {
                guard size > 0, cancelled.remove(heap[0].key & Self.sequenceMask) != nil else { return }
                removeRoot()
            }
        }
    }

    /// Moves the events at the root's time, more than one, from the heap to `ties`.
    @usableFromInline @inline(never)
    mutating func gatherTies() {
        let time = heap[0].time
        while size > 0, heap[0].time == time {
            ties.append(heap[0])
            removeRoot()
        }
        ties.sort { $0.key < $1.key }
        tiesTime = time
    }

    @inlinable
    mutating func leaveTies() {
        tiesNext &+= 1
        if tiesNext == ties.count {
            ties.removeAll(keepingCapacity: true)
            tiesNext = 0
        }
    }

    /// Adds an event at `tiesTime` or before, while ties are left.
    @usableFromInline @inline(never)
    mutating func joinTies(_ entry: Entry) {
        guard entry.time == tiesTime else {
            // Earlier than the ties (an event list used without a clock): they go back into
            // the heap, and the entry goes in as any other.
            let left = ties[tiesNext...]
            ties.removeAll(keepingCapacity: true)
            tiesNext = 0
            for tie in left { insert(tie) }
            insert(entry)
            return
        }
        // Usually the last: its sequence is the greatest, and its priority is most often theirs.
        var index = ties.count
        while index > tiesNext, entry.key < ties[index &- 1].key { index &-= 1 }
        ties.insert(entry, at: index)
    }

    /// Adds an entry to the heap: at the bottom, rising.
    @inlinable @inline(__always)
    mutating func insert(_ entry: Entry) {
        if size == heap.count { heap.append(entry) }
        let start = size
        size &+= 1
        heap.withUnsafeMutableBufferPointer { heap in Self.siftUp(entry, from: start, in: heap) }
    }

    @inlinable @inline(__always)
    static func siftUp(_ entry: Entry, from start: Int, in heap: UnsafeMutableBufferPointer<Entry>) {
        var child = start
        while child > 0 {
            let parent = (child &- 1) >> 2
            guard entry.time < heap[parent].time else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = entry
    }

    @inlinable
    static func siftDown(_ entry: Entry, from start: Int, in heap: UnsafeMutableBufferPointer<Entry>) {
        let count = heap.count
        var parent = start
        while true {
            let first = 4 &* parent &+ 1
            guard first < count else { break }
            var best = first
            var bestTime = heap[first].time
            if first &+ 3 < count {
                // A full node: the least of four as a tournament of selects, no branches.
                let second = heap[first &+ 1].time
                let third = heap[first &+ 2].time
                let fourth = heap[first &+ 3].time
                let left = second < bestTime ? first &+ 1 : first
                let leftTime = Swift.min(bestTime, second)
                let right = fourth < third ? first &+ 3 : first &+ 2
                let rightTime = Swift.min(third, fourth)
                best = rightTime < leftTime ? right : left
                bestTime = Swift.min(leftTime, rightTime)
            } else {
                var child = first &+ 1
                while child < count {
                    if heap[child].time < bestTime {
                        best = child
                        bestTime = heap[child].time
                    }
                    child &+= 1
                }
            }
            guard bestTime < entry.time else { break }
            heap[parent] = heap[best]
            parent = best
        }
        heap[parent] = entry
    }
}
