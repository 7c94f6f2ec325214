import CloudModel
import SimKernel

/// Sentences for a metric pipeline, shared by monitoring and delivery scenarios.
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
}
