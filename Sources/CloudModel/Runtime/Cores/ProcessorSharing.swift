import SimKernel

/// The cores of one instance, shared by the calls doing their own work on it: processor sharing
/// with `cores` processors (each of n working calls runs at min(1, cores / n) of a core).
///
/// Why processor sharing rather than a FIFO of cores: an operating system's scheduler slices
/// the cores among the runnable threads, so a short call is not stuck behind a long one, and no
/// thread runs on more than one core; processor sharing is the limit of that time-slicing as the
/// slice shrinks. It also has closed forms to test against: with one core its mean response is
/// E[S] / (1 − ρ) whatever the work's distribution (M/G/1-PS), and with exponential work the
/// number working follows the same birth-death process as M/M/c, so its mean response is
/// Erlang C's. Fractions of a core (a container's CPU limit, `0.5`) follow from the same rule.
///
/// Exact, by a virtual clock: `virtualTime` is the work every working call has received since
/// the processor was last idle (all working calls run at the same rate, so one clock serves
/// them all). A call admitted with work w finishes when the clock reaches its admission reading
/// plus w; calls finish in the order of those readings (a heap), and only the first is due. The
/// clock advances at the current rate between changes of the number working.
/// - Complexity: O(log n) to admit and to finish a call, n the calls working.
struct ProcessorSharing {
    /// A call doing its own work.
    struct Job {
        /// Virtual time at which its work is done [ns of work].
        var finish: Double
        /// Admission order, breaking ties of `finish` first-come first-served.
        var sequence: UInt64
        var execution: SlotHandle

        func precedes(_ other: Job) -> Bool {
            finish < other.finish || (finish == other.finish && sequence < other.sequence)
        }
    }

    /// Cores of the instance [count], above 0, fractions allowed.
    let cores: Double
    /// Work each working call has received since the processor was last idle [ns of work].
    private(set) var virtualTime: Double = 0
    /// When `virtualTime` was last brought up to date [ns].
    private(set) var updatedAt: SimTime = 0
    /// Calls working, a binary min-heap by `Job.precedes`.
    private(set) var jobs: ContiguousArray<Job> = []
    private var admitted: UInt64 = 0
    /// The one completion event that counts (`RuntimeModel.Event.coresDue`): its stamp, which
    /// older events no longer match, and its time (`.max` for none).
    var stamp: UInt32 = 0
    var dueAt: SimTime = .max

    init(cores: Double) { self.cores = cores }

    /// The longest a completion event is scheduled ahead [ns]: about a century.
    static let longestWait = 3e18

    /// Cores in use [count]: one per working call, at most `cores`.
    var busyCores: Double { min(Double(jobs.count), cores) }

    /// Share of a core each working call gets.
    private var rate: Double { Double(jobs.count) <= cores ? 1 : cores / Double(jobs.count) }

    /// Brings the virtual clock to `now` at the rate of the calls working until then.
    private mutating func advance(to now: SimTime) {
        if !jobs.isEmpty { virtualTime += Double(now - updatedAt) * rate }
        updatedAt = now
    }

    /// `execution` starts `work` [ns] of its own work at `now`.
    mutating func admit(_ execution: SlotHandle, work: SimTime, at now: SimTime) {
        advance(to: now)
        jobs.append(Job(finish: virtualTime + Double(work), sequence: admitted, execution: execution))
        admitted &+= 1
        siftUp(jobs.count - 1)
    }

    /// Removes and returns the first call whose work is done at `now`, if any. Done means less
    /// than half a nanosecond of it is left, so that rounding the completion's time to whole
    /// nanoseconds cannot leave a sliver that needs another event.
    mutating func finishedJob(at now: SimTime) -> SlotHandle? {
        advance(to: now)
        guard let first = jobs.first, (first.finish - virtualTime) / rate < 0.5 else { return nil }
        let last = jobs.removeLast()
        if !jobs.isEmpty {
            jobs[0] = last
            siftDown(0)
        } else {
            // Idle: the clock restarts, which keeps its readings small and exact.
            virtualTime = 0
        }
        return first.execution
    }

    /// When the first call's work will be done at the current rate; nil when none works.
    func nextCompletion(at now: SimTime) -> SimTime? {
        guard let first = jobs.first else { return nil }
        let clock = virtualTime + Double(now - updatedAt) * rate
        // Bounded so that a vast backlog on a sliver of a core cannot overflow the clock; the
        // event then finds the work not done and waits again.
        return now + SimTime(min(Self.longestWait, max(0, ((first.finish - clock) / rate).rounded(.up))))
    }

    /// Drops every call (the instance failed: their executions are answered with errors).
    mutating func removeAll(at now: SimTime) {
        jobs.removeAll()
        virtualTime = 0
        updatedAt = now
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let job = jobs[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard job.precedes(jobs[parent]) else { break }
            jobs[child] = jobs[parent]
            child = parent
        }
        jobs[child] = job
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let job = jobs[parent]
        let count = jobs.count
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, jobs[child + 1].precedes(jobs[child]) { child += 1 }
            guard jobs[child].precedes(job) else { break }
            jobs[parent] = jobs[child]
            parent = child
        }
        jobs[parent] = job
    }
}
