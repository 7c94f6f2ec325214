import SimKernel

/// One span of a sampled request: the user's request, one attempt of a call (client side), or
/// the callee's handling of it (server side). Spans of a trace form the call tree; retries are
/// sibling attempts, a timeout ends the client span while the server span may go on.
public struct TraceSpan: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case client = "CLIENT", server = "SERVER" }

    /// Ordinal of the sampled request within its replication, from 0.
    public var trace: Int
    /// Index of the span within its replication, from 0; parents come before children.
    public var id: Int
    public var parent: Int?
    public var name: String
    public var kind: Kind
    /// The service doing the work (server) or making the call (client); `users` for a request.
    public var service: String
    /// The service called, for client spans.
    public var remoteService: String?
    /// [ns]
    public var start: SimTime
    /// [ns]; the end of the run for a span still open then (tagged `cnsim.unfinished`).
    public var end: SimTime
    /// Sorted by key when written.
    public var tags: [String: String]
}

/// Which requests to trace and the spans recorded so far.
struct Tracer {
    /// The first request arriving at or after each of these times is traced [ns].
    private var sampleTimes: [SimTime]
    private var nextSample = 0
    private var traces = 0
    /// Requests that arrived from the first sample's share on [ns], traced or not.
    private let from: SimTime
    private var offered = 0
    private(set) var spans: [TraceSpan] = []

    /// `count` sample times spread evenly over [from, to), each in the middle of its share.
    init(count: Int, from: SimTime, to: SimTime) {
        self.from = from
        let span = Double(to - from)
        sampleTimes = (0..<max(0, count)).map { from + SimTime((Double($0) + 0.5) * span / Double(count)) }
    }

    /// Whether the request arriving now is sampled; if so, opens its root span and returns it.
    mutating func sampleRequest(at now: SimTime, endpoint: String) -> Int32 {
        if now >= from { offered += 1 }
        guard nextSample < sampleTimes.count, now >= sampleTimes[nextSample] else { return -1 }
        nextSample += 1
        traces += 1
        return open(
            parent: -1, trace: traces - 1, name: endpoint, kind: .client, service: "users", remote: nil, at: now)
    }

    /// Opens a span under `parent` (in the same trace) and returns its index.
    mutating func open(
        under parent: Int32, name: String, kind: TraceSpan.Kind, service: String, remote: String? = nil, at now: SimTime
    ) -> Int32 {
        open(parent: parent, trace: spans[Int(parent)].trace, name: name, kind: kind, service: service, remote: remote, at: now)
    }

    private mutating func open(
        parent: Int32, trace: Int, name: String, kind: TraceSpan.Kind, service: String, remote: String?, at now: SimTime
    ) -> Int32 {
        spans.append(
            TraceSpan(
                trace: trace, id: spans.count, parent: parent < 0 ? nil : Int(parent), name: name, kind: kind,
                service: service, remoteService: remote, start: now, end: -1, tags: [:]))
        return Int32(spans.count - 1)
    }

    mutating func tag(_ span: Int32, _ key: String, _ value: String) {
        spans[Int(span)].tags[key] = value
    }

    /// Ends a span with its outcome (`error` tag for a failure); a span ends once.
    mutating func close(_ span: Int32, at now: SimTime, outcome: Outcome) {
        guard spans[Int(span)].end < 0 else { return }
        spans[Int(span)].end = now
        switch outcome {
        case .success: break
        case .degraded: spans[Int(span)].tags["cnsim.outcome"] = "degraded"
        case .failed(let reason): spans[Int(span)].tags["error"] = reason.metricName
        }
    }

    /// All spans, those still open ended at `end` and tagged as unfinished; each request's span
    /// tagged with the share of requests traced (`cnsim.sampled_share`, of those that arrived
    /// one by one from the first sample's share on: a fast-forwarded stretch's are not counted),
    /// so that an import of the traces can tell the arrival rate from the traced one.
    func finished(at end: SimTime) -> [TraceSpan] {
        let share = String(Double(traces) / Double(max(1, offered)))
        return spans.map { span in
            var span = span
            if span.parent == nil { span.tags["cnsim.sampled_share"] = share }
            guard span.end < 0 else { return span }
            var open = span
            open.end = end
            open.tags["cnsim.unfinished"] = "true"
            return open
        }
    }
}
