import CloudModel
import Foundation
import SimKernel
import Testing

@testable import Scenario

/// The event estimate against the events a replication actually handles.
@Suite struct CostEstimateTests {
    static let scenarioFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static let shipped: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: scenarioFolder.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test("counts are written to two significant figures, in words up to billions")
    func countsInWords() {
        let cases: [(Double, String)] = [
            (830, "830"), (9_999.4, "9999"), (67_012, "67 thousand"), (789_401, "790 thousand"),
            (999_700, "1.0 million"), (1_234_567, "1.2 million"), (36_400_000_000, "36 billion"),
            (1.2e14, "1.2e+14"),
        ]
        for (count, text) in cases { #expect(CostEstimate.format(count) == text, "\(count)") }
    }

    @Test("sizes are written to two significant figures in binary units")
    func sizesInWords() {
        let cases: [(Double, String)] = [
            (27 * 1_048_576, "27 MiB"), (2.5 * 1_048_576, "2.5 MiB"), (1_500 * 1_048_576, "1.5 GiB"),
            (4.4e12, "4.0 TiB"),
        ]
        for (count, text) in cases { #expect(CostEstimate.bytes(count) == text, "\(count)") }
    }

    /// Each variant's estimate and measured events of replication 0, within a factor of 2. A
    /// fast-forwarded runtime's changes of regime are counted by the run: the estimate plus that
    /// many times the cost of one change (an upper bound: a regime seen before only settles)
    /// must reach half the measure, and the estimate alone not exceed twice it.
    static func check(_ scenario: ScenarioDescription) -> [(variant: String, estimate: Double, measured: Int)] {
        let estimate = CostEstimate.of(scenario)
        return scenario.variants.indices.map { index in
            let (variant, estimated) = (scenario.variants[index], estimate.eventsPerReplication[index])
            let settings = RunSettings(seed: scenario.seed, replication: 0, duration: scenario.duration, warmUp: 0)
            let result = ScenarioRunner.replicate(variant.model, settings: settings)
            let measured = result.events
            let changes = result.metrics.first { $0.name == "fast_forward.regime_changes" }?.value ?? 0
            let withChanges = estimated + changes * estimate.eventsPerRegimeChange[index]
            #expect(
                withChanges >= Double(measured) / 2 && estimated <= Double(measured) * 2,
                "\(scenario.name)/\(variant.name): estimated \(estimated) + \(changes) changes, measured \(measured)")
            return (variant.name, estimated, measured)
        }
    }

    /// Every shipped scenario, cut to about 100 000 events per replication so that the
    /// estimate extrapolates its pilots (of 20 000 events) fivefold or more.
    @Test(arguments: shipped) func withinAFactorOfTwoOnAShortenedShippedScenario(_ file: String) throws {
        var scenario = try ScenarioLoader.load(path: Self.scenarioFolder.appendingPathComponent(file).path)
        let full = CostEstimate.of(scenario).eventsPerReplication.max() ?? 0
        if full > 100_000 {
            scenario.duration = SimTime(Double(scenario.duration) * 100_000 / full)
        }
        scenario.warmUp = 0
        _ = Self.check(scenario)
    }

    /// `CNSIM_ESTIMATE_REPORT=1`: every shipped scenario at full length, printed.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CNSIM_ESTIMATE_REPORT"] == "1"))
    func fullLengthReport() throws {
        for file in Self.shipped {
            let scenario = try ScenarioLoader.load(path: Self.scenarioFolder.appendingPathComponent(file).path)
            for row in Self.check(scenario) {
                print("estimate \(file) \(row.variant): \(Int(row.estimate)) estimated, \(row.measured) measured")
            }
        }
    }

    @Test func aRunShorterThanThePilotsIsExact() throws {
        let scenario = try ScenarioLoader.parse(yaml: "name: m\nduration: 10s\n" + minimalModel, file: "test.yaml")
        let measured = ScenarioRunner.replicate(
            scenario.variants[0].model, settings: RunSettings(seed: 1, replication: 0, duration: 10 * 1_000_000_000, warmUp: 0))
        #expect(CostEstimate.of(scenario).eventsPerReplication == [Double(measured.events)])
    }

    @Test func aRateFasterThanTheClockIsRefused() {
        let yaml = "name: m\nduration: 1m\n" + minimalModel.replacingOccurrences(of: "10/s", with: "1e15/s")
        #expect(located(yaml) == [
            "8:21: `arrival_rate` expects at most 1000000000/s (one a nanosecond, the clock's tick), found `1e15/s`"
        ])
    }
}
