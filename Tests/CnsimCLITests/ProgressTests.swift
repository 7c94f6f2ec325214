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
        let erase = try #require(outcome.stdout.range(of: "\r\u{1B}[2K", options: .backwards))
        let table = try #require(outcome.stdout.range(of: "metric "))
        #expect(erase.upperBound <= table.lowerBound)

        let quiet = try CommandRunner.run(
            ["-qec", command + " --quiet", "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("replications"), "--quiet shows no bar")
    }

    /// Each redraw starts with `\r ESC[2K`; what follows it up to the next one is one drawing,
    /// but after the last one (the bar erased) comes the table.
    static func drawings(_ output: String) -> [String] {
        Array(output.components(separatedBy: "\r\u{1B}[2K").dropFirst().dropLast())
    }

    /// `stty` narrows the pseudo-terminal `script` opens; the bar reads the width at each redraw.
    @Test(
        "on a narrow terminal every drawing fits in one line: the bar shrinks, then parts are left out",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux `script`"))
    func fitsTheTerminal() throws {
        for (columns, expected) in [(80, "] "), (40, "replications, "), (20, "replications")] {
            let folder = try CommandRunner.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let command = ([CommandRunner.executable.path] + Self.arguments + ["--out", folder.path]).joined(separator: " ")
            let outcome = try CommandRunner.run(
                ["-qec", "stty cols \(columns) rows 24; " + command, "/dev/null"],
                executable: URL(fileURLWithPath: "/usr/bin/script"))
            #expect(outcome.status == 0, "\(outcome.stdout)")
            let drawings = Self.drawings(outcome.stdout)
            #expect(!drawings.isEmpty, "no progress drawn at \(columns) columns")
            for drawing in drawings {
                #expect(drawing.count < columns, "\(columns) columns: \(drawing.debugDescription)")
                #expect(drawing.contains(expected), "\(columns) columns: \(drawing.debugDescription)")
            }
        }
    }

    /// The check a user makes: a run in a tmux window of 60, 80 and 160 columns, the pane read
    /// while the bar is drawn and after the run. The bar never wraps (`capture-pane -J` joins
    /// wrapped lines, so a wrapped line would be longer than the window) and leaves no line
    /// behind.
    @Test(
        "under tmux at 60, 80 and 160 columns the bar fits and leaves no stale line",
        .enabled(if: ExportToolTests.which("tmux") != nil, "tmux is not installed (apt-get install tmux) — skipped"),
        arguments: [60, 80, 160])
    func underTmux(_ columns: Int) throws {
        let folder = try CommandRunner.temporaryFolder()
        // The server's socket in the test's folder, removed with it.
        let socket = folder.appendingPathComponent("tmux.socket").path
        // A short path, so that the `wrote PATH` lines fit in 60 columns.
        let out = "/tmp/cnsim-\(UUID().uuidString.prefix(8))"
        defer {
            // Not kill-server: that is a SIGTERM to itself, which the test's blocked signals hold
            // back; the server ends with its last session.
            _ = try? Self.tmux(["-S", socket, "kill-session"], folder: folder)
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(atPath: out)
        }
        // The pane stays after the run so that it can be read.
        let configuration = folder.appendingPathComponent("tmux.conf")
        try "set -g remain-on-exit on\n".write(to: configuration, atomically: true, encoding: .utf8)
        // A generous deadline: the suite runs the three widths and much else at once, and a loaded
        // machine (CI beside other work) must not fail the check by the clock.
        let command = [CommandRunner.executable.path, "run", "scenarios/zone-outage.yaml", "--out", out]
            .joined(separator: " ") + "; echo cnsim-exit-$?"
        let (started, message) = try Self.tmux([
            "-S", socket, "-f", configuration.path, "new-session", "-d", "-x", "\(columns)", "-y", "24",
            "-c", CommandRunner.packageRoot.path, command,
        ], folder: folder)
        try #require(started == 0, "\(message)")
        var duringRun: [String] = []
        var final = ""
        let deadline = Date().addingTimeInterval(900)
        while Date() < deadline {
            let (status, pane) = try Self.tmux(["-S", socket, "capture-pane", "-p", "-J", "-S", "-"], folder: folder)
            try #require(status == 0, "\(pane)")
            if pane.contains("cnsim-exit-") {
                final = pane
                break
            }
            duringRun += pane.split(separator: "\n").map(String.init).filter { $0.contains(Self.drawn) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(final.contains("cnsim-exit-0"), "the run did not finish: \(final)")
        #expect(!duringRun.isEmpty, "no progress bar seen at \(columns) columns")
        for line in duringRun {
            #expect(line.count < columns, "\(columns) columns, a progress line of \(line.count): \(line)")
        }
        let lines = final.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.contains(Self.drawn) }, "a stale progress line at \(columns) columns:\n\(final)")
        #expect(lines.contains { $0.hasPrefix("metric ") }, "no table at \(columns) columns:\n\(final)")
        for line in lines {
            #expect(line.count <= columns, "\(columns) columns, a line of \(line.count):\n\(final)")
        }
    }

    /// What every drawing of zone-outage's bar holds.
    static let drawn = "/10 replications"

    /// Runs tmux with its output in a file, through bash closing every descriptor but 0-2: the
    /// tmux server it starts lives on after the command and would hold open the descriptor by
    /// which Foundation learns that the command has ended (and a pipe).
    static func tmux(_ arguments: [String], folder: URL) throws -> (Int32, String) {
        let output = folder.appendingPathComponent("tmux-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c",
            #"for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null; done; exec "$@""#,
            "bash", try #require(ExportToolTests.which("tmux")),
        ] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8))
    }
}
