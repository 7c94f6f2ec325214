import Foundation

/// Terminal output: results to stdout, diagnostics and progress to stderr.
enum Console {
    static func error(_ message: String) {
        guard !message.isEmpty else { return }
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// True when stderr is a terminal (progress bars only make sense there).
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
