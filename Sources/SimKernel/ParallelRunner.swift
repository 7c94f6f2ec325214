import Foundation
import Synchronization

/// Runs independent jobs (replications) on worker threads; results come back in job order, so
/// the output never depends on the number of workers.
public enum ParallelRunner {
    /// Calls `body(i)` for every i in 0..<count on up to `workers` threads.
    /// `progress` (if given) is called after each job with the number finished so far, from
    /// whichever worker finished it.
    public static func map<Result: Sendable>(
        count: Int, workers: Int, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: @Sendable (Int) -> Result
    ) -> [Result] {
        let workers = max(1, min(workers, count))
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let slots = Mutex<[Result?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                let result = body(index)
                slots.withLock { $0[index] = result }
                let done = finished.wrappingAdd(1, ordering: .relaxed).newValue
                progress?(done)
            }
        }
        return slots.withLock { $0.map { $0! } }
    }

    /// Cores available to this process.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
