/// What traces show of one place in an endpoint's call tree: a service answering calls from one
/// parent place (or the user's requests), the work it does itself and the calls it makes.
final class ObservedCall {
    let service: String
    /// The server span's name (the callee's operation), else the client span's.
    let operation: String
    /// False for a dependency that recorded no server spans, known only from its callers'
    /// client spans (a database, say): its work is then the whole client span.
    private(set) var instrumented = true
    /// Executions seen here.
    private(set) var executions = 0
    /// Each execution's own work: its span less the time its calls covered [s].
    private(set) var ownWork: [Double] = []
    /// Own work shorter than the traces' 1 µs resolution, counted as 0.5 µs.
    private(set) var belowResolution = 0
    /// The calls it makes, in the order first seen.
    private(set) var children: [ObservedCall] = []
    private var childIndex: [String: Int] = [:]
    /// Executions of the parent place by how many calls they made to this one (k ≥ 1).
    private(set) var callsPerParentExecution: [Int: Int] = [:]
    /// Total time from the parent's start to each call's start [µs], for the calls' order.
    private var startOffsets = 0.0
    private(set) var calls = 0
    /// Executions making two or more calls, and those where two of them overlapped.
    private(set) var executionsCallingSeveral = 0
    private(set) var executionsOverlapping = 0

    init(service: String, operation: String) {
        self.service = service
        self.operation = operation
    }

    var meanStartOffset: Double { calls == 0 ? 0 : startOffsets / Double(calls) }

    func child(service: String, operation: String) -> ObservedCall {
        let key = service + "\u{0}" + operation
        if let index = childIndex[key] { return children[index] }
        childIndex[key] = children.count
        children.append(ObservedCall(service: service, operation: operation))
        return children.last!
    }

    /// One execution: its own work [µs], its calls' intervals, and which child each call went to.
    func recordExecution(ownWork microseconds: Int64, calls intervals: [(start: Int64, end: Int64)], start: Int64, to callees: [ObservedCall]) {
        executions += 1
        if microseconds < 1 { belowResolution += 1 }
        ownWork.append(microseconds < 1 ? 0.5e-6 : Double(microseconds) / 1e6)
        var counts: [ObjectIdentifier: (ObservedCall, Int)] = [:]
        for (callee, interval) in zip(callees, intervals) {
            counts[ObjectIdentifier(callee), default: (callee, 0)].1 += 1
            callee.calls += 1
            callee.startOffsets += Double(interval.start - start)
        }
        for (callee, count) in counts.values { callee.callsPerParentExecution[count, default: 0] += 1 }
        guard intervals.count >= 2 else { return }
        executionsCallingSeveral += 1
        let sorted = intervals.sorted { $0.start < $1.start }
        var reach = sorted[0].end
        for interval in sorted.dropFirst() {
            if interval.start < reach {
                executionsOverlapping += 1
                break
            }
            reach = max(reach, interval.end)
        }
    }

    /// An uninstrumented callee's execution: the client span's duration [µs].
    func recordUninstrumented(duration: Int64) {
        instrumented = false
        executions += 1
        ownWork.append(Double(duration) / 1e6)
    }

    /// Time covered by `intervals` inside [start, end) [µs].
    static func covered(_ intervals: [(start: Int64, end: Int64)], from start: Int64, to end: Int64) -> Int64 {
        var total: Int64 = 0
        var reach = start
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            let from = max(interval.start, reach), to = min(interval.end, end)
            if to > from {
                total += to - from
                reach = to
            }
        }
        return total
    }
}

/// What traces show of one service across every place it appears.
struct ObservedService {
    var executions = 0
    /// Server-span time summed [µs]: with the rate, the mean number of calls in progress.
    var busy: Int64 = 0
    var instances: Set<String> = []
    /// Zones (and regions) named by `cnsim.instance` tags (`region.zone.deployable.number`).
    var zones: Set<String> = []
    var regions: Set<String> = []
    /// The largest `cnsim.servers` tag: the servers (threads) of the instance that served.
    var taggedServers: Int?
    /// Server spans in progress at once on one instance, at most (among traced calls).
    var peakConcurrency = 0
    /// Server spans per instance, for the peak: (start, +1) and (end, −1) events.
    var spansByInstance: [String: [(time: Int64, step: Int)]] = [:]
}
