import ArgumentParser
import Reports
import Scenario

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a scenario in plain sentences: the model, the variants and what differs, the metrics."
    )

    @Argument(help: "Scenario file (YAML).")
    var file: String

    func run() throws {
        let scenario = try loadScenario(file)
        Console.out(Explanation.text(scenario))
        Console.out("\nCost: \(CostEstimate.of(scenario).summary).\n")
    }
}
