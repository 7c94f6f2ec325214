import Foundation
import Testing

/// Runs and exports onto a full disk: a small tmpfs, mounted for the test where this process may
/// mount one (root with CAP_SYS_ADMIN, as in CI's container); skipped with a message elsewhere.
@Suite("A full disk", .serialized)
struct FullDiskTests {
    /// Runs `program` with `arguments`, returning its exit status.
    @discardableResult
    static func system(_ program: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A fresh folder with a `kib` KiB tmpfs mounted on it; nil when mounting is not allowed.
    static func tinyDisk(kib: Int) throws -> URL? {
        let folder = try CommandRunner.temporaryFolder()
        guard FileManager.default.fileExists(atPath: "/bin/mount"),
            try system("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kib)k", "tmpfs", folder.path]) == 0
        else {
            try? FileManager.default.removeItem(at: folder)
            return nil
        }
        return folder
    }

    static func unmount(_ folder: URL) {
        _ = try? system("/bin/umount", [folder.path])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Fills the disk holding `folder` with one file, then gives back `leaving` bytes.
    static func fill(_ folder: URL, leaving: Int = 0) throws {
        let filler = folder.appendingPathComponent("filler")
        try system("/bin/dd", ["if=/dev/zero", "of=\(filler.path)", "bs=4k"])
        guard leaving > 0 else { return }
        let size = try FileManager.default.attributesOfItem(atPath: filler.path)[.size] as? Int ?? 0
        let handle = try FileHandle(forWritingTo: filler)
        try handle.truncate(atOffset: UInt64(max(0, size - leaving)))
        try handle.close()
    }

    /// Every file under `folder`, by relative path, with its bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test("run on a full disk: exit 1, the previous results folder whole, nothing left over")
    func previousResultsSurvive() throws {
        guard let disk = try Self.tinyDisk(kib: 1_024) else {
            print("skipped: this process may not mount a tmpfs, so a full disk cannot be made")
            return
        }
        defer { Self.unmount(disk) }
        let out = disk.appendingPathComponent("out")
        let first = try CommandRunner.run(["run", Self.scenario, "--quiet", "--replications", "2", "--out", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let results = try Self.snapshot(out)
        #expect(results["summary.csv"] != nil)
        try Self.fill(disk)
        let second = try CommandRunner.run(
            ["run", Self.scenario, "--quiet", "--replications", "2", "--seed", "7", "--out", out.path, "--force"])
        #expect(second.status == 1, "\(second.stderr)")
        #expect(try Self.snapshot(out) == results, "the previous results folder, whole")
        let left = try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted()
        #expect(left == ["filler", "out"], "no staging folder left")
    }

    /// Room for the new notebook but not the new page: the export writes neither, so the page and
    /// the notebook on disk still describe the same results.
    @Test("export on a nearly full disk: exit 1, the previous notebook and page together, nothing left over")
    func previousPagesSurviveTogether() throws {
        guard let disk = try Self.tinyDisk(kib: 1_024) else {
            print("skipped: this process may not mount a tmpfs, so a full disk cannot be made")
            return
        }
        defer { Self.unmount(disk) }
        let (one, two) = (disk.appendingPathComponent("one"), disk.appendingPathComponent("two"))
        let pages = disk.appendingPathComponent("pages")
        for (folder, seed) in [(one, "1"), (two, "7")] {
            let run = try CommandRunner.run(
                ["run", Self.scenario, "--quiet", "--replications", "2", "--seed", seed, "--out", folder.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let exported = try CommandRunner.run(["export", one.path, "--to", pages.path, "--quiet"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let notebooks = try Self.snapshot(pages)
        let notebook = try #require(notebooks["mm1.ipynb"]).count
        let page = try #require(notebooks["mm1.html"]).count
        #expect(page > notebook + 8_192, "the page must not fit where the notebook does")
        try Self.fill(disk, leaving: notebook + 8_192)
        let again = try CommandRunner.run(["export", two.path, "--to", pages.path, "--quiet"])
        #expect(again.status == 1, "\(again.stderr)")
        #expect(try Self.snapshot(pages) == notebooks, "the previous notebook and page, together")
    }

    static let scenario = CommandRunner.packageRoot.appendingPathComponent("scenarios/mm1.yaml").path
}
