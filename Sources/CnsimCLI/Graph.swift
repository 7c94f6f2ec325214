import ArgumentParser
import Foundation
import Reports
import Scenario

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write each variant's architecture as a Graphviz DOT graph.",
        discussion: """
            Without --out, prints one graph on stdout: the --variant's, else the baseline's \
            (`cnsim graph FILE | dot -Tsvg > arch.svg`). With --out DIR, writes DIR/VARIANT.dot for \
            every variant, or only --variant. Each call carries a tag: its rate computed from the \
            file, not from a simulation (first attempts per second, without retries), then the \
            caller's client policy or a storage call's consistency level. Zones list what runs in \
            them; what the file's chaos takes down is drawn red and dashed with its window; a legend \
            under the picture says what its marks mean.
            """
    )

    @Argument(help: "Scenario file (YAML).")
    var file: String

    @Option(help: "Only this variant.")
    var variant: String?

    @Option(help: "Folder to write VARIANT.dot files into.")
    var out: String?

    func run() throws {
        let scenario = try loadScenario(file)
        var variants = scenario.variants
        if let variant {
            guard let chosen = variants.first(where: { $0.name == variant }) else {
                let names = variants.map { "`\($0.name)`" }.joined(separator: ", ")
                throw CommandFailure.invalidInput("cnsim: \(file) has no variant `\(variant)`; its variants are \(names)")
            }
            variants = [chosen]
        }
        guard let out else {
            let shown = variant == nil ? variants.first { $0.name == scenario.baselineVariant } ?? variants[0] : variants[0]
            Console.out(ServiceGraph.dot(shown, of: scenario))
            return
        }
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        for shown in variants {
            let url = folder.appendingPathComponent("\(shown.name).dot")
            try writeOutput(Data(ServiceGraph.dot(shown, of: scenario).utf8), to: url)
            Console.out("wrote \(url.path)\n")
        }
    }
}
