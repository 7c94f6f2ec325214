import CloudModel
import SimKernel

/// Explains and draws a cloud runtime (`runtime:`): zones, service groups, endpoints and call trees.
struct RuntimePresenter: ModelPresenter {
    var runtime: RuntimeSpec

    var kind: String { "a cloud runtime of services on instances in availability zones" }

    func sentences(duration: SimTime) -> [String] {
        var sentences = runtime.regionList.map { region in
            "Region `\(region.name)` has \(Wording.count(region.zones.count, "availability zone")): "
                + Wording.list(region.zones.map { "`\($0)`" })
                + (runtime.regions.isEmpty ? "." : "; \(Wording.percent(region.traffic)) of users start in it.")
        }
        if !runtime.regions.isEmpty {
            sentences.append(
                "Calls stay in their caller's region when it has an instance of the callee, else cross regions "
                    + "(\(Wording.distribution(runtime.network.crossRegion)) each way); a region's users go to "
                    + "another region \(Wording.time(runtime.dnsFailover)) after its entry service loses its last "
                    + "instance there (DNS failover).")
        }
        for service in runtime.packaging {
            let placement = placement(service).filter { $0.value > 0 }
            let zones = runtime.zones.filter { placement[$0] != nil }.map { "\(placement[$0]!) in `\($0)`" }
            let subject =
                service.isMicroservice
                ? "Service `\(service.name)`"
                : "Deployable `\(service.name)` packages \(Wording.list(service.services.map { "`\($0)`" })), "
                    + "which call each other in-process (no network hop; a fallback is the only client policy); it"
            var sentence =
                "\(subject) starts with \(Wording.count(service.instances, "instance")) "
                + "(\(Wording.list(zones))), each serving \(Wording.count(service.servers, "request")) at once"
            if let cores = service.cores {
                sentence +=
                    " on \(Self.cores(cores)) (each call holds a thread from its start to its answer; its own work "
                    + "shares the cores, processor sharing, and waiting on calls uses none)"
            }
            if let scaling = service.autoscaling {
                let aim =
                    switch scaling.target {
                    case .utilisation(let goal):
                        "\(Wording.percent(goal)) of its \(service.cores == nil ? "threads held" : "cores busy")"
                    case .requestsPerInstance(let goal): "\(Wording.number(goal)) requests/s per instance"
                    }
                sentence +=
                    "; autoscaling keeps it between \(scaling.minInstances) and \(scaling.maxInstances) instances, "
                    + "aiming at \(aim)"
            }
            if service.pricePerHour > 0 {
                sentence += "; an instance costs \(Wording.number(service.pricePerHour)) USD/h"
            }
            sentences.append(sentence + ".")
        }
        let rates = CallRates(runtime: runtime, duration: duration)
        let rings = CallSetting.consistencyMatters(in: runtime)
        for endpoint in runtime.endpoints {
            let calls = rates.callsPerRequest(endpoint)
            sentences.append(
                "Endpoint `\(endpoint.name)` receives \(arrivals(endpoint.arrivals, duration: duration)) "
                    + "entering `\(endpoint.root.service)`; a request makes \(Wording.number(calls)) "
                    + "\(calls == 1 ? "call" : "calls") on average (first attempts, without retries).")
            sentences += Self.callSentences(endpoint.root, caller: nil, rings: rings)
        }
        for queue in runtime.queues {
            sentences.append(Self.queueSentence(queue))
            sentences += Self.callSentences(queue.consume, caller: nil, rings: rings)
        }
        if let target = runtime.latencyTarget {
            sentences.append(
                "A request answered within \(Wording.time(target)) is good (`latency_target`): `within_target` is the "
                    + "share of all requests so answered (failures count against it) and `goodput` their rate.")
        }
        sentences += runtime.storage.map {
            "Storage cluster `\($0.name)`: " + Self.describe($0.cluster).joined(separator: " ") + "."
        }
        sentences += runtime.chaos.map(chaos)
        sentences += runtime.monitoring.map(monitoringSentences) ?? []
        sentences += runtime.delivery.map(deliverySentences) ?? []
        return sentences
    }

