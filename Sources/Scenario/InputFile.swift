import Foundation

/// Reading an input file (a scenario, a trace file) as UTF-8 text.
public enum InputFile {
    /// The text of the file at `path`, or a one-diagnostic `ScenarioError` at 1:1 saying why it
    /// cannot be read; `what` names it in messages ("the scenario file"), `expected` says what
    /// a folder should have been ("a YAML file"), and `tooLarge` words a file past `maximumSize`
    /// bytes.
    public static func text(
        _ path: String, what: String, expected: String, maximumSize: Int, tooLarge: (Int) -> String
    ) throws -> String {
        func unreadable(_ problem: String) -> ScenarioError {
            ScenarioError(diagnostics: [Diagnostic(file: path, line: 1, column: 1, message: problem)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("cannot read \(what): there is no file at `\(path)`")
        }
        guard !isDirectory.boolValue else {
            throw unreadable("cannot read \(what): `\(path)` is a folder, expected \(expected)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumSize else {
            throw unreadable(tooLarge(size))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable("cannot read \(what) `\(path)`: permission denied or an input/output error")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw unreadable("cannot read \(what) `\(path)`: expected UTF-8 text, found other bytes")
        }
        return text
    }
}
