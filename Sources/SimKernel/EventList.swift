/// Handle of a scheduled event, for cancelling it.
public struct EventID: Hashable, Sendable {
    /// Insertion sequence number: unique within one event list.
    public let sequence: UInt64

    @inlinable
    init(sequence: UInt64) { self.sequence = sequence }
}

/// The future-event list: a 4-ary min-heap of value entries ordered by
/// (time, priority, insertion sequence), so equal-time events of equal priority run first-in, first-out.
///
/// Four children a node halve the heap's depth against a binary heap: removing the next event,
/// a chain of dependent loads one level at a time, waits on half as many levels, and a node's
/// children lie side by side. The order (time, priority, sequence) is one 128-bit key, and the
/// least of four children is found with selects rather than branches. The entry a walk places
/// is handed to it, not stored and read back: reading 32 bytes just written as smaller stores
/// stalls on store forwarding.
///
/// Cancelled events stay in the heap and are dropped when they reach the top (lazy deletion).
/// - Complexity: O(log n) to schedule and to pop; O(1) to cancel.
public struct EventList<Payload> {
    @usableFromInline
    struct Entry {
        /// Time in the high 64 bits (sign bit flipped, so that unsigned order is time order);
        /// priority in the next 8 bits (offset so that -128 sorts first); sequence below. One
        /// comparison of two such keys needs no branch.
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
        let entry = Entry(time: time, key: key, payload: payload)
        heap.append(entry)
        siftUp(entry, from: heap.count - 1)
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
        siftDown(last, from: 0)
        return top
    }

    @inlinable
    mutating func siftUp(_ entry: Entry, from start: Int) {
        // One uniqueness check for the whole walk instead of one per write.
        heap.withUnsafeMutableBufferPointer { heap in
            var child = start
            while child > 0 {
                let parent = (child &- 1) >> 2
                guard entry.precedes(heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    @inlinable
    mutating func siftDown(_ entry: Entry, from start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = start
            while true {
                let first = 4 &* parent &+ 1
                guard first < count else { break }
                var best = first
                var bestOrder = heap[first].order
                if first &+ 3 < count {
                    // A full node: the least of four as a tournament of selects, no branches.
                    let second = heap[first &+ 1].order
                    let third = heap[first &+ 2].order
                    let fourth = heap[first &+ 3].order
                    let left = second < bestOrder ? first &+ 1 : first
                    let leftOrder = Swift.min(bestOrder, second)
                    let right = fourth < third ? first &+ 3 : first &+ 2
                    let rightOrder = Swift.min(third, fourth)
                    best = rightOrder < leftOrder ? right : left
                    bestOrder = Swift.min(leftOrder, rightOrder)
                } else {
                    var child = first &+ 1
                    while child < count {
                        if heap[child].order < bestOrder {
                            best = child
                            bestOrder = heap[child].order
                        }
                        child &+= 1
                    }
                }
                guard bestOrder < entry.order else { break }
                heap[parent] = heap[best]
                parent = best
            }
            heap[parent] = entry
        }
    }
}
