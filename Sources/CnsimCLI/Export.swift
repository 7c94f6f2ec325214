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
        var context = ExportContext(scenario: description)
        context.architecture = Self.picture(of: description)
        return context
    }

    /// The baseline's `cnsim graph` drawn by Graphviz's `dot -Tsvg` when it is on the PATH; else,
    /// or when dot fails, why there is no picture.
    static func picture(of scenario: ScenarioDescription) -> ArchitecturePicture {
        let baseline = scenario.variants.first { $0.name == scenario.baselineVariant } ?? scenario.variants[0]
        let command = "cnsim graph FILE --variant \(baseline.name) | dot -Tsvg > \(baseline.name).svg"
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        guard let dot = paths.map({ "\($0)/dot" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .unavailable(
                "Graphviz's `dot` was not found on this machine when the page was made, so the architecture is not "
                    + "drawn here; with Graphviz installed, export again or run `\(command)`.")
        }
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("cnsim-graph-\(UUID().uuidString).dot")
        defer { try? FileManager.default.removeItem(at: source) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg", source.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try Data(ServiceGraph.dot(baseline, of: scenario).utf8).write(to: source)
            try process.run()
        } catch {
            return .unavailable("Graphviz's `dot` could not be run (\(error.localizedDescription)); run `\(command)`.")
        }
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let text = String(data: svg, encoding: .utf8), text.contains("<svg") else {
            return .unavailable("Graphviz's `dot` failed on the architecture's graph; run `\(command)` to see why.")
        }
        return .svg(text, variant: baseline.name)
    }
}