    /// A storage cluster in a few words, as lines that read as one sentence joined by spaces:
    /// "a Cassandra-style ring of 12 nodes, 3 copies of each key", "a master database in zone a
    /// with a slave in zone b on a shared array". `name` writes a zone's name.
    static func describe(_ cluster: StorageClusterSpec, name: (String) -> String = { "`\($0)`" }) -> [String] {
        switch cluster {
        case .ring(let ring) where ring.profile.isInMemory:
            [
                "an in-memory store of \(Wording.count(ring.nodes, "node")) sharded by its clients (no coordinator),",
                "\(Wording.count(ring.replicationFactor, "copy", "copies")) of each key;",
                StoragePresenter.profile(ring.profile),
            ]
        case .ring(let ring):
            [
                "a Cassandra-style ring of \(Wording.count(ring.nodes, "node")),",
                "\(Wording.count(ring.replicationFactor, "copy", "copies")) of each key",
            ]
        case .primaryReplica(let pair):
            [
                "a master database in zone \(name(pair.masterZone))", "with a slave in zone \(name(pair.replicaZone))",
                "on a shared array",
            ]
        case .replicaSet(let set):
            [
                "a MongoDB-style replica set of \(Wording.count(set.members.count, "member")) (in zones "
                    + Wording.list(set.members.map(name)) + "), each on its own "
                    + (set.profile.isInMemory ? "memory," : "disks,"),
                "the primary in zone \(name(set.primaryZone));",
                "writes acknowledged by " + writeConcern(set) + ", reads from "
                    + (set.readPreference == .primary ? "the primary;" : "the nearest live member;"),
                "a lost primary is noticed after \(Wording.time(set.failoverDetection)) and replaced by an election of "
                    + "\(Wording.time(set.electionTime)) (a majority of members must be up)",
            ]
        }
    }

    /// A replica set's write concern in words: "a majority (2 of 3)", "1 member (the primary)".
    static func writeConcern(_ set: ReplicaSetSpec) -> String {
        switch set.writeConcern {
        case .majority: "a majority (\(set.majority) of \(set.members.count) members)"
        case .members(1): "the primary alone (`write_concern: 1`)"
        case .members(let count): "\(count) members, the primary included"
        }
    }

