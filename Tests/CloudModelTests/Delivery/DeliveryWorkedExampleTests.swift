import SimKernel
import Testing

@testable import CloudModel

/// DORA measures on cases traced by hand: constant times, one developer, changes injected at
/// known times, bad flags forced. Rate traffic makes failed requests an exact integral.
@Suite struct DeliveryWorkedExampleTests {
    /// Microservices: boot 60 s, canary 10% baked 600 s, rollback 5 s, old group kept 1 h,
    /// fix 1 h; monitoring alerts at the end of the first 10 s window above 0.2, acting at once.
    ///
    /// - Change A (good) ready at 0: group launched 0, canary 60, full 660. Lead time 660 s.
    /// - Change B (bad) ready at 7 200: launched 7 200, canary 7 260 (error ratio 0.5 on the
    ///   canary's 10%); datapoint [7 260, 7 270) ≈ 0.5 > 0.2 → alert and action at 7 270;
    ///   traffic back on A's group at 7 275. TTD 10 s, TTR 15 s. Failed requests: 100/s × 10%
    ///   × 0.5 × 15 s = 75.
    /// - B fixed returns at 7 275 + 3 600 = 10 875: launched 10 875, canary 10 935, full 11 535.
    ///   Lead time 11 535 − 7 200 = 4 335 s.
    /// - Deploys that met users: 3 in a day; one bad: CFR 1/3. Lead times [660, 4 335]: mean
    ///   2 497.5, p50 660, p90 4 335. Waiting (660 + 4 335) s over 1/7 week = 9.7125 h/week.
    /// - Server groups (2 instances, 1 USD/h): initial [0, 4 260) (kept 1 h after 660), A's
    ///   [0, 15 135) (kept 1 h after 11 535), B's [7 200, 7 275), fixed B's [10 875, 86 400):
    ///   2 × 94 995 s = 52.775 instance-hours and USD; 4.775 beyond the steady 48.
    @Test func microservicesCanaryRollback() {
        let report = DeliveryFixtures.run(
            DeliveryFixtures.spec(DeliveryFixtures.microservices), changes: [(0, false), (7_200, true)])
        #expect(report.metric("deploys") == 3)
        #expect(report.metric("deployment_frequency") == 3)
        #expect(report.metric("bad_deploys") == 1)
        #expect(abs(report.metric("change_failure_rate") - 1.0 / 3) < 1e-12)
        #expect(report.metric("time_to_detect_mean") == 10)
        #expect(report.metric("time_to_restore_mean") == 15)
        #expect(report.metric("rollbacks") == 1)
        #expect(report.metric("lead_time_mean") == 2_497.5)
        #expect(report.metric("lead_time_p50") == 660)
        #expect(report.metric("lead_time_p90") == 4_335)
        #expect(abs(report.metric("developer_waiting_per_week") - 9.7125) < 1e-9)
        #expect(abs(report.metric("failed_requests") - 75) < 1e-6)
        #expect(abs(report.metric("instance_hours") - 52.775) < 1e-9)
        #expect(abs(report.metric("extra_instance_hours") - 4.775) < 1e-9)
        #expect(abs(report.metric("cost") - 52.775) < 1e-9)
        #expect(report.metric("capacity_lost_instance_hours") == 0)
    }

    /// Monolith of 4 servers, batches of 2 taking 100 s, train daily at 1 000 s, QA 500 s,
    /// hotfix 1 000 s after the action.
    ///
    /// - Change (bad) ready at 0 boards the train at 1 000; QA until 1 500; rollout: batch 1
    ///   [1 500, 1 600) serves from the 2 old servers (share new 0), batch 2 [1 600, 1 700) from
    ///   the 2 new ones (share 1): error ratio 0.5 from 1 600. Full at 1 700: lead time 1 700 s.
    /// - Datapoint [1 600, 1 610) = 0.5 → alert and action 1 610 (TTD 110 s from exposure 1 500).
    /// - Hotfix at 2 610: batch [2 610, 2 710) leaves old (bad) servers serving; batch
    ///   [2 710, 2 810) the fixed ones: error 0 from 2 710, full at 2 810: TTR 1 310 s.
    /// - Failed: 100/s × 0.5 × (2 710 − 1 600) s = 55 500. Deploys 2 (release, hotfix), CFR 1/2.
    /// - Capacity lost: 2 servers × 100 s × 4 batches = 800 s = 0.2222 instance-hours, of the
    ///   steady 4 × 24 = 96.
    @Test func monolithRollForwardWithHotfix() {
        let report = DeliveryFixtures.run(DeliveryFixtures.spec(DeliveryFixtures.monolith), changes: [(0, true)])
        #expect(report.metric("deploys") == 2)
        #expect(report.metric("hotfixes") == 1)
        #expect(report.metric("change_failure_rate") == 0.5)
        #expect(report.metric("time_to_detect_mean") == 110)
        #expect(report.metric("time_to_restore_mean") == 1_310)
        #expect(report.metric("lead_time_mean") == 1_700)
        #expect(abs(report.metric("failed_requests") - 55_500) < 1e-6)
        #expect(abs(report.metric("capacity_lost_instance_hours") - 800.0 / 3_600) < 1e-12)
        #expect(abs(report.metric("capacity_lost_mean") - 800.0 / 3_600 / 96) < 1e-12)
        #expect(report.metric("instance_hours") == 96)
        #expect(report.metric("extra_instance_hours") == 0)
    }

    /// With p = 0 nothing fails: no bad deploy, full availability, lead time boot + bake.
    @Test func goodChangesOnly() {
        let report = DeliveryFixtures.run(
            DeliveryFixtures.spec(DeliveryFixtures.microservices), changes: [(0, false), (1_000, false)])
        #expect(report.metric("deploys") == 2)
        #expect(report.metric("bad_deploys") == 0)
        #expect(report.metric("failed_requests") == 0)
        #expect(report.metric("availability") == 1)
        #expect(report.metric("lead_time_mean") == 660)
    }
}
