import CloudModel
import SimKernel
import Yams

/// Endpoints of a runtime: their arrivals and their trees of calls.
extension NodeReader {
    /// Every key a call may have.
    static let callKeys = [
        "service", "work", "probability", "repeat", "fan_out", "wait_for", "client", "calls", "stages", "cache",
    ]

    /// The keys that say which calls a call makes and how they run: a call's, or one stage's.
    static let fanOutKeys = ["fan_out", "wait_for", "calls"]

    /// An endpoint; `zones`, `services`, storage `clusters` and `queues` (each nil when they could
    /// not be read) are those it may name; `packagedIn` names the deployable of each packaged service.
    func endpoint(
        _ entry: Entry, zones: [String]?, services: [String]?, clusters: [String]?, queues: [String]? = [],
        packagedIn: [String: String] = [:]
    ) -> EndpointSpec? {
        let name = name(entry.key, what: "an endpoint name")
        let place = "endpoint `\(entry.name)`"
        let expected = "a mapping with `arrival_rate:` (or `rate_schedule:`) and `call:`"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(
            of: entry.value, mapping, place: place, allowed: ["arrival_rate", "rate_schedule", "entry_zone", "call"])
        let arrivals: RateSchedule?
        switch oneOf("arrival_rate", "rate_schedule", in: fields) {
        case "arrival_rate":
            arrivals = fields["arrival_rate"].flatMap { rate($0, key: "arrival_rate") }.map(RateSchedule.constant)
        case "rate_schedule":
            arrivals = fields["rate_schedule"].flatMap(rateSchedule)
        default:
            arrivals = nil
        }
        let entryZone = optionalSetting("entry_zone", in: fields) {
            reference($0, key: "entry_zone", kind: "zone", among: zones)
        }
        let root = required("call", in: fields).flatMap {
            call(
                $0, place: "the root call of \(place)", caller: nil,
                scope: CallScope(
                    tree: place, services: services, clusters: clusters, queues: queues, packagedIn: packagedIn))
        }
        guard let name, let arrivals, let entryZone, let root else { return nil }
        return EndpointSpec(name: name, arrivals: arrivals, entryZone: entryZone, root: root)
    }

    /// A piecewise-linear arrival rate: points `{at, rate}` in strictly increasing time.
    private func rateSchedule(_ node: Node) -> RateSchedule? {
        let expected = "a non-empty list of points like `{at: 10m, rate: 50/s}`, in increasing time"
        guard let items = nonEmptySequence(node, key: "rate_schedule", expected: expected) else { return nil }
        var points: [RateSchedule.Point?] = []
        var previous: (time: SimTime, node: Node)?
        for (index, item) in items.enumerated() {
            let place = "point \(index + 1) of `rate_schedule`"
            guard let mapping = mapping(item, what: place, expected: "a mapping with `at:` and `rate:`") else {
                points.append(nil)
                continue
            }
            let fields = fields(of: item, mapping, place: place, allowed: ["at", "rate"])
            let atNode = required("at", in: fields)
            var time = atNode.flatMap { simTime($0, key: "at") }
            let rate = required("rate", in: fields).flatMap { self.rate($0, key: "rate") }
            if let given = time, let atNode {
                if let previous, given <= previous.time {
                    let expected = "a time after the previous point's (\(text(of: previous.node)))"
                    report("`at` expects \(expected), found \(found(atNode))", at: atNode)
                    time = nil
                }
                previous = (given, atNode)
            }
            points.append(time.flatMap { time in rate.map { RateSchedule.Point(time: time, rate: $0) } })
        }
        return points.contains(nil) ? nil : RateSchedule(points: points.compactMap { $0 })
    }

