import ArgumentParser
import Reports
import Scenario
import SimKernel

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a scenario in plain sentences: the model, the variants and what differs, the metrics."
    )

    @Argument(help: "Scenario file (YAML).")
    var file: String

    func run() throws {
        let scenario = try loadScenario(file)
        Console.out(Explanation.text(scenario))
        let estimate = CostEstimate.of(scenario)
        let memory = estimate.memorySummary(workers: ParallelRunner.availableCores).map { "; \($0)" } ?? ""
        Console.out("\nCost: \(estimate.summary)\(memory).\n")
    }
}
