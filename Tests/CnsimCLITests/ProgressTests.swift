import Foundation
import Testing

@Suite("Progress bar")
struct ProgressTests {
    /// Long enough (3 variants × 30 replications, a few seconds on one worker) for the bar to appear.
    static let arguments = ["run", "scenarios/mmc.yaml", "--jobs", "1", "--replications", "30"]

    @Test("stderr not a terminal: no progress characters, stdout only the table")
    func notATerminal() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(Self.arguments + ["--out", folder.path])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.isEmpty, "stderr: \(outcome.stderr.debugDescription)")
        #expect(!outcome.stdout.contains("\r") && !outcome.stdout.contains("\u{1B}"))
        #expect(!outcome.stdout.contains("replications,"))
    }

    /// `script` (util-linux) runs the command on a pseudo-terminal.
    @Test(
        "on a terminal the bar appears, then its line is erased",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux `script`"))
    func onATerminal() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = ([CommandRunner.executable.path] + Self.arguments + ["--out", folder.path]).joined(separator: " ")
        let outcome = try CommandRunner.run(
            ["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("/90 replications, "))
        #expect(outcome.stdout.contains("simulated, "))
        // Erased before the table is printed.
        let erase = try #require(outcome.stdout.range(of: "\r\u{1B}[K", options: .backwards))
        let table = try #require(outcome.stdout.range(of: "metric "))
        #expect(erase.upperBound <= table.lowerBound)

        let quiet = try CommandRunner.run(
            ["-qec", command + " --quiet", "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("replications"), "--quiet shows no bar")
    }

    @Test("stderr not a terminal: a plain progress line every --progress-every seconds, none with --quiet")
    func linesWhenNotATerminal() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = Self.arguments + ["--out", folder.path, "--progress-every", "0.2"]
        let outcome = try CommandRunner.run(arguments)
        #expect(outcome.status == 0)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("cnsim: ") && $0.contains("/90 replications, ") })
        #expect(!outcome.stderr.contains("\r") && !outcome.stderr.contains("\u{1B}"))
        let quiet = try CommandRunner.run(arguments + ["--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }
}
