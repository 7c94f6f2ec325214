import Foundation

/// Reads scenario files into validated descriptions, reporting every problem at once.
public enum ScenarioLoader {
    /// Reads and validates a scenario file.
    ///
    /// - Throws: `ScenarioError` with every diagnostic, in file order; for a file that cannot
    ///   be read, one diagnostic at 1:1 naming the problem.
    public static func load(path: String) throws -> ScenarioDescription {
        try parse(yaml: contents(ofFile: path), file: path)
    }

    /// Reads and validates a scenario from its text; `file` is the name used in diagnostics.
    ///
    /// - Throws: `ScenarioError` with every diagnostic, in file order.
    public static func parse(yaml: String, file: String) throws -> ScenarioDescription {
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
            let reader = NodeReader(file: file)
            guard let scenario = reader.scenario(root), reader.isClean else {
                throw ScenarioError(diagnostics: reader.diagnostics)
            }
            return scenario
        }
    }

    /// The text of a file, or a one-diagnostic `ScenarioError` saying why it cannot be read.
    private static func contents(ofFile path: String) throws -> String {
        func unreadable(_ problem: String) -> ScenarioError {
            ScenarioError(diagnostics: [Diagnostic(file: path, line: 1, column: 1, message: problem)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("cannot read the scenario file: there is no file at `\(path)`")
        }
        guard !isDirectory.boolValue else {
            throw unreadable("cannot read the scenario file: `\(path)` is a folder, expected a YAML file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= DocumentLimits.maximumFileSize else {
            throw unreadable(DocumentLimits.tooLarge(bytes: size))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable("cannot read the scenario file `\(path)`: permission denied or an input/output error")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw unreadable("cannot read the scenario file `\(path)`: expected UTF-8 text, found other bytes")
        }
        return text
    }
}
