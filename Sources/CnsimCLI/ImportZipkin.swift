import ArgumentParser
import Foundation
import Scenario

struct ImportZipkin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zipkin",
        abstract: "Write a runtime scenario from Zipkin v2 traces (JSON).",
        discussion: """
            Reads a list of spans or a list of traces (as Zipkin's API returns them, or as \
            `cnsim run --trace` writes them): endpoints from root spans, call trees, calls per \
            caller execution, sequential or parallel calls, each place's own work fitted by \
            maximum likelihood (exponential, lognormal or gamma by AIC), the arrival rate from \
            the root spans. Without --out, the scenario goes to stdout.
            """
    )

    @Argument(help: "Zipkin v2 JSON file.")
    var file: String

    @Option(help: "Scenario file to write (default: stdout).")
    var out: String?

    @Option(help: "Only the spans tagged `cnsim.variant` with this name (cnsim's traces hold every variant's).")
    var variant: String?

    @Option(help: "The share of requests traced (0 < P ≤ 1), when the root spans do not state it.")
    var sampledShare: Double?

    func validate() throws {
        if let sampledShare, !(sampledShare > 0 && sampledShare <= 1) {
            throw ValidationError("--sampled-share expects a number above 0 and at most 1, found \(sampledShare)")
        }
        if out?.isEmpty == true {
            throw ValidationError("--out expects a file name, found an empty name")
        }
    }

    func run() throws {
        let text: String
        do {
            text = try ZipkinImport.scenario(
                fromFile: file, options: ZipkinImport.Options(variant: variant, sampledShare: sampledShare))
        } catch let error as ScenarioError {
            throw CommandFailure.invalidInput(error.description)
        }
        guard let out else {
            Console.out(text)
            return
        }
        try writeOutput(Data(text.utf8), to: URL(fileURLWithPath: out))
        Console.out("wrote \(out)\n")
    }
}
