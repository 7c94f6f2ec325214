#if DEBUG
extension EventList {
    /// Checks that the run is sorted and comes before every bucket; that each bucket holds only
    /// its slot's entries, within reach, and the bitmap says which hold any; that the far heap is
    /// a heap beyond the buckets' reach; that the count adds up; and that every cancelled event
    /// is still pending. Compiled only into debug builds, for tests.
    public func checkInvariants() {
        let storage = storage
        precondition(0 <= runNext && runNext <= runCount && runCount <= storage.runInitialised, "run bounds")
        let run = (runNext..<runCount).map { storage.run[$0] }
        for (earlier, later) in zip(run, run.dropFirst()) {
            precondition(earlier.precedes(later), "run out of order")
        }
        precondition(run.allSatisfy { $0.time >> shift <= cursor }, "a run entry after the current slot")
        var live = run
        let mask = Self.bucketCount - 1
        for bucket in 0..<Self.bucketCount {
            let flagged = storage.occupied[bucket >> 6] & (1 << UInt64(bucket & 63)) != 0
            precondition(flagged == (storage.heads[bucket] >= 0), "bitmap wrong for bucket \(bucket)")
            var index = storage.heads[bucket]
            while index >= 0 {
                let entry = storage.pool[Int(index)]
                let slot = entry.time >> shift
                precondition(slot > cursor && slot < cursor + Int64(Self.bucketCount), "a bucket entry out of reach")
                precondition(Int(truncatingIfNeeded: slot) & mask == bucket, "an entry in another slot's bucket")
                precondition(run.allSatisfy { $0.precedes(entry) }, "a bucket entry before the run")
                live.append(entry)
                index = storage.next[Int(index)]
            }
        }
        precondition(storage.farCount <= storage.farInitialised, "far heap beyond its storage")
        for index in 0..<storage.farCount {
            if index > 0 {
                precondition(storage.far[index].time >= storage.far[(index - 1) >> 2].time, "far heap order broken")
            }
            precondition(
                storage.far[index].time >> shift >= cursor + Int64(Self.bucketCount), "a far entry within reach")
            live.append(storage.far[index])
        }
        precondition(live.count == pending, "pending count wrong")
        let sequences = Set(live.map { $0.key & Self.sequenceMask })
        precondition(cancelled.isSubset(of: sequences), "cancelled an event that is not pending")
    }
}
#endif
