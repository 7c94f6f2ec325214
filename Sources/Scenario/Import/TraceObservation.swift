/// The spans of a Zipkin file gathered into endpoints (by root service and root span name),
/// their call trees and the services' figures: what an import turns into a scenario.
struct TraceObservation {
    struct Endpoint {
        var name: String
        /// The service the requests enter.
        var service: String
        var root: ObservedCall
        var requests = 0
    }

    private(set) var endpoints: [Endpoint] = []
    private var endpointIndex: [String: Int] = [:]
    private(set) var services: [String: ObservedService] = [:]
    /// Root spans: how many, the first and last start [µs].
    private(set) var roots = 0
    private(set) var firstRoot = Int64.max
    private(set) var lastRoot = Int64.min
    /// Root spans' sampled shares: `cnsim.sampled_share`, or a probabilistic sampler's `sampler.param`.
    private(set) var sampledShares: [Double] = []
    private(set) var traces = 0
    /// Client span less its server span, summed [µs], and how many: the network both ways.
    private(set) var networkGap: Int64 = 0
    private(set) var networkGaps = 0
    /// Spans left out, by reason.
    private(set) var leftOut: [String: Int] = [:]

    init(_ spans: [ZipkinSpan]) {
        var traceOrder: [String] = []
        var byTrace: [String: [Int]] = [:]
        for (index, span) in spans.enumerated() {
            if byTrace[span.traceID] == nil { traceOrder.append(span.traceID) }
            byTrace[span.traceID, default: []].append(index)
        }
        traces = traceOrder.count
        for id in traceOrder { observeTrace(byTrace[id]!.map { spans[$0] }) }
        for name in services.keys { services[name]!.settlePeakConcurrency() }
    }

    /// One trace: each span's parent resolved (a shared server span's is its client; a child
    /// of a shared id belongs to the server side), then every root followed down. A trace still
    /// in progress when the run ended (a span tagged `cnsim.unfinished`) is left out whole: its
    /// spans were cut at the end, so its own work would be too short and its later calls missing.
    private mutating func observeTrace(_ spans: [ZipkinSpan]) {
        if spans.contains(where: { $0.tags["cnsim.unfinished"] != nil }) {
            leftOut["spans of traces still in progress when the run ended (`cnsim.unfinished`)", default: 0] += spans.count
            return
        }
        var byID: [String: (client: Int?, server: Int?, other: Int?)] = [:]
        for (index, span) in spans.enumerated() {
            var entry = byID[span.id] ?? (nil, nil, nil)
            switch span.kind {
            case .client: entry.client = entry.client ?? index
            case .server: entry.server = entry.server ?? index
            default: entry.other = entry.other ?? index
            }
            byID[span.id] = entry
        }
        var children = [[Int]](repeating: [], count: spans.count)
        var rootIndices: [Int] = []
        for (index, span) in spans.enumerated() {
            if span.kind == .server, span.shared, let client = byID[span.id]?.client {
                children[client].append(index)
                continue
            }
            guard let parentID = span.parentID else {
                rootIndices.append(index)
                continue
            }
            guard let entry = byID[parentID], let parent = [entry.server, entry.client, entry.other].compactMap({ $0 }).first(where: { $0 != index })
            else {
                leftOut["spans whose parent is not in the file (and those under them)", default: 0] += 1
                continue
            }
            children[parent].append(index)
        }
        for index in rootIndices {
            let root = spans[index]
            let server: Int?
            switch root.kind {
            case .server: server = index
            case .client: server = children[index].first { spans[$0].kind == .server }
            default: server = nil
            }
            guard let server, let service = spans[server].service else {
                leftOut["root spans with no server span to enter (and the spans under them)", default: 0] += 1
                continue
            }
            roots += 1
            firstRoot = min(firstRoot, root.timestamp)
            lastRoot = max(lastRoot, root.timestamp)
            if let share = Self.sampledShare(root.tags) { sampledShares.append(share) }
            let key = service + "\u{0}" + root.name
            if endpointIndex[key] == nil {
                endpointIndex[key] = endpoints.count
                endpoints.append(
                    Endpoint(name: root.name, service: service, root: ObservedCall(service: service, operation: spans[server].name)))
            }
            endpoints[endpointIndex[key]!].requests += 1
            observeExecution(server, of: spans, children: children, at: endpoints[endpointIndex[key]!].root)
        }
    }

