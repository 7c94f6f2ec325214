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

    /// The width in columns of the terminal on stderr, read now (so a resized window counts),
    /// or nil when stderr is not a terminal or the terminal does not say.
    static var errorColumns: Int? { columns(of: STDERR_FILENO) }

    /// The same for stdout, where the table goes.
    static var outColumns: Int? { columns(of: STDOUT_FILENO) }

    private static func columns(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
