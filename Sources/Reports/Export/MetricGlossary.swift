/// Plain-words meaning of the end-to-end metrics, for exported notebooks and pages.
enum MetricGlossary {
    static func explanation(_ metric: String) -> String? {
        if let text = known[metric] { return text }
        if let dot = metric.lastIndex(of: "."), let text = cache[String(metric[metric.index(after: dot)...])] {
            return text
        }
        let reasons = ["timeout": "a timeout", "rejected": "a full queue or no instance", "error": "an error answer",
            "breaker_open": "an open circuit breaker", "unavailable": "too few replicas up"]
        if metric.hasPrefix("failed_"), let reason = reasons[String(metric.dropFirst("failed_".count))] {
            return "requests or operations that failed because of \(reason)."
        }
        return nil
    }

    /// A cache's measures (`CACHE.cache_hits` …), whatever the cache is called.
    private static let cache: [String: String] = [
        "cache_hits": "successful calls to the cache that it answered itself.",
        "cache_misses": "successful calls to the cache that missed, so its `on_miss` call was made.",
        "cache_hit_ratio": "hits over hits and misses, as measured (the file states the expected `hit_ratio`).",
        "cache_errors_served": "failed cache calls their `on_error` call answered: served in full, not degraded.",
        "cache_refills": "refill calls made after misses whose `on_miss` call succeeded (with `refill:`).",
        "cache_refill_failures": "refill calls that failed: nothing written back, the request served all the same.",
    ]

    private static let known: [String: String] = [
        "requests": "requests that arrived after the warm-up.",
        "success": "requests answered in full.",
        "degraded": "requests answered by a fallback: the user got something, not everything.",
        "failed": "requests that got an error; lower is better.",
        "availability": "share of requests answered (in full or degraded); 0.999 is three nines.",
        "response_time_mean": "mean time from arrival to answer.",
        "calls_per_request": "dependency calls made per request, retries included: retry storms show here.",
        "in_flight": "requests still in progress when the run ended.",
        "within_target": "share of all requests answered within the latency target; failures count against it.",
        "goodput": "requests answered within the latency target, per second.",
        "instance_hours": "instance-hours paid for; autoscaling trades these against latency.",
        "wait_mean": "mean time waiting in queue before service.",
        "waiting_time_mean": "mean time a request spent queueing before service, summed over its steps.",
        "wait_probability": "share of requests that had to queue at all (Erlang C's delay probability in an M/M/c queue).",
        "waiting_time_p50": "median time spent queueing; 0 when most requests found a free server.",
        "waiting_time_p90": "time spent queueing by the 90th percentile request.",
        "waiting_time_p99": "time spent queueing by the 99th percentile request.",
        "utilisation": "share of server time busy.",
        "core_utilisation": "share of the instances' core time busy with calls' own work (with `cores`).",
        "throughput": "requests completed per second.",
        "failed_requests": "user requests that failed; the damage users saw.",
        "degraded_requests": "user requests answered by a fallback: they got something, not everything.",
        "operations": "storage operations that arrived after the warm-up.",
        "succeeded": "operations answered in full.",
        "deploys": "deploys to production, hotfixes included.",
        "changes": "changes developers finished.",
        "changes_per_deploy": "changes shipped together in one deploy: a release train's batch size.",
        "developer_waiting_per_week": "hours changes waited between ready and in production, per developer per week.",
        "rollbacks": "bad deploys undone by moving traffic back to the old servers.",
        "hotfixes": "out-of-train releases carrying a fix.",
        "extra_instance_hours": "instance-hours of new server groups and old groups kept during deploys.",
        "capacity_lost_mean": "share of the monolith's servers out of service during in-place rollouts, on average.",
        "capacity_lost_instance_hours": "instance-hours out of service while a release train's batches restarted.",
        "flags_on": "feature flags switched on: the moment a flagged change's code meets users.",
        "flags_off": "bad feature flags switched off after an alert: the restore of a flagged change.",
        "alerts": "alerts the monitoring raised after the warm-up, true or false.",
        "faults": "chaos items (each incident of a random_errors item) that touched a watched service: what the monitoring should detect.",
        "missed_ratio": "share of faults never alerted on: too mild for the threshold, or over before the alert.",
        "false_alerts_per_day": "alerts with nothing broken, per day: noise crossing the threshold.",
        "failed_requests_per_fault": "user requests that failed while an error fault was in force, per fault that ended: the damage.",
        "ideas_completed": "ideas that reached customer feedback.",
        "work_in_progress_mean": "ideas under way at once, on average.",
    ]
}
