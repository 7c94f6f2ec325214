import CloudModel
import SimKernel

/// Explains and draws ideas flowing through product-development stages (`product_development:`).
struct ProductDevelopmentPresenter: ModelPresenter {
    var development: ProductDevelopmentSpec

    var kind: String { "ideas flowing through the stages of product development" }

    func sentences(duration: SimTime) -> [String] {
        var sentences = [
            "A new idea arrives every \(Wording.distribution(development.ideaInterarrival)) and passes "
                + "\(Wording.count(development.stages.count, "stage")) in order; it is done when customers give feedback."
        ]
        for stage in development.stages {
            let team = stage.capacity.map { "a team that takes \(Wording.count($0, "idea")) at a time, first come first served" }
                ?? "a team that takes every idea at once"
            let handoff = stage.handoff == .constant(0) ? "" : " after a hand-off of \(Wording.distribution(stage.handoff))"
            sentences.append("`\(stage.name)`: \(team)\(handoff); the work takes \(Wording.distribution(stage.duration)).")
        }
        let total = development.stages.reduce(0.0) { $0 + $1.duration.mean + $1.handoff.mean }
        sentences.append("Without any waiting for a team, an idea would take \(Wording.seconds(total)) on average.")
        return sentences
    }

    var metricsGuide: [String] {
        [
            "`idea_to_feedback_*` is the time from an idea to customer feedback: how long before you find out "
                + "whether the product meets the need.",
            "`STAGE.wait_mean` is the wait for a busy team; `work_in_progress_mean` the ideas under way at once.",
        ]
    }

    func graph(name: String, duration: SimTime) -> DOTGraph {
        var graph = DOTGraph(name: name)
        graph.node(
            "idea", label: .text("idea\nevery \(Wording.distribution(development.ideaInterarrival))"), ["shape": "ellipse"])
        var previous = "idea"
        for stage in development.stages {
            let capacity = stage.capacity.map { ", \($0) at a time" } ?? ""
            let duration = Wording.seconds(stage.duration.mean)
            graph.node("stage.\(stage.name)", label: .text("\(stage.name)\n\(duration)\(capacity)"))
            let handoff = stage.handoff == .constant(0) ? "" : "hand-off \(Wording.seconds(stage.handoff.mean))"
            graph.edge(previous, "stage.\(stage.name)", label: handoff)
            previous = "stage.\(stage.name)"
        }
        graph.node("feedback", label: .text("customer feedback"), ["shape": "ellipse"])
        graph.edge(previous, "feedback")
        return graph
    }
}
