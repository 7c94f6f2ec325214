import CloudModel
import SimKernel
import Yams

/// A caller's client policy around one dependency call: timeout, retries, circuit breaker,
/// bulkhead and fallback.
extension NodeReader {
    /// A `client` mapping; `{}` is no policy at all.
    func clientPolicy(_ node: Node) -> ClientPolicy? {
        let keys = ["timeout", "retries", "circuit_breaker", "bulkhead", "fallback"]
        let expected = "a mapping with any of \(Suggestions.list(keys, conjunction: "and"))"
        guard let mapping = mapping(node, what: "`client`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`client`", allowed: keys)
        let timeout = optionalSetting("timeout", in: fields) { simTime($0, key: "timeout", positive: true) }
        let retry = optionalSetting("retries", in: fields, retries)
        let circuitBreaker = optionalSetting("circuit_breaker", in: fields, circuitBreaker)
        let bulkhead = optionalSetting("bulkhead", in: fields) { wholeNumber($0, key: "bulkhead", atLeast: 1) }
        let fallback = optionalSetting("fallback", in: fields, fallback)
        guard let timeout, let retry, let circuitBreaker, let bulkhead, let fallback else { return nil }
        return ClientPolicy(
            timeout: timeout, retry: retry, circuitBreaker: circuitBreaker, bulkhead: bulkhead, fallback: fallback)
    }

    /// Retries with exponential backoff.
    private func retries(_ node: Node) -> RetryPolicy? {
        let expected = "a mapping with `max_attempts:` and, optionally, the backoff"
        guard let mapping = mapping(node, what: "`retries`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`retries`",
            allowed: ["max_attempts", "backoff", "multiplier", "max_backoff", "jitter", "budget"])
        let defaults = RetryPolicy(maxAttempts: 1)
        let maxAttempts = required("max_attempts", in: fields).flatMap {
            wholeNumber($0, key: "max_attempts", atLeast: 1)
        }
        let backoff = optional("backoff", in: fields, default: defaults.baseBackoff) { simTime($0, key: "backoff") }
        let multiplier = optional("multiplier", in: fields, default: defaults.multiplier) {
            number($0, key: "multiplier", expected: "a number of at least 1") { $0 >= 1 }
        }
        var maxBackoff = optional("max_backoff", in: fields, default: defaults.maxBackoff) {
            simTime($0, key: "max_backoff")
        }
        let jitter = optional("jitter", in: fields, default: defaults.jitter) { choice($0, key: "jitter") }
        let budget = optionalSetting("budget", in: fields) { ratio($0, key: "budget") }
        if let backoff, let longest = maxBackoff, longest < backoff, let backoffNode = fields["backoff"] {
            if let maxBackoffNode = fields["max_backoff"] {
                let expected = "a duration no shorter than `backoff` (\(text(of: backoffNode)))"
                report("`max_backoff` expects \(expected), found \(found(maxBackoffNode))", at: maxBackoffNode)
            } else {
                report(
                    "`backoff` (\(text(of: backoffNode))) is longer than the default `max_backoff`; "
                        + "give a longer `max_backoff:`", at: backoffNode)
            }
            maxBackoff = nil
        }
        guard let maxAttempts, let backoff, let multiplier, let maxBackoff, let jitter, let budget else { return nil }
        return RetryPolicy(
            maxAttempts: maxAttempts, baseBackoff: backoff, multiplier: multiplier, maxBackoff: maxBackoff,
            jitter: jitter, budget: budget)
    }

    /// Hystrix's circuit breaker; `{}` takes Hystrix's defaults.
    private func circuitBreaker(_ node: Node) -> CircuitBreakerPolicy? {
        let expected = "a mapping of settings (`{}` for Hystrix's defaults)"
        guard let mapping = mapping(node, what: "`circuit_breaker`", expected: expected) else { return nil }
        let fields = fields(
            of: node, mapping, place: "`circuit_breaker`",
            allowed: [
                "error_threshold_percentage", "request_volume_threshold", "sleep_window", "rolling_window", "buckets",
            ])
        let defaults = CircuitBreakerPolicy()
        let threshold = optional("error_threshold_percentage", in: fields, default: defaults.errorThresholdPercentage) {
            number($0, key: "error_threshold_percentage", expected: "a number from 0 to 100") { (0...100).contains($0) }
        }
        let volume = optional("request_volume_threshold", in: fields, default: defaults.requestVolumeThreshold) {
            wholeNumber($0, key: "request_volume_threshold", atLeast: 1)
        }
        let sleepWindow = optional("sleep_window", in: fields, default: defaults.sleepWindow) {
            simTime($0, key: "sleep_window", positive: true)
        }
        var rollingWindow = optional("rolling_window", in: fields, default: defaults.rollingWindow) {
            simTime($0, key: "rolling_window", positive: true)
        }
        let buckets = optional("buckets", in: fields, default: defaults.buckets) {
            wholeNumber($0, key: "buckets", atLeast: 1)
        }
        // Buckets of whole nanoseconds keep every bucket boundary an exact event time.
        if let window = rollingWindow, let buckets, !window.isMultiple(of: SimTime(buckets)) {
            let windowText =
                fields["rolling_window"].map { "`rolling_window` (\(text(of: $0)))" }
                ?? "the default `rolling_window`"
            report(
                "\(windowText) does not divide evenly into \(buckets) `buckets`",
                at: fields["buckets"] ?? fields["rolling_window"] ?? node)
            rollingWindow = nil
        }
        guard let threshold, let volume, let sleepWindow, let rollingWindow, let buckets else { return nil }
        return CircuitBreakerPolicy(
            errorThresholdPercentage: threshold, requestVolumeThreshold: volume, sleepWindow: sleepWindow,
            rollingWindow: rollingWindow, buckets: buckets)
    }

    /// A local answer when the call fails.
    private func fallback(_ node: Node) -> FallbackPolicy? {
        let expected = "a mapping with `work:` and `success_probability:` (`{}` for an instant answer)"
        guard let mapping = mapping(node, what: "`fallback`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`fallback`", allowed: ["work", "success_probability"])
        let defaults = FallbackPolicy()
        let work = optional("work", in: fields, default: defaults.work) { distribution($0, key: "work") }
        let success = optional("success_probability", in: fields, default: defaults.successProbability) {
            ratio($0, key: "success_probability")
        }
        guard let work, let success else { return nil }
        return FallbackPolicy(work: work, successProbability: success)
    }
}