    /// A call and, recursively, the calls it makes. An endpoint's root call (no `caller`) is made
    /// by the user, so it takes no client policy; nor does an in-process call, between two services
    /// of one deployable (`packagedIn`). A call with `storage:` targets a storage cluster, one
    /// with `publish:` sends a message to a queue.
    func call(_ node: Node, place: String, caller: String?, scope: CallScope) -> CallNode? {
        let isRoot = caller == nil
        let (services, clusters, packagedIn) = (scope.services, scope.clusters, scope.packagedIn)
        let expected = "a mapping with `service:` and `work:` (or `storage:` and `operation:`, or `publish:`)"
        guard let mapping = mapping(node, what: place, expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: place, allowed: Self.callKeys + Self.storageOnlyCallKeys + ["publish"])
        var repetitions = optionalSetting("repeat", in: fields, callCount)
        if isRoot, let given = fields.entries.first(where: { $0.name == "repeat" }) {
            report("`repeat` does not apply to \(place): \(scope.rootRule), once", at: given.key)
            repetitions = nil
        }
        let cache = optionalSetting("cache", in: fields) {
            cachePolicy($0, of: place, caller: caller, scope: scope)
        }
        if fields["publish"] != nil {
            if let given = fields.entries.first(where: { $0.name == "cache" }) {
                report("`cache` does not apply to \(place): a message published is not read back", at: given.key)
            }
            var call = publishCall(fields, place: place, isRoot: isRoot, queues: scope.queues)
            guard let repetitions else { return nil }
            call?.repetitions = repetitions
            return call
        }
        if let storage = fields.entries.first(where: { $0.name == "storage" }) {
            guard fields["service"] == nil else {
                report("\(place) targets one of `service` or `storage`, found both", at: storage.key)
                return nil
            }
            var call = storageCall(fields, place: place, isRoot: isRoot, clusters: clusters)
            guard let repetitions else { return nil }
            call?.repetitions = repetitions
            return withCache(call, cache, fields)
        }
        reportStorageOnlyKeys(fields, place: place)
        let serviceNode = required("service", in: fields)
        let service = serviceNode.flatMap { reference($0, key: "service", kind: "service", among: services) }
        let work = required("work", in: fields).flatMap { distribution($0, key: "work") }
        let defaults = CallNode(service: "", work: .constant(0))
        let probability = optional("probability", in: fields, default: defaults.probability) {
            ratio($0, key: "probability")
        }
        // Children are placed by the service that calls them: "call 2 under `api` in endpoint `home`".
        let callee = serviceNode.map(text(of:)) ?? "?"
        let children: (calls: [CallNode], fanOut: FanOut, stages: [CallStage])?
        if let stagesNode = fields["stages"] {
            for entry in fields.entries where Self.fanOutKeys.contains(entry.name) {
                report(
                    "`\(entry.name)` does not apply to \(place) with `stages`: each stage takes its own "
                        + "\(Suggestions.list(Self.fanOutKeys, conjunction: "and"))", at: entry.key)
            }
            children = stages(stagesNode, under: callee, scope: scope).map { ($0.calls, .sequential, $0.stages) }
        } else {
            children = fannedOutCalls(fields, under: callee, scope: scope, stage: nil).map { ($0.calls, $0.fanOut, []) }
        }
        let client: ClientPolicy?
        if isRoot, let given = fields.entries.first(where: { $0.name == "client" }) {
            report(
                "`client` does not apply to \(place): the root call is made by \(scope.rootCaller) has no client "
                    + "policy",
                at: given.key)
            client = nil
        } else if let caller, let service, caller != service, let deployable = packagedIn[service],
            packagedIn[caller] == deployable, let given = fields.entries.first(where: { $0.name == "client" })
        {
            // A method call: the caller may catch its failure and degrade, nothing more.
            let policy = clientPolicy(given.value)
            let guards = ["timeout", "retries", "circuit_breaker", "bulkhead"]
            if case .mapping(let settings) = given.value,
                let extra = settings.first(where: { guards.contains($0.key.scalar?.string ?? "") })
            {
                report(
                    "`\(extra.key.scalar?.string ?? "")` does not apply to \(place): `\(caller)` and `\(service)` are both "
                        + "in deployable `\(deployable)`, so the call is in-process, with no network hop for a timeout, "
                        + "retry, breaker or bulkhead to guard; only `fallback` applies (the caller catches the failure)",
                    at: extra.key)
                client = nil
            } else {
                client = policy
            }
        } else {
            client = optional("client", in: fields, default: defaults.client, clientPolicy)
        }
        if isRoot, let given = fields.entries.first(where: { $0.name == "probability" }) {
            report(
                "`probability` does not apply to \(place): \(scope.rootRule)",
                at: given.key)
            return nil
        }
        guard let service, let work, let probability, let repetitions, let children, let client,
            !fields.entries.contains(where: { Self.storageOnlyCallKeys.contains($0.name) }),
            fields["stages"] == nil || !fields.entries.contains(where: { Self.fanOutKeys.contains($0.name) })
        else { return nil }
        var call = CallNode(
            service: service, work: work, probability: probability, fanOut: children.fanOut,
            children: children.calls, client: client)
        call.stages = children.stages
        call.repetitions = repetitions
        return withCache(call, cache, fields)
    }

