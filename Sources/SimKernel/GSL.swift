import CGSL

/// Process-wide GSL set-up.
public enum GSL {
    /// GSL's default error handler aborts the process; cnsim checks results itself instead.
    /// Idempotent and thread-safe (a Swift global is initialised once).
    public static func switchOffAbortingErrorHandler() {
        _ = handlerSwitchedOff
    }

    private static let handlerSwitchedOff: Bool = {
        gsl_set_error_handler_off()
        return true
    }()
}

/// A GSL function was asked for something outside its domain.
public struct GSLDomainError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
