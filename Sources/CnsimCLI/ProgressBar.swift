import Foundation
import Synchronization

/// A one-line progress bar on stderr for `cnsim run`: replications done of the total, the
/// simulated time they cover, the wall time so far and an estimate of the time left.
///
/// On a terminal it appears only once the run has taken about a second (short runs stay
/// silent), redraws at most ten times a second from its own thread, each time erasing the line
/// and fitting it to the terminal's width, and erases its line when finished. Elsewhere (a log
/// file, a CI job) it writes a plain line every `interval` seconds instead, so that a long run
/// is never silent, and leaves the lines in place.
final class ProgressBar: Sendable {
    /// How the progress is shown.
    enum Style: Sendable {
        /// One line redrawn in place, for a terminal.
        case bar
        /// A new line every `interval` seconds [s].
        case lines(interval: Double)
    }

    /// Redraws per second, at most.
    static let redrawsPerSecond = 10.0
    /// Wall time before the bar first appears [s].
    static let delay = 1.0

    private let style: Style
    private let total: Int
    /// Simulated time of one replication [s].
    private let simulatedPerReplication: Double
    private let started = ContinuousClock.now
    private let done = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let drawn = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts the redraw thread.
    init(total: Int, simulatedPerReplication: Double, style: Style = .bar) {
        self.total = total
        self.simulatedPerReplication = simulatedPerReplication
        self.style = style
        Thread.detachNewThread { [self] in
            var linesWritten = 0
            while !stopped.load(ordering: .acquiring) {
                switch style {
                case .bar:
                    if elapsed >= Self.delay { draw() }
                case .lines(let interval):
                    if elapsed >= interval * Double(linesWritten + 1) {
                        linesWritten += 1
                        write("cnsim: " + Self.line(done: done.load(ordering: .acquiring), total: total,
                            simulatedPerReplication: simulatedPerReplication, elapsed: elapsed, bar: false) + "\n")
                    }
                }
                Thread.sleep(forTimeInterval: 1 / Self.redrawsPerSecond)
            }
            exited.signal()
        }
    }

    /// Records that `count` replications have finished; safe from any thread.
    func update(_ count: Int) {
        done.store(count, ordering: .releasing)
    }

    /// Stops redrawing and erases the bar if it was shown.
    func finish() {
        stopped.store(true, ordering: .releasing)
        exited.wait()
        if drawn.load(ordering: .acquiring) { write(Self.clearLine) }
    }

    private var elapsed: Double {
        started.duration(to: .now).seconds
    }

    /// Back to the start of the line, then erase all of it.
    static let clearLine = "\r\u{1B}[2K"

    /// Redraws the line, fitted to the terminal's width as it is now (a resized window counts
    /// from the next redraw).
    private func draw() {
        drawn.store(true, ordering: .releasing)
        write(Self.clearLine + Self.line(done: done.load(ordering: .acquiring), total: total,
            simulatedPerReplication: simulatedPerReplication, elapsed: elapsed, columns: Console.errorColumns))
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Cells of the bar at full width, and the fewest it shrinks to before it is left out.
    static let barCells = 20
    static let fewestBarCells = 5

    /// `[#######.............] 3/10 replications, 9000 s simulated, 4 s elapsed, ~9 s left`.
    /// Without `bar`, the same from `3/10`. With `columns` (a terminal's width), at most
    /// `columns - 1` characters, so that the terminal never wraps the line: the bar shrinks to
    /// `fewestBarCells`, then is left out, then the time left, the wall time and the simulated
    /// time go in turn, and a line still too long is cut.
    static func line(
        done: Int, total: Int, simulatedPerReplication: Double, elapsed: Double, bar: Bool = true, columns: Int? = nil
    ) -> String {
        var parts = [
            "\(done)/\(total) replications", "\(duration(Double(done) * simulatedPerReplication)) simulated",
            "\(duration(elapsed)) elapsed",
        ]
        if done > 0, done < total {
            parts.append("~\(duration(elapsed / Double(done) * Double(total - done))) left")
        }
        let limit = columns.map { max($0 - 1, 1) } ?? Int.max
        if bar {
            let text = parts.joined(separator: ", ")
            // "[" + cells + "] " before the text.
            let cells = min(barCells, limit - text.count - 3)
            if cells >= fewestBarCells {
                let filled = total > 0 ? cells * done / total : cells
                return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled)
                    + "] " + text
            }
        }
        while parts.count > 1, parts.joined(separator: ", ").count > limit { parts.removeLast() }
        return String(parts.joined(separator: ", ").prefix(limit))
    }

    /// Seconds as `42 s`, `3m05s` or `2h07m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }
}
