import Scenario

/// `cnsim graph`: the architecture of one variant as Graphviz DOT.
public enum ServiceGraph {
    /// The DOT text of `variant`, its rates averaged over one replication of `scenario`; under the
    /// picture, the scenario's and variant's names, the variant's description and the legend.
    public static func dot(_ variant: VariantDescription, of scenario: ScenarioDescription) -> String {
        var graph = variant.model.presenter.graph(name: "\(scenario.name)/\(variant.name)", duration: scenario.duration)
        let title =
            HTMLLabel.bold("\(scenario.name) / \(variant.name)")
            + (variant.description.isEmpty ? "" : HTMLLabel.escape(": " + variant.description))
        graph.caption.insert(title, at: 0)
        return graph.render()
    }
}
