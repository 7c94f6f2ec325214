/// Handle of a scheduled event, for cancelling it.
public struct EventID: Hashable, Sendable {
    /// Insertion sequence number: unique within one event list.
    public let sequence: UInt64

    @inlinable
    init(sequence: UInt64) { self.sequence = sequence }
}

/// The future-event list: a binary min-heap of value entries ordered by
/// (time, priority, insertion sequence), so equal-time events of equal priority run first-in, first-out.
///
/// The three make one 128-bit order (time, sign-flipped, in the high half; priority and sequence
/// in the low), compared without branches. Removal is Floyd's bottom-up: the hole left at the
/// root goes down along the smaller children to a leaf, one comparison a level, and the last
/// entry rises from there (rarely far: it came from the bottom). Entries are unique, so the
/// order events run in does not depend on how the heap arranges them.
///
/// Cancelled events stay in the heap and are dropped when they reach the top (lazy deletion).
/// - Complexity: O(log n) to schedule and to pop; O(1) to cancel.
public struct EventList<Payload> {
    @usableFromInline
    struct Entry {
        /// Time in the high 64 bits (sign bit flipped, so that unsigned order is time order);
        /// priority in the next 8 bits (offset so that -128 sorts first); sequence below.
        @usableFromInline var order: UInt128
        @usableFromInline var payload: Payload

        @inlinable
        init(time: SimTime, key: UInt64, payload: Payload) {
            self.order = UInt128(UInt64(bitPattern: time) ^ (1 << 63)) << 64 | UInt128(key)
            self.payload = payload
        }

        @inlinable
        var time: SimTime { SimTime(bitPattern: UInt64(truncatingIfNeeded: order >> 64) ^ (1 << 63)) }

        /// Priority and sequence.
        @inlinable
        var key: UInt64 { UInt64(truncatingIfNeeded: order) }

        @inlinable
        func precedes(_ other: Entry) -> Bool { order < other.order }
    }

    @usableFromInline static var sequenceMask: UInt64 { (1 << 56) - 1 }

    @usableFromInline var heap: ContiguousArray<Entry> = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []

    public init() {}

    /// Events scheduled and neither run nor cancelled.
    @inlinable
    public var count: Int { heap.count - cancelled.count }

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
        heap.append(Entry(time: time, key: key, payload: payload))
        siftUp(heap.count - 1)
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
        dropCancelledTop()
        return heap.first?.time
    }

    /// Removes and returns the next event.
    /// - Complexity: O(log n)
    @inlinable
    public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        dropCancelledTop()
        guard let top = removeTop() else { return nil }
        return (top.time, top.payload)
    }

    @inlinable
    mutating func dropCancelledTop() {
        guard !cancelled.isEmpty else { return }
        while let top = heap.first, cancelled.remove(top.key & Self.sequenceMask) != nil {
            _ = removeTop()
        }
    }

    @inlinable
    mutating func removeTop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        // One uniqueness check for the whole walk instead of one per write.
        heap.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var hole = 0
            while true {
                var child = 2 &* hole &+ 1
                guard child < count else { break }
                if child &+ 1 < count { child &+= heap[child &+ 1].order < heap[child].order ? 1 : 0 }
                heap[hole] = heap[child]
                hole = child
            }
            while hole > 0 {
                let parent = (hole &- 1) >> 1
                guard last.order < heap[parent].order else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = last
        }
        return top
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            var child = start
            let entry = heap[child]
            while child > 0 {
                let parent = (child &- 1) >> 1
                guard entry.order < heap[parent].order else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }
}
