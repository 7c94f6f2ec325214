import ArgumentParser
import Foundation
import Reports
import Scenario

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a Jupyter notebook and a self-contained HTML page for a results folder.",
        discussion: """
            Writes NAME.ipynb (pandas + matplotlib, reads the folder's CSV files) and NAME.html (charts \
            drawn by cnsim as inline SVG, no scripts, no network). With --scenario, the scenario's \
            descriptions are used for the text.
            """
    )

    @Argument(help: "Results folder written by `cnsim run` (holds summary.csv).")
    var results: String

    @Option(help: "Folder for the notebook and the page.")
    var to: String = "notebooks-export"

    @Option(help: "The scenario file, for its descriptions (default: the file named in run.json, if any).")
    var scenario: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let folder = URL(fileURLWithPath: results, isDirectory: true)
        let context = try exportContext(folder: folder)
        let written: [URL]
        do {
            written = try Exporter.export(
                results: folder, to: URL(fileURLWithPath: to, isDirectory: true), context: context)
        } catch let error as ExportError {
            throw CommandFailure.invalidInput("cnsim: \(error.description)")
        } catch {
            throw CommandFailure.internalFailure("cnsim: cannot write to \(to): \(error.localizedDescription)")
        }
        if !quiet { Console.out(written.map { "wrote \($0.path)\n" }.joined()) }
    }

    /// Descriptions from `--scenario`, else from the scenario file run.json names when it is still there.
    private func exportContext(folder: URL) throws -> ExportContext {
        let description: ScenarioDescription
        if let scenario {
            description = try loadScenario(scenario)
        } else if let data = try? Data(contentsOf: folder.appendingPathComponent("run.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let named = object["scenario_file"] as? String,
            // The file may have changed since the run: without it, the text does without descriptions.
            let loaded = try? ScenarioLoader.load(path: named)
        {
            description = loaded
        } else {
            return ExportContext()
        }
        var regions: [String] = []
        for variant in description.variants {
            guard case .runtime(let runtime) = variant.model else { continue }
            for region in runtime.regions.map(\.name) where !regions.contains(region) { regions.append(region) }
        }
        return ExportContext(
            description: description.description,
            variantDescriptions: Dictionary(
                description.variants.map { ($0.name, $0.description) }, uniquingKeysWith: { first, _ in first }),
            regions: regions)
    }
}
