import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a folder of files as one unit: every file goes into a fresh hidden sibling
/// (`.NAME.cnsim-PID`), which then takes the folder's place in one atomic exchange, and the
/// previous folder is removed only after. A kill at any moment leaves at `folder` either the
/// whole previous folder or the whole new one, never a mix, and files of an earlier run cannot
/// survive beside new ones. A sibling left by a killed run is removed by the next write.
public enum WholeFolder {
    /// Writes `files` as the whole content of `folder`, replacing whatever was there.
    ///
    /// - Throws: the file system's error (a full disk, a read-only target); `folder` is then
    ///   as it was, and the sibling is removed.
    public static func write(_ files: [(name: String, data: Data)], to folder: URL) throws {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let prefix = ".\(folder.lastPathComponent).cnsim-"
        removeAbandonedSiblings(in: parent, prefix: prefix)
        let staging = parent.appendingPathComponent("\(prefix)\(getpid())", isDirectory: true)
        try? manager.removeItem(at: staging)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                try file.data.write(to: staging.appendingPathComponent(file.name))
            }
            if manager.fileExists(atPath: folder.path) {
                try exchange(staging, folder)
            } else {
                try check(rename(staging.path, folder.path), staging)
                return
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        // `staging` now holds the previous folder: removing it can fail without harm.
        try? manager.removeItem(at: staging)
    }

    /// Swaps two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`, macOS `RENAME_SWAP`);
    /// where the file system cannot, moves `b` aside, `a` in, leaving a short window in which
    /// `b` is found under its sibling's name only.
    private static func exchange(_ a: URL, _ b: URL) throws {
        #if canImport(Glibc)
            if let renameat2 = Self.renameat2,
                renameat2(AT_FDCWD, a.path, AT_FDCWD, b.path, 2 /* RENAME_EXCHANGE */) == 0
            {
                return
            }
        #elseif canImport(Darwin)
            if renamex_np(a.path, b.path, UInt32(RENAME_SWAP)) == 0 { return }
        #endif
        let aside = a.appendingPathExtension("old")
        try check(rename(b.path, aside.path), b)
        guard rename(a.path, b.path) == 0 else {
            let failure = errno
            _ = rename(aside.path, b.path)
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO, userInfo: [NSFilePathErrorKey: b.path])
        }
        try check(rename(aside.path, a.path), aside)
    }

    #if canImport(Glibc)
        private typealias RenameAt2 = @convention(c) (
            Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
        ) -> Int32
        /// glibc has `renameat2` since 2.28, but Swift's Glibc module does not declare it.
        private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map {
            unsafeBitCast($0, to: RenameAt2.self)
        }
    #endif

    /// Removes siblings named `prefix` + the id of a process no longer running.
    private static func removeAbandonedSiblings(in parent: URL, prefix: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let id = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = pid_t(id), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Throws the POSIX error of a failed call (`status` non-zero) about `url`.
    private static func check(_ status: Int32, _ url: URL) throws {
        guard status != 0 else { return }
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO, userInfo: [NSFilePathErrorKey: url.path])
    }
}
