import SimKernel
import Testing

@testable import CloudModel

/// Recovery paths traced by hand: a monolith fix that waits for the next train, and a bad
/// microservice deploy the canary misses, rolled back with its old group kept or relaunched.
@Suite struct DeliveryRecoveryTests {
    /// Monolith without a hotfix path (else as in `DeliveryWorkedExampleTests`), two days.
    ///
    /// - Bad change ready at 0: train 1 000, QA to 1 500, rollout; error 0.5 from 1 600, full 1 700.
    /// - Action at 1 610; the fix is ready 1 h later (5 210) and waits for the train at 87 400;
    ///   QA to 87 900; batch [87 900, 88 000) leaves the 2 old (bad) servers serving, batch
    ///   [88 000, 88 100) the fixed ones: error 0 from 88 000, full at 88 100.
    /// - TTR 88 100 − 1 500 = 86 600 s. Failed 100/s × 0.5 × (88 000 − 1 600) s = 4 320 000.
    ///   Deploys 2 in 2 days (1/d), one bad; the fix is not a developer's change for lead time.
    @Test func monolithFixRidesTheNextTrain() {
        guard case .monolith(var monolith) = DeliveryFixtures.monolith else { return }
        monolith.train.hotfix = nil
        let spec = DeliveryFixtures.spec(.monolith(monolith))
        let report = DeliveryFixtures.run(spec, changes: [(0, true)], days: 2)
        #expect(report.metric("deploys") == 2)
        #expect(report.metric("deployment_frequency") == 1)
        #expect(report.metric("hotfixes") == 0)
        #expect(report.metric("change_failure_rate") == 0.5)
        #expect(report.metric("time_to_restore_mean") == 86_600)
        #expect(abs(report.metric("failed_requests") - 4_320_000) < 1e-3)
        #expect(report.metric("lead_time_mean") == 1_700)
        #expect(report.metric("changes") == 1)
    }

    /// Microservices with a 5 s bake, shorter than the 10 s window: the canary's first datapoint
    /// [60, 70) is not complete when traffic moves at 65, so the canary misses the bad change.
    ///
    /// - Service error ratio: 10% × 0.5 = 0.05 on [60, 65), 0.5 from 65. Watched from 65: window
    ///   [60, 70) averages 0.275 > 0.2 → alert and action at 70.
    /// - Old group kept 1 h: traffic back at 75. TTR 15 s; failed 100 × 0.05 × 5 + 100 × 0.5 × 10
    ///   = 525.
    /// - Old group not kept (terminated at 65): relaunched at 70, boot 60 s + rollback 5 s →
    ///   back at 135. TTR 75 s; failed 25 + 100 × 0.5 × 70 = 3 525. The fixed change returns at
    ///   135 + 3 600 = 3 735, full at 3 735 + 60 + 5 = 3 800: lead time 3 800 s. Groups: initial
    ///   [0, 65), bad [0, 135), relaunched [70, 3 800), fixed [3 735, 86 400): 2 × 86 595 s =
    ///   48.108 instance-hours.
    @Test(arguments: [3_600.0, 0])
    func canaryMissedThenRolledBack(keepOld: Double) {
        let micro = MicroserviceDelivery(
            bootTime: .constant(60), canaryShare: 0.1, bake: DeliveryFixtures.seconds(5), rollbackTime: .constant(5),
            keepOld: DeliveryFixtures.seconds(keepOld))
        let report = DeliveryFixtures.run(DeliveryFixtures.spec(.microservices(micro)), changes: [(0, true)])
        #expect(report.metric("time_to_detect_mean") == 10)
        #expect(report.metric("rollbacks") == 1)
        #expect(report.metric("lead_time_mean") == (keepOld > 0 ? 3_740 : 3_800))
        if keepOld > 0 {
            #expect(report.metric("time_to_restore_mean") == 15)
            #expect(abs(report.metric("failed_requests") - 525) < 1e-6)
        } else {
            #expect(report.metric("time_to_restore_mean") == 75)
            #expect(abs(report.metric("failed_requests") - 3_525) < 1e-6)
            #expect(abs(report.metric("instance_hours") - 2 * 86_595.0 / 3_600) < 1e-9)
        }
    }
}