    var metricsGuide: [String] {
        [
            "End to end: `availability` (share of requests answered, fully or `degraded` by a fallback), "
                + "`failed` and its causes (`failed_timeout`, `failed_rejected`, `failed_error`, "
                + "`failed_breaker_open`), `response_time_mean` and percentiles, `calls_per_request`, `cost`.",
            "Per service (`SERVICE.metric`): `utilisation`"
                + (hasCores ? " (threads held / servers), `core_utilisation` (cores busy / cores, with `cores`)" : "")
                + ", `instances_mean`, `instance_failures`, what callers saw "
                + "(`attempts`, `retries`, `timeouts`, `short_circuited`, `fallbacks`) and `cost`"
                + (hasCaches
                    ? "; a call target used as a cache (`cache:`) reports `cache_hits`, `cache_misses`, the measured "
                        + "`cache_hit_ratio`, `cache_errors_served` (failed cache calls its `on_error` call answered) "
                        + "and, with `refill:`, `cache_refills` and `cache_refill_failures` (refill calls made after "
                        + "misses, and those that failed: best effort, the request is served all the same)"
                    : "")
                + (runtime.deployables.isEmpty
                    ? "."
                    : "; a deployable packaging several services reports the instance figures (`DEPLOYABLE.utilisation`, "
                        + (hasCores ? "`core_utilisation`, " : "")
                        + "`instances_mean`, `instance_failures`, `instance_hours`, `cost`) for all of them."),
            "timeseries.csv follows replication 0 bucket by bucket: `request_rate`, `error_ratio`, "
                + "`response_time_p99` end to end and per endpoint, `instances_in_service` and `breakers_open` per "
                + "service, each row with its unit.",
        ]
            + (runtime.monitoring == nil
                ? []
                : [
                    "Monitoring: `alerts`, `false_alerts` (and `_per_day`), `faults` (chaos items touching a watched service), "
                        + "`missed_ratio`, `time_to_detect_mean`"
                        + (hasErrorFaults ? ", `time_to_restore_mean`, `failed_requests_per_fault`" : "")
                        + "; alerts.csv and faults.csv list them one by one."
                ])
            + (runtime.delivery == nil
                ? []
                : [
                    "Delivery: `delivery.deploys`, `lead_time_mean`, `change_failure_rate`, `rollbacks`, `hotfixes`, "
                        + "`time_to_detect_mean` and `time_to_restore_mean` per bad deploy or flag, "
                        + "`bad_deploy_failed_requests` and `_degraded_requests` (user requests hurt while a bad version "
                        + "served), `extra_instance_hours`, `capacity_lost_instance_hours` (instances out of service while "
                        + "a train's batches restart), `flags_on` and `flags_off`; deploys.csv lists every deploy and every "
                        + "flag switched on."
                ])
            + (runtime.queues.isEmpty
                ? []
                : [
                    "Per queue (`QUEUE.metric`): `published`, `dropped` (the queue was full), `expired` (past `max_age`), "
                        + "`handled`, `redelivered` (handling failed), `length_mean` and `length_max` (messages waiting, "
                        + "not those being handled), `wait_mean` (from entering the queue to a consumer taking it), "
                        + "`age_mean` (from publication to handled); timeseries.csv gives each queue's `queue_length` at "
                        + "each bucket's end."
                ])
            + replicaSetGuide
    }

    /// The measures of the runtime's replica sets, if it has any.
    private var replicaSetGuide: [String] {
        let sets = runtime.storage.filter { if case .replicaSet = $0.cluster { true } else { false } }.map(\.name)
        guard let first = sets.first else { return [] }
        return [
            "Per replica set (\(Wording.list(sets.map { "`\($0)`" }))): `\(first).elections` (primaries elected after "
                + "one was lost) and `\(first).no_primary_time` (time without a primary, when writes and reads from "
                + "the primary are unavailable), with the cluster's other measures."
        ]
    }

    /// Instances per zone at the start: launched one by one into the allowed zone with the fewest.
    func placement(_ service: DeployableSpec) -> [String: Int] {
        let allowed = service.zones.isEmpty ? runtime.zones : service.zones
        var counts: [String: Int] = [:]
        for index in 0..<service.instances { counts[allowed[index % allowed.count], default: 0] += 1 }
        return counts
    }

    private func arrivals(_ schedule: RateSchedule, duration: SimTime) -> String {
        guard schedule.points.count > 1 else { return "a Poisson stream of \(Wording.rate(schedule.points[0].rate))" }
        let points = schedule.points.map { "\(Wording.rate($0.rate)) at \(Wording.time($0.time))" }
        return "a Poisson stream whose rate moves linearly through \(Wording.list(points)) "
            + "(\(Wording.rate(schedule.meanRate(over: duration))) on average over the run)"
    }

    /// The share of calls incidents fail: one percentage, or `range` of the two bounds.
    static func share(of incidents: RandomIncidents, range: (String, String) -> String) -> String {
        incidents.minErrorRatio == incidents.maxErrorRatio
            ? Wording.percent(incidents.minErrorRatio)
            : range(Wording.percent(incidents.minErrorRatio), Wording.percent(incidents.maxErrorRatio))
    }

    /// A rare rate as a count a day (`12 a day`), a frequent one per second.
    static func perDay(_ rate: Double) -> String {
        rate * 86_400 < 100 ? Wording.number(rate * 86_400) + " a day" : Wording.rate(rate)
    }

