import Foundation
import SimKernel
import Testing

@testable import CloudModel

/// Error faults in the runtime: repaired after an alert (`repair`), combined as independent
/// causes, and arriving at random (`random_errors`).
@Suite struct RuntimeRepairTests {
    /// The talk's worked example with `repair: 2m`: every call fails from 2m20s; the alert is at
    /// 8m00 by the minute (2m25 by the second), the action a minute later, the repair two
    /// minutes after that. Time to restore: 11m00 − 2m20 = 520 s (5m25 − 2m20 = 185 s). The
    /// requests failed in between are the 100/s arrivals of those seconds: Poisson, within 4√n.
    @Test(arguments: [(60.0, 660.0), (1, 325)])
    func repairEndsTheFault(resolution: Double, restored: Double) {
        var monitoring = RuntimeMonitoringSpec(pipeline: talkPipeline(resolution: resolution))
        monitoring.repair = .constant(120)
        let spec = watchedServices(
            ["api"], rate: 100, chaos: [.errors(service: "api", probability: 1, from: at(140), to: at(3_000))],
            monitoring: monitoring)
        let result = monitoredRun(spec, seconds: 900)
        #expect(value(of: "time_to_restore_mean", in: result) == restored - 140)
        let failed = value(of: "failed_requests_per_fault", in: result)
        let expected = 100 * (restored - 140)
        #expect(abs(failed - expected) < 4 * expected.squareRoot(), "failed \(failed), expected \(expected)")
        // After the repair nothing fails: all the run's failures are the fault's.
        #expect(value(of: "failed", in: result) == failed)
        let faults = rows("faults", in: result)
        #expect(faults.first?["end_s"] == .number(restored))
        #expect(faults.first?["status"] == .text("detected"))
    }

    /// Without `repair`, an alert leaves the fault alone: it lasts to its `to`.
    @Test func noRepairLeavesTheFault() {
        let spec = watchedServices(
            ["api"], rate: 100, chaos: [.errors(service: "api", probability: 1, from: at(140), to: at(700))],
            monitoring: RuntimeMonitoringSpec(pipeline: talkPipeline(resolution: 1)))
        let result = monitoredRun(spec, seconds: 900)
        #expect(value(of: "time_to_restore_mean", in: result) == 560)
    }

    /// Two faults of 50% on one service: a call fails unless both spare it, 75% while both are in
    /// force, [0, 100 s); 50% once the first has ended and the other is still in force,
    /// [100 s, 150 s). Binomial counts of the service's calls in each span, within 4 standard
    /// deviations.
    @Test func faultsCombineAsIndependentCauses() {
        let spec = watchedServices(
            ["api"], rate: 200,
            chaos: [
                .errors(service: "api", probability: 0.5, from: at(0), to: at(100)),
                .errors(service: "api", probability: 0.5, from: at(0), to: at(150)),
            ],
            monitoring: RuntimeMonitoringSpec(pipeline: immediatePipeline(resolution: 1, threshold: 2)))
        let result = monitoredRun(spec, seconds: 200)
        let faults = rows("faults", in: result)
        #expect(faults.count == 2)
        // failed_requests_per_fault: the mean of the failures during each: [0, 100) and [0, 150).
        let during = (first: 200 * 100 * 0.75, second: 200 * 100 * 0.75 + 200 * 50 * 0.5)
        let expected = (during.first + during.second) / 2
        let failed = value(of: "failed_requests_per_fault", in: result)
        #expect(abs(failed - expected) < 4 * expected.squareRoot(), "failed \(failed), expected \(expected)")
        let all = value(of: "failed", in: result)
        #expect(abs(all - during.second) < 4 * during.second.squareRoot(), "failed \(all), expected \(during.second)")
    }

    /// Incidents at 1 a minute over 4 hours, each healing after an exponential 2 minutes, never
    /// alerted on (threshold above 1): about 240 of them (Poisson, within 4√n), their mean time
    /// to restore inside 4 standard errors of 120 s, failure shares uniform in [0.2, 0.6].
    @Test func randomIncidentsArriveAndHeal() {
        let incidents = RandomIncidents(rate: 1.0 / 60, minErrorRatio: 0.2, maxErrorRatio: 0.6, duration: .exponential(mean: 120))
        let spec = watchedServices(
            ["api"], rate: 20, chaos: [.randomErrors(service: "api", incidents: incidents)],
            monitoring: RuntimeMonitoringSpec(pipeline: immediatePipeline(resolution: 1, threshold: 2)))
        let result = monitoredRun(spec, seconds: 4 * 3_600)
        let count = value(of: "faults", in: result)
        #expect(abs(count - 240) < 4 * 240.0.squareRoot(), "faults \(count)")
        let restore = value(of: "time_to_restore_mean", in: result)
        #expect(abs(restore - 120) < 4 * 120 / count.squareRoot(), "time to restore \(restore)")
        let faults = rows("faults", in: result)
        #expect(faults.first?["chaos_item"] == .text("1 incident 1"))
        #expect(faults.first?["chaos"] == .text("random_errors"))
        #expect(value(of: "missed_ratio", in: result) == 1)
    }
}
