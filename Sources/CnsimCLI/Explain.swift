import ArgumentParser
import Reports

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a scenario in plain sentences: the model, the variants and what differs, the metrics."
    )

    @Argument(help: "Scenario file (YAML).")
    var file: String

    func run() throws {
        Console.out(Explanation.text(try loadScenario(file)))
    }
}
