/// A limit on one caller's calls in flight to one dependency (Hystrix's semaphore isolation):
/// a call over the limit is rejected at once instead of queueing, so a slow dependency cannot
/// tie up all of the caller's threads.
///
/// Made only for dependencies with a configured limit; an unlimited dependency has none.
/// - Complexity: O(1).
struct Bulkhead {
    /// Most calls in flight at once.
    let limit: Int
    /// Calls acquired and not yet released.
    private(set) var inFlight = 0
    /// Calls refused so far because the limit was reached.
    private(set) var rejected = 0

    /// A bulkhead allowing `limit` calls in flight (0 rejects every call).
    init(limit: Int) {
        precondition(limit >= 0, "a bulkhead limit cannot be negative")
        self.limit = limit
    }

    /// Takes a place for a call; false (and counted as rejected) when all places are taken.
    mutating func tryAcquire() -> Bool {
        guard inFlight < limit else {
            rejected += 1
            return false
        }
        inFlight += 1
        return true
    }

    /// Gives back the place of a call that has ended, however it ended.
    mutating func release() {
        precondition(inFlight > 0, "released a bulkhead place that was not acquired")
        inFlight -= 1
    }
}
