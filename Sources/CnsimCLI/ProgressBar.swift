import Foundation
import Synchronization

/// A one-line progress bar on stderr for `cnsim run`: replications done of the total, the
/// simulated time they cover, the wall time so far and an estimate of the time left.
///
/// On a terminal it appears only once the run has taken about a second (short runs stay
/// silent), redraws at most ten times a second from its own thread, and erases its line when
/// finished. Elsewhere (a log file, a CI job) it writes a plain line every `interval` seconds
/// instead, so that a long run is never silent, and leaves the lines in place.
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
        if drawn.load(ordering: .acquiring) { write("\r\u{1B}[K") }
    }

    private var elapsed: Double {
        started.duration(to: .now).seconds
    }

    private func draw() {
        drawn.store(true, ordering: .releasing)
        write("\r" + Self.line(done: done.load(ordering: .acquiring), total: total,
            simulatedPerReplication: simulatedPerReplication, elapsed: elapsed) + "\u{1B}[K")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `[#######.............]  3/10 replications, 9000 s simulated, 4 s elapsed, ~9 s left`.
    /// Without `bar`, the same from `3/10`.
    static func line(done: Int, total: Int, simulatedPerReplication: Double, elapsed: Double, bar: Bool = true) -> String {
        let width = 20
        let filled = total > 0 ? width * done / total : width
        let drawn = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var text = (bar ? "[\(drawn)] " : "") + "\(done)/\(total) replications, "
            + "\(duration(Double(done) * simulatedPerReplication)) simulated, \(duration(elapsed)) elapsed"
        if done > 0, done < total {
            text += ", ~\(duration(elapsed / Double(done) * Double(total - done))) left"
        }
        return text
    }

    /// Seconds as `42 s`, `3m05s` or `2h07m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }
}