    /// Whether any instance group has `cores` apart from its threads.
    private var hasCores: Bool { runtime.packaging.contains { $0.cores != nil } }
    private var hasCaches: Bool { runtime.endpoints.contains { $0.root.hasCache } }

    /// Cores in words: `4 cores`, `1 core`, `0.5 cores`.
    static func cores(_ cores: Double) -> String {
        cores == 1 ? "1 core" : "\(Wording.number(cores)) cores"
    }

    /// Whether chaos `errors` or `random_errors` may fail calls (monitoring then reports restores).
    private var hasErrorFaults: Bool { runtime.chaos.contains { $0.erroringService != nil } }

    private func chaos(_ chaos: ChaosSpec) -> String {
        switch chaos {
        case .killInstances(let service, let count, let at):
            return "Chaos: \(Wording.count(count, "instance")) of `\(service)` killed at \(Wording.time(at))."
        case .zoneOutage(let zone, let from, let to):
            return "Chaos: zone `\(zone)` is down from \(Wording.time(from)) to \(Wording.time(to))."
        case .regionOutage(let region, let from, let to):
            return "Chaos: region `\(region)` (every zone of it) is down from \(Wording.time(from)) to "
                + "\(Wording.time(to))."
        case .storageNodesDown(let cluster, let count, let from, let to):
            return "Chaos: \(Wording.count(count, "node")) of storage cluster `\(cluster)`, chosen at random, are down "
                + "from \(Wording.time(from)) to \(Wording.time(to))."
        case .latency(let service, let extra, let from, let to):
            return "Chaos: calls to `\(service)` take extra time (\(Wording.distribution(extra))) from "
                + "\(Wording.time(from)) to \(Wording.time(to))."
        case .errors(let service, let probability, let from, let to):
            return "Chaos: \(Wording.percent(probability)) of calls to `\(service)` fail from \(Wording.time(from)) "
                + "to \(Wording.time(to))\(runtime.monitoring?.repair == nil ? "" : ", or until repaired after an alert")."
        case .randomErrors(let service, let incidents):
            let share = Self.share(of: incidents, range: { "a share uniform from \($0) to \($1)" })
            let repairable = runtime.monitoring?.repair != nil
            let lasts =
                switch incidents.duration {
                case .some(let duration):
                    "heals by itself after \(Wording.distribution(duration))" + (repairable ? " unless repaired first" : "")
                case .none: repairable ? "lasts until repaired after an alert" : "lasts to the end of the run"
                }
            return "Chaos: incidents on `\(service)` arrive at random, \(Self.perDay(incidents.rate)) on average; each fails "
                + "\(share) of its calls and \(lasts)."
        }
    }
}

extension RuntimePresenter {
    /// What a cache call does: its hit ratio, the call a miss makes (and the refill after it),
    /// and the one an error makes.
    static func cacheSentence(_ node: CallNode, _ cache: CachePolicy, caller: String?) -> String {
        func target(_ call: CallNode) -> String {
            call.storage != nil ? "storage cluster `\(call.service)`" : "`\(call.service)`"
        }
        let who = caller.map { "`\($0)` uses " } ?? "The user's request uses "
        var sentence =
            who + "\(target(node)) as a cache: \(Wording.percent(cache.hitRatio)) of its answers are hits; "
            + "on a miss \(caller.map { "`\($0)`" } ?? "the request") then calls \(target(cache.onMiss))"
            + (cache.refill.map {
                ", and once that answers, refills the cache with a call to \(target($0)) and waits for it (best "
                    + "effort: a failed refill is counted, the request is served all the same)"
            } ?? " (no refill write is modelled)")
        if let onError = cache.onError {
            sentence +=
                "; when the cache call fails it calls \(target(onError)) instead, and the request is served "
                + "in full (not degraded) when that answers"
        } else {
            sentence += "; when the cache call fails, the call fails"
        }
        return sentence + "."
    }

