import ArgumentParser
import Scenario
import SimKernel

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files without running them.",
        discussion: """
            Prints `FILE: ok` with an estimate of the events a run handles, or every error as \
            FILE:LINE:COLUMN; exits 2 if any file is invalid.
            """
    )

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    func run() throws {
        var invalid = false
        for file in files {
            do {
                let scenario = try ScenarioLoader.load(path: file)
                let estimate = CostEstimate.of(scenario)
                let memory = estimate.memorySummary(workers: ParallelRunner.availableCores).map { ", \($0)" } ?? ""
                Console.out("\(file): ok, \(estimate.summary)\(memory)\n")
            } catch let error as ScenarioError {
                Console.error(error.description)
                invalid = true
            }
        }
        if invalid { throw CommandFailure(message: "", status: 2) }
    }
}
