import CloudModel
import Foundation
import SimKernel

/// The events a run will handle, known before it starts, so that a typo of a few zeros (an
/// arrival rate of `1e9/s`, a duration of 100 years) is refused with a number rather than
/// discovered as a run that never ends.
///
/// Each variant's first replication is run on the real model for a simulated time that
/// grows eightfold from 1 ns until it handles `pilotEvents` events or reaches the scenario's duration;
/// the last two pilots give events per unit of offered load (the start-up events, such as
/// scheduling every instance's first arrival, cancel out), which is extrapolated to the load
/// of the whole duration: simulated time, or a runtime's arrivals under its rate schedules.
/// A fast-forwarded runtime's pilots reach past its first settle and sample and extrapolate by
/// simulated time; each change of regime then simulates requests again, which no pilot can
/// foresee, so its cost is given apart: the events of one settle and sample
/// (`eventsPerRegimeChange`). Exact for runs shorter than the pilots; for the rest it assumes each arrival costs later
/// what it cost early on (a late outage with retries makes it an underestimate).
///
/// Memory is measured on the same pilots, where Linux reports it (`ProcessMemory`): the peak
/// resident size the last pilot adds to the process (freed heap handed back first), plus the
/// growth of the time series a replication keeps for the output (replication 0 of each variant)
/// to the full duration, extrapolated by load. A measure of this process, so it varies a little
/// from run to run.
public struct CostEstimate: Sendable, Equatable {
    /// Events of one replication of each variant, in scenario order [count].
    public var eventsPerReplication: [Double]
    /// Events each change of regime adds to a fast-forwarded runtime (its settle and sample,
    /// every request simulated), per variant; 0 without `fast_forward`.
    public var eventsPerRegimeChange: [Double] = []
    /// Replications per variant.
    public var replications: Int
    /// Memory one replication of each variant adds at its peak, its time series included
    /// [bytes]; nil where it cannot be measured.
    public var bytesPerReplication: [Double]? = nil
    /// The time series of replication 0 of each variant, kept until the files are written [bytes].
    public var keptBytes: [Double] = []
    /// Resident size of the process before the pilots: the program and the scenario [bytes].
    public var baseBytes: Double? = nil

    /// Peak resident size of the whole run with `workers` replications at once [bytes]: the
    /// process, the largest replication `workers` times, and every variant's kept time series
    /// with their CSV text at the end (taken as twice the points' own size).
    public func peakBytes(workers: Int) -> Double? {
        guard let bytesPerReplication, let baseBytes else { return nil }
        let concurrent = Double(max(1, min(workers, replications * bytesPerReplication.count)))
        return baseBytes + concurrent * (bytesPerReplication.max() ?? 0) + 3 * keptBytes.reduce(0, +)
    }

    /// Events of the whole run: every variant's replications [count].
    public var totalEvents: Double { eventsPerReplication.reduce(0, +) * Double(replications) }

    /// Most events `cnsim run` starts without `--force`: about half an hour of one core at the
    /// kernel's speed of millions of events a second, times the cores of a large machine.
    public static let maximumEvents = 1e10

    /// Events a pilot may reach before its rate is extrapolated.
    static let pilotEvents = 20_000

    /// - Complexity: at most about 9 × `pilotEvents` events and log₈(duration / 1 ns) model
    ///   builds per variant.
    public static func of(_ scenario: ScenarioDescription) -> CostEstimate {
        let base = ProcessMemory.residentBytes
        let pilots = scenario.variants.map { variant in
            replication(variant.model, seed: scenario.seed, duration: scenario.duration)
        }
        var estimate = CostEstimate(eventsPerReplication: pilots.map(\.events), replications: scenario.replications)
        estimate.eventsPerRegimeChange = scenario.variants.map { variant in
            let window = exactStart(variant.model)
            guard window > 0 else { return 0 }
            let settings = RunSettings(
                seed: scenario.seed, replication: 0, duration: min(window, scenario.duration), warmUp: 0)
            return Double(ScenarioRunner.replicate(variant.model, settings: settings).events)
        }
        estimate.keptBytes = pilots.map(\.kept)
        if let base, pilots.allSatisfy({ $0.bytes != nil }) {
            estimate.baseBytes = base
            estimate.bytesPerReplication = pilots.map { $0.bytes! }
        }
        return estimate
    }

    /// What one pilot of replication 0 measured: events, peak memory added (nil where not
    /// measured), and the time series kept [bytes].
    struct Pilot {
        var events: Double
        var bytes: Double?
        var kept: Double
    }

    /// Events of replication 0 of `model` over `duration`.
    static func eventsPerReplication(_ model: ModelDescription, seed: UInt64, duration: SimTime) -> Double {
        replication(model, seed: seed, duration: duration).events
    }

