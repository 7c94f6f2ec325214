import Foundation

/// Writes whole files or nothing: the bytes go to a temporary file in the same folder, which is
/// then renamed over the target, so an interrupted run never leaves a half-written file.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        try writeAll([(data, url)])
    }

    /// Writes several files of one folder as one unit: every temporary file is written first,
    /// and only when all are on disk are they renamed over their targets, back to back. A full
    /// disk or any other failure while writing leaves every target as it was and no temporary
    /// file behind; a kill leaves the old set or the new one, but in the instant between two
    /// renames. Temporary files a killed writer left for these targets are removed first.
    public static func writeAll(_ files: [(data: Data, url: URL)]) throws {
        let manager = FileManager.default
        var temporaries: [URL] = []
        do {
            for (data, url) in files {
                let folder = url.deletingLastPathComponent()
                try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                removeAbandoned(for: url)
                var isFolder: ObjCBool = false
                if manager.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                    throw CocoaError(
                        .fileWriteFileExists,
                        userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: "\(url.path) is a folder"])
                }
                let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
                temporaries.append(temporary)
                try data.write(to: temporary)
            }
            for (temporary, file) in zip(temporaries, files) {
                guard rename(temporary.path, file.url.path) == 0 else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.url.path])
                }
            }
        } catch {
            for temporary in temporaries { try? manager.removeItem(at: temporary) }
            throw error
        }
    }

    /// Removes `.NAME.PID.tmp` files of `url` left by writers that were killed.
    private static func removeAbandoned(for url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
