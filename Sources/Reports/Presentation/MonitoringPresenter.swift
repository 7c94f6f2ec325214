import CloudModel
import SimKernel

/// Explains and draws a service's incidents seen through a metric pipeline (`monitoring:`).
struct MonitoringPresenter: ModelPresenter {
    var monitoring: MonitoringModelSpec

    var kind: String { "a service's incidents seen through a metric pipeline" }

    func sentences(duration: SimTime) -> [String] {
        let service = monitoring.service
        var sentences = [
            "The service answers \(Wording.rate(service.requestRate)); normally \(Wording.percent(service.errorRatio)) "
                + "of requests fail" + noise(service.noise) + "."
        ]
        sentences += PipelineWording.sentences(monitoring.pipeline, metric: "error ratio")
        for incident in monitoring.incidents {
            let end = incident.duration.map { "for \(Wording.time($0))" } ?? "until restored"
            sentences.append(
                "Incident at \(Wording.time(incident.at)): \(Wording.percent(incident.errorRatio)) of requests fail \(end).")
        }
        if let random = monitoring.randomIncidents {
            let ratio =
                random.minErrorRatio == random.maxErrorRatio
                ? Wording.percent(random.minErrorRatio)
                : "between \(Wording.percent(random.minErrorRatio)) and \(Wording.percent(random.maxErrorRatio))"
            let end = random.duration.map { "healing by itself after \(Wording.distribution($0))" } ?? "lasting until restored"
            sentences.append(
                "Incidents also come at random, \(Wording.number(random.rate * 86_400)) a day on average, each failing "
                    + "\(ratio) of requests, \(end).")
        }
        sentences.append(
            "After the action the service is restored in \(Wording.distribution(monitoring.repair)); a failure that "
                + "shows on the graph within \(Wording.time(monitoring.attentionSpan)) catches a watching person's eye.")
        return sentences
    }

    private func noise(_ noise: MetricNoise) -> String {
        switch noise {
        case .none: ""
        case .requests: ", and a datapoint counts the window's actual requests, so few requests make a noisy graph"
        case .normal(let stddev): ", and each datapoint carries normal noise of standard deviation \(Wording.number(stddev))"
        }
    }

    var metricsGuide: [String] {
        [
            "`time_to_detect_*` runs from the failure to the alert; `time_to_restore_*` to the restore: compare "
                + "them between resolutions.",
            "`failed_requests_per_incident` and `error_seconds_per_incident` are the damage users saw; "
                + "`missed_ratio` counts incidents never alerted on (false negatives), `false_alerts_per_day` "
                + "alerts with no incident (false positives).",
            "`incidents.csv` has one row per incident with every step of its timeline.",
        ]
    }

    func graph(name: String, duration: SimTime) -> DOTGraph {
        var graph = DOTGraph(name: name)
        graph.node("service", label: "service\n\(Wording.rate(monitoring.service.requestRate))")
        PipelineWording.addChain(monitoring.pipeline, to: &graph, from: "service", cluster: "metric pipeline")
        graph.node("action", label: "action\n+\(Wording.distribution(monitoring.pipeline.reaction))")
        graph.edge("alert", "action")
        graph.edge("action", "service", label: "restore", ["style": "dashed"])
        return graph
    }
}