    /// The share of requests traced that a root span states, if any.
    static func sampledShare(_ tags: [String: String]) -> Double? {
        let given = tags["cnsim.sampled_share"] ?? (tags["sampler.type"] == "probabilistic" ? tags["sampler.param"] : nil)
        return given.flatMap(Double.init).flatMap { $0 > 0 && $0 <= 1 ? $0 : nil }
    }

    /// A server span and, recursively, the executions it calls; local spans (no kind) are
    /// looked through as part of the work of the service holding them.
    private mutating func observeExecution(_ server: Int, of spans: [ZipkinSpan], children: [[Int]], at place: ObservedCall) {
        let span = spans[server]
        var calls: [(client: Int?, callee: Int?)] = []
        var pending = children[server]
        while let next = pending.popLast() {
            switch spans[next].kind {
            case .client: calls.append((next, children[next].first { spans[$0].kind == .server }))
            case .server: calls.append((nil, next))
            case nil: pending += children[next]
            case .producer, .consumer: leftOut["PRODUCER and CONSUMER spans (messaging is not modelled)", default: 0] += 1
            }
        }
        calls.sort { spans[$0.client ?? $0.callee!].timestamp < spans[$1.client ?? $1.callee!].timestamp }
        let intervals = calls.map { call -> (start: Int64, end: Int64) in
            let outer = spans[call.client ?? call.callee!]
            return (outer.timestamp, outer.end)
        }
        let callees = calls.map { call -> ObservedCall in
            let outer = spans[call.client ?? call.callee!]
            let service = call.callee.flatMap { spans[$0].service } ?? outer.remoteService ?? outer.name
            return place.child(service: service, operation: call.callee.map { spans[$0].name } ?? outer.name)
        }
        let waiting = ObservedCall.covered(intervals, from: span.timestamp, to: span.end)
        place.recordExecution(ownWork: span.duration - waiting, calls: intervals, start: span.timestamp, to: callees)
        services[span.service!, default: ObservedService()].record(span)
        for (call, callee) in zip(calls, callees) {
            if let server = call.callee {
                if let client = call.client {
                    networkGap += spans[client].duration - spans[server].duration
                    networkGaps += 1
                }
                observeExecution(server, of: spans, children: children, at: callee)
            } else if let client = call.client {
                callee.recordUninstrumented(duration: spans[client].duration)
            }
        }
    }
}

extension ObservedService {
    mutating func record(_ span: ZipkinSpan) {
        executions += 1
        busy += span.duration
        if let servers = span.tags["cnsim.servers"].flatMap(Int.init) { taggedServers = max(taggedServers ?? 0, servers) }
        guard let instance = span.instance else { return }
        instances.insert(instance)
        spansByInstance[instance, default: []] += [(span.timestamp, 1), (span.end, -1)]
        // cnsim's `region.zone.deployable.number`.
        if let tag = span.tags["cnsim.instance"] {
            let parts = tag.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count >= 4 {
                regions.insert(String(parts[0]))
                zones.insert(String(parts[1]))
            }
        }
    }

    /// The most server spans in progress at once on one instance; an end before a start at
    /// the same microsecond.
    mutating func settlePeakConcurrency() {
        for events in spansByInstance.values {
            var current = 0
            for event in events.sorted(by: { ($0.time, $0.step) < ($1.time, $1.step) }) {
                current += event.step
                peakConcurrency = max(peakConcurrency, current)
            }
        }
        spansByInstance = [:]
    }
}
