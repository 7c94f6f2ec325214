/// Plain-words meaning of the end-to-end metrics, for exported notebooks and pages.
enum MetricGlossary {
    static func explanation(_ metric: String) -> String? {
        if let text = known[metric] { return text }
        if metric.hasPrefix("failed_") {
            return "requests that failed because of \(metric.dropFirst("failed_".count).replacingOccurrences(of: "_", with: " "))."
        }
        return nil
    }

    private static let known: [String: String] = [
        "requests": "requests that arrived after the warm-up.",
        "success": "requests answered in full.",
        "degraded": "requests answered by a fallback: the user got something, not everything.",
        "failed": "requests that got an error; lower is better.",
        "availability": "share of requests answered (in full or degraded); 0.999 is three nines.",
        "response_time_mean": "mean time from arrival to answer.",
        "calls_per_request": "dependency calls made per request, retries included: retry storms show here.",
        "in_flight": "requests still in progress when the run ended.",
        "instance_hours": "instance-hours paid for; autoscaling trades these against latency.",
        "wait_mean": "mean time waiting in queue before service.",
        "utilisation": "share of server time busy.",
        "throughput": "requests completed per second.",
    ]
}
