import Foundation
import Reports

/// Writes one output file atomically; a failure is an internal one (status 1) naming the path.
func writeOutput(_ data: Data, to url: URL) throws {
    do {
        try AtomicFile.write(data, to: url)
    } catch {
        throw CommandFailure.internalFailure("cnsim: cannot write \(url.path): \(error.localizedDescription)")
    }
}