    /// Events, memory and kept time series of replication 0 of `model` over `duration`, each
    /// extrapolated from the last two pilots by the same load.
    static func replication(_ model: ModelDescription, seed: UInt64, duration: SimTime) -> Pilot {
        var previous: (time: SimTime, pilot: Pilot)?
        var time: SimTime = 1
        while true {
            let length = min(time, duration)
            let settings = RunSettings(seed: seed, replication: 0, duration: length, warmUp: 0, recordsTimeseries: true)
            let measuring = ProcessMemory.startMeasuring()
            let before = ProcessMemory.residentBytes
            let result = ScenarioRunner.replicate(model, settings: settings)
            let peak = ProcessMemory.peakBytes
            var bytes: Double? = nil
            if measuring, let before, let peak { bytes = max(0, peak - before) }
            let pilot = Pilot(
                events: Double(result.events), bytes: bytes,
                kept: Double(result.timeseries.count * MemoryLayout<TimeseriesPoint>.stride))
            if length == duration { return pilot }
            if result.events >= pilotEvents, let previous, previous.time > exactStart(model) {
                let load = (load(model, upTo: previous.time), load(model, upTo: length), load(model, upTo: duration))
                func extrapolated(_ now: Double, _ before: Double) -> Double {
                    let added = now - before
                    let perLoad = added > 0 ? added / (load.1 - load.0) : now / load.1
                    return now + perLoad * (load.2 - load.1)
                }
                // A model's working memory levels off once its queues and histograms are in use;
                // what keeps growing with the run is the time series it records, so the pilot's
                // peak is taken with the time series' growth to the full duration added.
                let kept = pilot.kept + max(0, pilot.kept - previous.pilot.kept) / (load.1 - load.0) * (load.2 - load.1)
                return Pilot(
                    events: extrapolated(pilot.events, previous.pilot.events),
                    bytes: pilot.bytes.map { $0 + kept - pilot.kept }, kept: kept)
            }
            previous = (length, pilot)
            time = length > SimTime.max / 8 ? duration : length * 8
        }
    }

    /// How long a run simulates every request before its cost per unit of load is steady: a
    /// fast-forwarded runtime's first settle and sample, after which its events grow with
    /// simulated time (windows, deploys, changes of regime) rather than with arrivals; else 0.
    static func exactStart(_ model: ModelDescription) -> SimTime {
        guard case .runtime(let runtime) = model, let fast = runtime.fastForward else { return 0 }
        return fast.settle + fast.sample
    }

    /// The work offered in [0, `time`], in units that events grow in proportion to: arrivals
    /// for a runtime's endpoints (whose rate schedules may ramp), else simulated time [ns].
    static func load(_ model: ModelDescription, upTo time: SimTime) -> Double {
        guard case .runtime(let runtime) = model, !runtime.endpoints.isEmpty, runtime.fastForward == nil else {
            return Double(time)
        }
        let rate = runtime.endpoints.reduce(0) { $0 + $1.arrivals.meanRate(over: time) }
        return rate > 0 ? rate * Double(time) : Double(time)
    }

    /// "about 1.2 million events per replication at most (3 variant(s) × 10 replication(s): 36
    /// million events)".
    public var summary: String {
        let perReplication = eventsPerReplication.max() ?? 0
        var text = "about \(Self.format(perReplication)) events per replication at most "
            + "(\(eventsPerReplication.count) variant(s) × \(replications) replication(s): "
            + "\(Self.format(totalEvents)) events)"
        if let perChange = eventsPerRegimeChange.max(), perChange > 0 {
            text += ", plus about \(Self.format(perChange)) per change of regime (`fast_forward`)"
        }
        return text
    }

    /// "peak memory about 45 MiB with 2 jobs", or nil where memory was not measured.
    public func memorySummary(workers: Int) -> String? {
        peakBytes(workers: workers).map { "peak memory about \(Self.bytes($0)) with \(workers) job(s)" }
    }

    /// A size to two significant figures: `45 MiB`, `1.2 GiB`, `3.4 TiB`.
    public static func bytes(_ count: Double) -> String {
        var value = count / 1_048_576
        for unit in ["MiB", "GiB", "TiB", "PiB"] {
            if value < 1_000 || unit == "PiB" {
                let text = value < 10 ? String(format: "%.1f", value) : "\(Int(value.rounded()))"
                return "\(text) \(unit)"
            }
            value /= 1024
        }
        return "\(count) bytes"
    }

    /// A count to two significant figures, in words a reader says: `830`, `67 thousand`,
    /// `1.2 million`, `36 billion`; past a thousand billion, `1.2e+14`.
    public static func format(_ count: Double) -> String {
        guard count >= 10_000 else { return "\(Int(count.rounded()))" }
        let unit = pow(10, (log10(count)).rounded(.down) - 1)
        let rounded = (count / unit).rounded() * unit
        for (scale, word) in [(1e9, "billion"), (1e6, "million"), (1e3, "thousand")] where rounded >= scale {
            guard rounded < 1e12 else { break }
            let value = rounded / scale
            let text = value < 10 ? String(format: "%.1f", value) : "\(Int(value.rounded()))"
            return "\(text) \(word)"
        }
        return String(format: "%.1e", count)
    }
}
