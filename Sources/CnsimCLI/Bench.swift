import ArgumentParser
import CloudModel
import Foundation
import SimKernel

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the kernel's speed: events per second on reference models.",
        discussion: """
            Build with `swift build -c release` first: a debug build is 10-50 times slower. \
            The M/M/4 case runs at utilisation 0.8 with full statistics (tallies, time-weighted \
            averages and HdrHistogram percentiles).
            """
    )

    @Option(help: "Customers in the M/M/4 case.")
    var customers: Int = 1_000_000

    func validate() throws {
        if customers < 1 { throw ValidationError("--customers expects a whole number of at least 1") }
    }

    func run() throws {
        Console.out("case                   events     wall s   events/s   peak RSS MiB\n")
        report(BenchCase.mm4(customers: customers))
    }

    func report(_ benchCase: BenchCase) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = Replication.run(benchCase.model, settings: benchCase.settings)
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let numbers = String(
            format: " %10d %10.3f %10.0f %14.1f\n", result.events, seconds, Double(result.events) / seconds,
            peakResidentMiB())
        Console.out(benchCase.name.padding(toLength: 18, withPad: " ", startingAt: 0) + numbers)
    }

    /// Largest resident set of this process so far [MiB].
    func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// A reference model for `cnsim bench`.
struct BenchCase {
    var name: String
    var model: ModelSpec
    var settings: RunSettings

    /// M/M/4 at utilisation 0.8: service mean 1 s, arrivals 3.2/s, run long enough for
    /// `customers` arrivals on average.
    static func mm4(customers: Int) -> BenchCase {
        let rate = 3.2
        let model = ModelSpec(
            services: [ServiceSpec(name: "server", servers: 4)],
            requests: [
                RequestTypeSpec(
                    name: "customer", interarrival: .exponential(mean: 1 / rate),
                    path: [CallSpec(service: "server", serviceTime: .exponential(mean: 1))])
            ])
        let duration = SimTime(seconds: Double(customers) / rate)
        return BenchCase(
            name: "mm4-rho0.8", model: model,
            settings: RunSettings(seed: 1, replication: 0, duration: duration, warmUp: 0))
    }
}
