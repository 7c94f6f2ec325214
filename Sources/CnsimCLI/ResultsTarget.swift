import Foundation
import Reports

/// The folder a run writes to, checked before anything is simulated: a run replaces the whole
/// folder, so it must not be a file, another scenario's results, or a folder of other things.
struct ResultsTarget {
    let folder: URL

    /// - Throws: an invalid-input failure (status 2) naming the folder and the way out, unless
    ///   `force`; a file in the way is refused even then.
    init(path: String, scenario: String, force: Bool) throws {
        folder = URL(fileURLWithPath: path, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw CommandFailure.invalidInput("cnsim: \(folder.path) is a file; a run writes a folder there")
        }
        // Replacing the folder the user works in, or one holding it, would delete their work:
        // refused even with --force.
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let target = folder.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        if here.standardizedFileURL.resolvingSymlinksInPath().pathComponents.starts(with: target) {
            throw CommandFailure.invalidInput(
                "cnsim: \(folder.path) holds the current folder; a run replaces its whole --out folder, so "
                    + "choose a folder of its own, like results/NAME")
        }
        guard !force else { return }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if let owner = RunMetadata.scenario(inFolder: folder) {
            guard owner == scenario else {
                throw CommandFailure.invalidInput(
                    "cnsim: \(folder.path) holds the results of scenario `\(owner)`, not `\(scenario)`; "
                        + "choose another --out, or give --force to replace them")
            }
        } else if !contents.isEmpty {
            throw CommandFailure.invalidInput(
                "cnsim: \(folder.path) is not empty and holds no run.json, so it is not a results folder; "
                    + "a run replaces the whole folder: choose another --out, or give --force")
        }
    }

    /// Writes `files` as the folder's whole content; a failure is an internal one (status 1)
    /// and leaves the previous folder as it was.
    func write(_ files: [(name: String, data: Data)]) throws {
        do {
            try WholeFolder.write(files, to: folder)
        } catch {
            throw CommandFailure.internalFailure("cnsim: cannot write \(folder.path): \(error.localizedDescription)")
        }
    }
}
