import ArgumentParser
import Foundation
import Scenario

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List scenario files with their descriptions.")

    @Argument(help: "Folder to list.")
    var folder: String = "scenarios"

    func run() throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
        } catch {
            throw CommandFailure.invalidInput("cnsim: cannot list \(folder): no such folder")
        }
        let paths = names.map { (folder as NSString).appendingPathComponent($0) }
        let width = paths.map(\.count).max() ?? 0
        for path in paths {
            let summary: String
            do {
                let scenario = try ScenarioLoader.load(path: path)
                let firstLine = scenario.description.split(separator: "\n").first.map(String.init) ?? ""
                summary = "\(firstLine) [\(scenario.variants.map(\.name).joined(separator: ", "))]"
            } catch {
                summary = "invalid: run `cnsim validate \(path)`"
            }
            Console.out(path.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + summary + "\n")
        }
    }
}
