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
/// Exact for runs shorter than the pilots; for the rest it assumes each arrival costs later
/// what it cost early on (a late outage with retries makes it an underestimate).
public struct CostEstimate: Sendable, Equatable {
    /// Events of one replication of each variant, in scenario order [count].
    public var eventsPerReplication: [Double]
    /// Replications per variant.
    public var replications: Int

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
        let events = scenario.variants.map { variant in
            eventsPerReplication(variant.model, seed: scenario.seed, duration: scenario.duration)
        }
        return CostEstimate(eventsPerReplication: events, replications: scenario.replications)
    }

    /// Events of replication 0 of `model` over `duration`.
    static func eventsPerReplication(_ model: ModelDescription, seed: UInt64, duration: SimTime) -> Double {
        var previous: (time: SimTime, events: Int)?
        var time: SimTime = 1
        while true {
            let length = min(time, duration)
            let settings = RunSettings(seed: seed, replication: 0, duration: length, warmUp: 0)
            let events = ScenarioRunner.replicate(model, settings: settings).events
            if length == duration { return Double(events) }
            if events >= pilotEvents, let previous {
                let added = Double(events - previous.events)
                let load = (load(model, upTo: previous.time), load(model, upTo: length), load(model, upTo: duration))
                let perLoad = added > 0 ? added / (load.1 - load.0) : Double(events) / load.1
                return Double(events) + perLoad * (load.2 - load.1)
            }
            previous = (length, events)
            time = length > SimTime.max / 8 ? duration : length * 8
        }
    }

    /// The work offered in [0, `time`], in units that events grow in proportion to: arrivals
    /// for a runtime's endpoints (whose rate schedules may ramp), else simulated time [ns].
    static func load(_ model: ModelDescription, upTo time: SimTime) -> Double {
        guard case .runtime(let runtime) = model, !runtime.endpoints.isEmpty else { return Double(time) }
        let rate = runtime.endpoints.reduce(0) { $0 + $1.arrivals.meanRate(over: time) }
        return rate > 0 ? rate * Double(time) : Double(time)
    }

    /// "about 1.2 million events per replication at most (3 variant(s) × 10 replication(s): 36
    /// million events)".
    public var summary: String {
        let perReplication = eventsPerReplication.max() ?? 0
        return "about \(Self.format(perReplication)) events per replication at most "
            + "(\(eventsPerReplication.count) variant(s) × \(replications) replication(s): "
            + "\(Self.format(totalEvents)) events)"
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
