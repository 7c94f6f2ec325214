#if DEBUG
extension EventList {
    /// Checks the heap property and that every cancelled event is still pending.
    /// Compiled only into debug builds, for tests.
    public func checkInvariants() {
        for index in heap.indices.dropFirst() {
            precondition(!heap[index].precedes(heap[(index - 1) >> 2]), "heap order broken at \(index)")
        }
        let pending = Set(heap.map { $0.key & Self.sequenceMask })
        precondition(cancelled.isSubset(of: pending), "cancelled an event that is not pending")
    }
}
#endif
