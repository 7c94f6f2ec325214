import ArgumentParser
import Foundation
import Scenario

struct ImportSpigo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spigo",
        abstract: "Write a runtime scenario from a spigo/simianviz architecture (JSON).",
        discussion: """
            Reads an architecture as spigo's loader does (`arch`, `version`, `description`, `victim`, \
            `services` with `name`, `package`, `count`, `regions`, `dependencies`): DNS entries become \
            endpoints, balancers are folded into the calls, zuul, karyon, monolith and staash become \
            services, priamCassandra, riak, store, cache and volume storage rings; `count` nodes per \
            region over three zones, each service's `regions` times --regions regions; the victim \
            is killed half-way. Warnings (forward references, cycles, services nothing calls) go to \
            stderr as FILE:LINE:COLUMN: warning. Without --out, the scenario goes to stdout.
            """
    )

    @Argument(help: "spigo architecture file (json_arch/NAME_arch.json).")
    var file: String

    @Option(help: "Scenario file to write (default: stdout).")
    var out: String?

    @Option(help: "Regions to run in: spigo's -w, multiplying each service's `regions` (1 to 6).")
    var regions: Int = 1

    func validate() throws {
        if !(1...6).contains(regions) {
            throw ValidationError("--regions expects a whole number from 1 to 6 (spigo names six regions), found \(regions)")
        }
        if out?.isEmpty == true {
            throw ValidationError("--out expects a file name, found an empty name")
        }
    }

    func run() throws {
        let imported: SpigoImport.Imported
        do {
            imported = try SpigoImport.scenario(fromFile: file, options: SpigoImport.Options(regions: regions))
        } catch let error as ScenarioError {
            throw CommandFailure.invalidInput(error.description)
        }
        for warning in imported.warnings { Console.error(warning.description) }
        guard let out else {
            Console.out(imported.scenario)
            return
        }
        try writeOutput(Data(imported.scenario.utf8), to: URL(fileURLWithPath: out))
        Console.out("wrote \(out)\n")
    }
}
