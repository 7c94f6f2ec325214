import ArgumentParser
import Reports

/// The `cnsim` command line: scenario files in, CSV and tables out.
public struct Cnsim: ParsableCommand {
    public static let version = CnsimVersion.current

    public static let configuration = CommandConfiguration(
        commandName: "cnsim",
        abstract: "Discrete-event simulation of cloud-native architectures.",
        discussion: """
            Each scenario file compares variants of an architecture on common random numbers and \
            writes tidy CSV. Exit status: 0 success, 1 internal failure, 2 invalid input or usage.
            """,
        version: version,
        subcommands: [
            Run.self, Merge.self, Validate.self, List.self, Explain.self, Graph.self, Export.self, Report.self, Import.self, Bench.self,
        ]
    )

    public init() {}
}

/// Entry point used by the executable: parses, runs, and maps every failure to an exit status.
public enum CnsimMain {
    public static func main(_ arguments: [String]) -> Int32 {
        do {
            var command = try Cnsim.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let failure as CommandFailure {
            Console.error(failure.message)
            return failure.status
        } catch {
            let status = Cnsim.exitCode(for: error)
            let message = Cnsim.fullMessage(for: error)
            if status == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            Console.error(message)
            // Usage errors are invalid input: status 2, whatever the parser's own convention.
            return 2
        }
    }
}

/// A failure with the message to print and the exit status to return.
struct CommandFailure: Error {
    var message: String
    var status: Int32

    static func invalidInput(_ message: String) -> CommandFailure { CommandFailure(message: message, status: 2) }
    static func internalFailure(_ message: String) -> CommandFailure { CommandFailure(message: message, status: 1) }
}
