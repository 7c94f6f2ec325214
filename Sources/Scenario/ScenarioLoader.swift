import Foundation
import Yams

/// Reads scenario files into validated descriptions, reporting every problem at once.
public enum ScenarioLoader {
    /// Reads and validates a scenario file.
    ///
    /// - Throws: `ScenarioError` with every diagnostic, in file order; for a file that cannot
    ///   be read, one diagnostic at 1:1 naming the problem.
    /// - Parameter settings: `PATH=VALUE` settings from the command line (`cnsim run --set`),
    ///   applied to every variant after its own overrides; their diagnostics name `--set` and
    ///   the setting's number (`--set:2:14: error: …`).
    public static func load(path: String, settings: [String] = []) throws -> ScenarioDescription {
        try parse(
            yaml: InputFile.text(
                path, what: "the scenario file", expected: "a YAML file", maximumSize: DocumentLimits.maximumFileSize,
                tooLarge: DocumentLimits.tooLarge),
            file: path, settings: settings)
    }

    /// Reads and validates a scenario from its text; `file` is the name used in diagnostics.
    ///
    /// - Throws: `ScenarioError` with every diagnostic, in file order.
    public static func parse(yaml: String, file: String, settings: [String] = []) throws -> ScenarioDescription {
        func failure(_ message: String, line: Int = 1, column: Int = 1) -> ScenarioError {
            ScenarioError(diagnostics: [Diagnostic(file: file, line: line, column: column, message: message)])
        }
        guard yaml.utf8.count <= DocumentLimits.maximumFileSize else {
            throw failure(DocumentLimits.tooLarge(bytes: yaml.utf8.count))
        }
        switch DocumentComposer.compose(yaml) {
        case .empty:
            throw failure(
                "the file is empty; a scenario file expects a mapping with at least `name:`, `duration:` and "
                    + ModelKind.keys)
        case .invalid(let line, let column, let message):
            throw failure(message, line: line, column: column)
        case .document(let root):
            let commandLine = try CommandLineSettings(settings, after: yaml)
            let reader = NodeReader(file: file)
            guard let scenario = reader.scenario(root, commandLine: commandLine.node), reader.isClean else {
                throw ScenarioError(diagnostics: reader.diagnostics.map(commandLine.relocated))
            }
            return scenario
        }
    }
}

/// `cnsim run --set PATH=VALUE` settings as one YAML mapping `PATH: VALUE`, a line each, composed
/// below as many blank lines as the scenario file has, so that a node's line tells which
/// document it came from: diagnostics past the file are moved to `--set`, line N for the Nth
/// setting, the column counted in `PATH=VALUE` as typed.
struct CommandLineSettings {
    /// The mapping; nil without settings.
    let node: Node?
    /// Lines before the first setting's.
    private let offset: Int
    private let paths: [String]

    init(_ settings: [String], after yaml: String) throws(ScenarioError) {
        offset = yaml.utf8.count { $0 == UInt8(ascii: "\n") } + 1
        var lines: [String] = []
        var paths: [String] = []
        var problems: [Diagnostic] = []
        for (index, setting) in settings.enumerated() {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                problems.append(
                    Diagnostic(
                        file: "--set", line: index + 1, column: 1,
                        message: "`--set` expects PATH=VALUE, like `runtime.endpoints.home.arrival_rate=50/s`, "
                            + "found `\(setting)`"))
                continue
            }
            let path = String(setting[..<equals])
            paths.append(path)
            lines.append(path + ": " + setting[setting.index(after: equals)...])
        }
        self.paths = paths
        guard problems.isEmpty else { throw ScenarioError(diagnostics: problems) }
        guard !lines.isEmpty else {
            node = nil
            return
        }
        let text = String(repeating: "\n", count: offset) + lines.joined(separator: "\n") + "\n"
        switch DocumentComposer.compose(text) {
        case .document(let root): node = root
        case .empty: node = nil
        case .invalid(let line, let column, let message):
            throw ScenarioError(diagnostics: [Self.diagnostic(line - offset, column, message, paths: paths)])
        }
    }

    /// `diagnostic` where it belongs: the scenario file's, or a setting's.
    func relocated(_ diagnostic: Diagnostic) -> Diagnostic {
        guard node != nil, diagnostic.line > offset else { return diagnostic }
        return Self.diagnostic(diagnostic.line - offset, diagnostic.column, diagnostic.message, paths: paths)
    }

    /// Setting `number` (from 1), `column` of `PATH: VALUE` moved to `PATH=VALUE`.
    private static func diagnostic(_ number: Int, _ column: Int, _ message: String, paths: [String]) -> Diagnostic {
        let pathLength = paths.indices.contains(number - 1) ? paths[number - 1].count : 0
        let typed = column > pathLength + 2 ? column - 1 : column
        return Diagnostic(file: "--set", line: max(1, number), column: max(1, typed), message: message)
    }
}
