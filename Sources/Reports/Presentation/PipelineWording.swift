import CloudModel
import SimKernel

/// Sentences and graph parts for a metric pipeline, shared by monitoring and delivery scenarios.
enum PipelineWording {
    static func sentences(_ pipeline: MonitoringSpec, metric: String) -> [String] {
        let stages = pipeline.stages.map { stage -> String in
            let period = stage.period == 0 ? "as soon as it can" : "at every \(Wording.time(stage.period)) boundary"
            let delay = stage.delay == .constant(0) ? "" : " after \(Wording.distribution(stage.delay))"
            return "`\(stage.name)` hands it on \(period)\(delay)"
        }
        var sentences = [
            "An agent averages the \(metric) over every \(Wording.time(pipeline.resolution)) (the resolution); "
                + "each datapoint then passes \(Wording.count(pipeline.stages.count, "stage")): "
                + Wording.list(stages) + ".",
            "The alert fires when \(Wording.count(pipeline.rule.consecutive, "datapoint")) in a row "
                + "\(pipeline.rule.consecutive == 1 ? "is" : "are") above \(Wording.number(pipeline.rule.threshold)); "
                + "someone acts \(Wording.distribution(pipeline.reaction)) later.",
        ]
        if pipeline.offset != 0 { sentences.append("Agent windows start \(Wording.time(pipeline.offset)) past the period.") }
        return sentences
    }

    /// agent → stage → … → alert, in a cluster named `cluster`.
    static func addChain(_ pipeline: MonitoringSpec, to graph: inout DOTGraph, from source: String, cluster: String) {
        graph.node("agent", label: "agent\n\(Wording.time(pipeline.resolution)) windows", in: cluster, clusterLabel: cluster)
        graph.edge(source, "agent", label: "metric")
        var previous = "agent"
        for stage in pipeline.stages {
            let id = "stage.\(stage.name)"
            let period = stage.period == 0 ? "continuous" : "every \(Wording.time(stage.period))"
            graph.node(id, label: "\(stage.name)\n\(period)", in: cluster, clusterLabel: cluster)
            graph.edge(previous, id)
            previous = id
        }
        graph.node(
            "alert", label: "alert: \(pipeline.rule.consecutive) × > \(Wording.number(pipeline.rule.threshold))",
            in: cluster, clusterLabel: cluster, ["shape": "octagon"])
        graph.edge(previous, "alert")
    }
}
