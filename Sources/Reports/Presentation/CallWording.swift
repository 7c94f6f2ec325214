import CloudModel
import SimKernel

/// One call's settings in words, each told once in two lengths: a clause for `explain`'s
/// sentences (the file's keys in backticks) and a few words for `graph`'s edge labels
/// (`timeout 500 ms · 3 retries · breaker`). A new client setting is added here, and both
/// commands tell it.
struct CallSetting: Equatable {
    /// For a sentence: "`timeout` 500 ms per attempt".
    var clause: String
    /// For an edge label, a phrase or a few: "timeout 500 ms"; "3 retries", "retry budget 20%".
    var short: [String]

    /// The storage clusters of `runtime` whose calls' consistency level matters: rings keeping
    /// more than one copy of a key. A master/slave pair, a replica set or a ring of one copy (a
    /// sharded Redis) answers the same at every level.
    static func consistencyMatters(in runtime: RuntimeSpec) -> Set<String> {
        Set(
            runtime.storage.filter {
                if case .ring(let ring) = $0.cluster { ring.replicationFactor > 1 } else { false }
            }.map(\.name))
    }

    /// A storage call's operation and consistency level; nil for a service call. The level is
    /// left out where it changes nothing (`consistencyMatters`).
    static func access(_ node: CallNode, consistencyMatters: Bool = true) -> CallSetting? {
        guard let access = node.storage else { return nil }
        let request = access.key == .request
        return CallSetting(
            clause: "\(access.operation.rawValue)s" + (consistencyMatters ? " at `\(access.consistency.rawValue)`" : "")
                + (request ? " (the request's key, `key: request`)" : ""),
            short: ["\(access.operation.rawValue)s" + (consistencyMatters ? " at \(access.consistency.rawValue)" : "")]
                + (request ? ["the request's key"] : []))
    }

    /// A repeated call's count (`repeat`) and how its calls run (`fanOut`, the calls' it is among,
    /// told in the clause when given); nil for a call made once.
    static func repetitions(_ node: CallNode, fanOut: FanOut? = nil) -> CallSetting? {
        guard let count = node.repetitions else { return nil }
        let how = fanOut.map { $0.isParallel ? ", in parallel" : ", one after another" } ?? ""
        let times: String
        switch count {
        case .fixed(let calls): times = "\(calls) \(calls == 1 ? "time" : "times")"
        case .poisson(let mean): times = "a Poisson number of times (mean \(Wording.number(mean)))"
        case .uniform(let min, let max): times = "\(min) to \(max) times (each as likely)"
        case .empirical(let counts):
            times = "one of \(counts.count) listed numbers of times (mean \(Wording.number(count.mean)))"
        }
        return CallSetting(clause: "`repeat`: made \(times)\(how)", short: ["×\(Wording.number(count.mean)) each time"])
    }

    /// A client policy's settings in the file's order: `timeout`, `retries`, `circuit_breaker`,
    /// `bulkhead`, `fallback`; none for a call without a policy.
    static func policy(_ policy: ClientPolicy) -> [CallSetting] {
        var settings: [CallSetting] = []
        if let timeout = policy.timeout {
            settings.append(
                CallSetting(
                    clause: "`timeout` \(Wording.time(timeout)) per attempt",
                    short: ["timeout \(Wording.time(timeout))"]))
        }
        if let retry = policy.retry { settings.append(retries(retry)) }
        if let breaker = policy.circuitBreaker { settings.append(circuitBreaker(breaker)) }
        if let bulkhead = policy.bulkhead {
            settings.append(
                CallSetting(clause: "`bulkhead` of \(bulkhead) calls in flight", short: ["bulkhead \(bulkhead)"]))
        }
        if let fallback = policy.fallback {
            let succeeds = fallback.successProbability < 1 ? Wording.percent(fallback.successProbability) : nil
            let work = fallback.work == .constant(0) ? nil : Wording.short(fallback.work)
            settings.append(
                CallSetting(
                    clause: "`fallback` taking \(Wording.distribution(fallback.work))"
                        + (succeeds.map { ", succeeding \($0)" } ?? ""),
                    short: ["fallback" + (work.map { " \($0)" } ?? "") + (succeeds.map { ", \($0) succeed" } ?? "")]))
        }
        return settings
    }

    private static func retries(_ retry: RetryPolicy) -> CallSetting {
        var clause = "`retries`: up to \(Wording.count(retry.maxAttempts, "attempt"))"
        let retries = retry.maxAttempts - 1
        var short = [retries == 0 ? "no retries" : Wording.count(retries, "retry", "retries")]
        if retry.baseBackoff > 0 {
            let jitter = retry.jitter == .full
            clause +=
                ", backoff from \(Wording.time(retry.baseBackoff)) ×\(Wording.number(retry.multiplier)) up to "
                + "\(Wording.time(retry.maxBackoff))" + (jitter ? " with full jitter" : "")
            short.append(
                "backoff \(Wording.time(retry.baseBackoff)) ×\(Wording.number(retry.multiplier)) to "
                    + "\(Wording.time(retry.maxBackoff))" + (jitter ? ", jittered" : ""))
        } else {
            clause += ", no backoff"
        }
        if let budget = retry.budget {
            clause += ", retry budget \(Wording.percent(budget))"
            short.append("retry budget \(Wording.percent(budget))")
        }
        return CallSetting(clause: clause, short: short)
    }

    /// The short form names only what differs from Hystrix's defaults, which most files keep.
    private static func circuitBreaker(_ breaker: CircuitBreakerPolicy) -> CallSetting {
        let defaults = CircuitBreakerPolicy()
        var changed: [String] = []
        if breaker.errorThresholdPercentage != defaults.errorThresholdPercentage {
            changed.append("at \(Wording.number(breaker.errorThresholdPercentage))% errors")
        }
        if breaker.rollingWindow != defaults.rollingWindow {
            changed.append("over \(Wording.time(breaker.rollingWindow))")
        }
        if breaker.requestVolumeThreshold != defaults.requestVolumeThreshold {
            changed.append("≥ \(breaker.requestVolumeThreshold) calls")
        }
        if breaker.sleepWindow != defaults.sleepWindow { changed.append("open \(Wording.time(breaker.sleepWindow))") }
        let buckets = breaker.buckets == defaults.buckets ? nil : Wording.count(breaker.buckets, "bucket")
        if let buckets { changed.append(buckets) }
        return CallSetting(
            clause: "`circuit_breaker` opening at \(Wording.number(breaker.errorThresholdPercentage))% errors over "
                + "\(Wording.time(breaker.rollingWindow))" + (buckets.map { " in \($0)" } ?? "")
                + " (at least \(breaker.requestVolumeThreshold) calls), trying again after "
                + Wording.time(breaker.sleepWindow),
            short: ["breaker" + (changed.isEmpty ? "" : " " + changed.joined(separator: ", "))])
    }
}
