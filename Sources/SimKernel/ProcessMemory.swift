import CGSL
import Foundation

/// The process's memory as Linux reports it in `/proc`: resident size, its peak since the last
/// reset, and the memory the machine has available. Nil wherever `/proc` does not say (another
/// system, a sandbox).
public enum ProcessMemory {
    /// Returns freed heap to the system, then makes the peak resident size the current one
    /// (`/proc/self/clear_refs`, Linux 4.0). False when the peak cannot be reset.
    public static func startMeasuring() -> Bool {
        cnsim_malloc_trim()
        return (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// Peak resident size since the last `startMeasuring` (VmHWM) [bytes].
    public static var peakBytes: Double? { field("VmHWM", in: "/proc/self/status") }

    /// Resident size now (VmRSS) [bytes].
    public static var residentBytes: Double? { field("VmRSS", in: "/proc/self/status") }

    /// Memory the machine can give new work without swapping (MemAvailable) [bytes].
    public static var availableBytes: Double? { field("MemAvailable", in: "/proc/meminfo") }

    /// The `NAME: N kB` line of a `/proc` file, in bytes.
    private static func field(_ name: String, in file: String) -> Double? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kilobytes = Double(parts[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
