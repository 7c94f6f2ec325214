/// One problem found in a scenario file (or an imported one), located at a line and column.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// An error stops the command; a warning (an import's) is printed and the command goes on.
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE` (or `warning:`), the form compilers use and editors
    /// understand.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Every problem found in a scenario file, in file order.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