    /// One tree of calls (an endpoint's or a queue's): where it is, for messages, and the names
    /// its calls may use (nil when they could not be read).
    struct CallScope {
        /// "endpoint `home`", "queue `writes`".
        var tree: String
        var services: [String]?
        var clusters: [String]?
        var queues: [String]?
        var packagedIn: [String: String]
        /// Who makes the root call ("the user, who"), and the rule it follows, for messages.
        var rootCaller = "the user, who"
        var rootRule = "every request that arrives makes its root call"
    }

    /// The calls of a call or of one of its stages (`stage`, from 1): `calls` (none by default for
    /// a call; required for a stage) under `fan_out` and `wait_for`.
    private func fannedOutCalls(
        _ fields: Fields, under caller: String, scope: CallScope, stage: Int?
    ) -> (calls: [CallNode], fanOut: FanOut)? {
        let fanOut = optional("fan_out", in: fields, default: "sequential") {
            choice($0, key: "fan_out", among: ["sequential", "parallel"])
        }
        let calls: [CallNode]?
        if stage != nil {
            calls = required("calls", in: fields).flatMap {
                self.calls($0, under: caller, scope: scope, stage: stage)
            }
        } else {
            calls = optional("calls", in: fields, default: []) {
                self.calls($0, under: caller, scope: scope, stage: nil)
            }
        }
        let waitFor = optionalSetting("wait_for", in: fields) { self.waitFor($0, fanOut: fanOut, calls: calls) }
        guard let fanOut, let calls, let waitFor else { return nil }
        return (calls, fanOut == "parallel" ? .parallel(waitFor: waitFor) : .sequential)
    }

    /// A call's `stages`: a non-empty list, each stage a mapping of `calls` and how they run.
    private func stages(
        _ node: Node, under caller: String, scope: CallScope
    ) -> (calls: [CallNode], stages: [CallStage])? {
        let expected = "a list of stages, like `- {fan_out: parallel, calls: [{service: db, work: 2ms}]}`"
        guard let items = nonEmptySequence(node, key: "stages", expected: expected) else { return nil }
        let stages = items.enumerated().map { index, item -> (calls: [CallNode], fanOut: FanOut)? in
            let stagePlace = "stage \(index + 1) under `\(caller)` in \(scope.tree)"
            let expected = "a mapping with `calls:` (and `fan_out:`, `wait_for:`)"
            guard let mapping = mapping(item, what: stagePlace, expected: expected) else { return nil }
            let fields = fields(of: item, mapping, place: stagePlace, allowed: Self.fanOutKeys)
            return fannedOutCalls(fields, under: caller, scope: scope, stage: index + 1)
        }
        guard !stages.contains(where: { $0 == nil }) else { return nil }
        let given = stages.compactMap { $0 }
        return (given.flatMap(\.calls), given.map { CallStage(fanOut: $0.fanOut, calls: $0.calls.count) })
    }

    /// The calls a call (or its stage `stage`) makes, in order; a stage makes at least one.
    private func calls(_ node: Node, under caller: String, scope: CallScope, stage: Int?) -> [CallNode]? {
        guard case .sequence(let items) = node, stage == nil || !items.isEmpty else {
            let what = node.sequence?.isEmpty == true ? "an empty list" : found(node)
            report("`calls` expects a list of calls, like `- {service: db, work: 2ms}`, found \(what)", at: node)
            return nil
        }
        let within = stage.map { " in stage \($0)" } ?? ""
        let calls = items.enumerated().map { index, item in
            call(
                item, place: "call \(index + 1)\(within) under `\(caller)` in \(scope.tree)", caller: caller,
                scope: scope)
        }
        return calls.contains(nil) ? nil : calls.compactMap { $0 }
    }

    /// How many of a parallel call's `calls` must answer; `fanOut` and `calls` are nil when
    /// they could not be read (reported already).
    private func waitFor(_ node: Node, fanOut: String?, calls: [CallNode]?) -> Int? {
        guard fanOut == "parallel" else {
            if fanOut != nil {
                report("`wait_for` applies only with `fan_out: parallel`; these calls are sequential", at: node)
            }
            return nil
        }
        guard let count = wholeNumber(node, key: "wait_for", atLeast: 1) else { return nil }
        if let calls, count > calls.count {
            report("`wait_for` expects at most the number of `calls` (\(calls.count)), found `\(count)`", at: node)
            return nil
        }
        return count
    }
}
