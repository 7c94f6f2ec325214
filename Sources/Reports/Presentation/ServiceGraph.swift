import Scenario

/// `cnsim graph`: the architecture of one variant as Graphviz DOT.
public enum ServiceGraph {
    /// The DOT text of `variant`, its rates averaged over one replication of `scenario`.
    public static func dot(_ variant: VariantDescription, of scenario: ScenarioDescription) -> String {
        variant.model.presenter.graph(name: "\(scenario.name)/\(variant.name)", duration: scenario.duration).render()
    }
}
