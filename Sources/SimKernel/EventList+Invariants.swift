#if DEBUG
extension EventList {
    /// Checks the heap property, the ties' order, and that every cancelled event is still
    /// pending. Compiled only into debug builds, for tests.
    public func checkInvariants() {
        precondition(size <= heap.count, "heap size beyond its storage")
        for index in 1..<Swift.max(size, 1) {
            precondition(heap[index].time >= heap[(index - 1) >> 2].time, "heap order broken at \(index)")
        }
        let waiting = ties[tiesNext...]
        for (earlier, later) in zip(waiting, waiting.dropFirst()) {
            precondition(earlier.key < later.key, "ties out of order")
        }
        precondition(waiting.allSatisfy { $0.time == tiesTime }, "a tie at another time")
        precondition(waiting.isEmpty || !handedOut, "ties beside a handed-out root")
        let live = heap[(handedOut ? 1 : 0)..<size]
        precondition(waiting.isEmpty || live.allSatisfy { $0.time > tiesTime }, "an event at the ties' time in the heap")
        let pending = Set((live + waiting).map { $0.key & Self.sequenceMask })
        precondition(cancelled.isSubset(of: pending), "cancelled an event that is not pending")
    }
}
#endif