    /// One sentence per call of a tree that has something to say: its client policy (the YAML
    /// keys, `timeout`, `retries`, `circuit_breaker`, `bulkhead`, `fallback`) or, for a storage
    /// call, its operation and consistency level (on a ring, one of `rings`: a master/slave pair
    /// or a replica set has no use for it). Calls with neither are left to the endpoint's
    /// sentence.
    static func callSentences(
        _ node: CallNode, caller: String?, fanOut: FanOut = .sequential, rings: Set<String>
    ) -> [String] {
        var sentences: [String] = []
        if let caller, node.publish {
            let probability = node.probability < 1 ? "; made with probability \(Wording.number(node.probability))" : ""
            sentences.append(
                "`\(caller)` → queue `\(node.service)`: publishes a message and goes on without waiting for it to be "
                    + "handled\(probability).")
        } else if let caller {
            var parts = ([CallSetting.repetitions(node, fanOut: fanOut), CallSetting.access(node, consistencyMatters: rings.contains(node.service))].compactMap { $0 }
                + CallSetting.policy(node.client)).map(\.clause)
            if node.probability < 1 { parts.append("made with probability \(Wording.number(node.probability))") }
            if !parts.isEmpty {
                let target = node.storage != nil ? "storage cluster `\(node.service)`" : "`\(node.service)`"
                sentences.append("`\(caller)` → \(target): " + parts.joined(separator: "; ") + ".")
            }
        }
        if !node.stages.isEmpty { sentences.append(stagesSentence(node)) }
        var first = 0
        for stage in node.childStages {
            for child in node.children[first..<first + stage.calls] {
                sentences += callSentences(child, caller: node.service, fanOut: stage.fanOut, rings: rings)
            }
            first += stage.calls
        }
        if let cache = node.cache {
            sentences.append(cacheSentence(node, cache, caller: caller))
            for followUp in [cache.onMiss] + [cache.onError, cache.refill].compactMap({ $0 }) {
                sentences += callSentences(followUp, caller: caller, rings: rings)
            }
        }
        return sentences
    }

    /// A queue: its bound, its consumer and how messages are handled.
    static func queueSentence(_ queue: QueueSpec) -> String {
        let expiry = queue.maxAge.map {
            "; a message older than \(Wording.time($0)) when a consumer would take it expires unhandled"
        }
        return "Queue `\(queue.name)` holds up to \(Wording.count(queue.capacity, "message")) (one published to a full "
            + "queue is dropped)\(expiry ?? ""); `\(queue.consume.service)` handles them, \(queue.concurrency) at once "
            + "per instance in service, each with a call of its own, and a message whose handling fails comes back "
            + "after \(Wording.time(queue.redeliveryDelay))."
    }

    /// A call's stages in order: "`api` makes its calls in 2 stages, each once the previous has
    /// answered: 4 in parallel (…), then 3 in sequence (…)."
    static func stagesSentence(_ node: CallNode) -> String {
        var first = 0
        let stages = node.stages.map { stage in
            let calls = node.children[first..<first + stage.calls]
            first += stage.calls
            let targets = calls.map { $0.storage != nil ? "storage cluster `\($0.service)`" : "`\($0.service)`" }
            let rule: String
            switch stage.fanOut {
            case .sequential: rule = stage.calls == 1 ? "1 call" : "\(stage.calls) in sequence"
            case .parallel(let waitFor?) where waitFor < stage.calls:
                rule = "\(stage.calls) in parallel, going on once \(waitFor) \(waitFor == 1 ? "has" : "have") answered"
            case .parallel: rule = stage.calls == 1 ? "1 call" : "\(stage.calls) in parallel"
            }
            return "\(rule) (\(Wording.list(targets)))"
        }
        return "`\(node.service)` makes its calls in \(Wording.count(stages.count, "stage")), each once the previous "
            + "has answered: " + stages.joined(separator: ", then ") + "."
    }
}
