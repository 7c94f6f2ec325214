import CloudModel

/// Sentences on a runtime's `monitoring` block: what is measured of which services, then the
/// pipeline in the words a `monitoring:` scenario uses, and how alerts are judged.
extension RuntimePresenter {
    func monitoringSentences(_ monitoring: RuntimeMonitoringSpec) -> [String] {
        let services = monitoring.services.isEmpty
            ? "every service" : Wording.list(monitoring.services.map { "`\($0)`" })
        let measured: String
        switch monitoring.metric {
        case .errorRatio: measured = "error ratio (failed / finished calls)"
        case .requestRate: measured = "request rate (finished calls per second)"
        case .latencyPercentile(let percentile):
            measured = "\(Wording.number(percentile))th percentile of response time [s]"
        }
        let action =
            monitoring.repair.map {
                " The action repairs the `errors` and `random_errors` faults on the alerted service: they end "
                    + "\(Wording.distribution($0)) after it."
            } ?? (runtime.delivery == nil ? " A fault has no deploy behind it, so the action is the alert alone." : "")
        return ["Monitoring watches \(services), counting the calls its instances finish in each window."]
            + PipelineWording.sentences(monitoring.pipeline, metric: measured)
            + [
                "An alert on a service a chaos item touches, from its start to "
                    + "\(Wording.time(monitoring.detectionGrace)) after its end, detects it; "
                    + (runtime.delivery == nil
                        ? "any other alert is false."
                        : "so does one on a service a bad deploy touches while it is exposed; any other alert is false.")
                    + action
            ]
    }
}
