import Foundation
import SimKernel
import Testing

@testable import CloudModel

/// The delivery model against probability: releases of n changes, rollback times, and the two
/// ways of simulating traffic.
@Suite struct DeliveryStatisticsTests {
    /// The deploys table of replication `replication` of a day-long run of `spec`.
    private func deploys(_ spec: DeliverySpec, replication: Int, days: Double = 1) -> RecordTable {
        let settings = RunSettings(
            seed: 7, replication: replication, duration: SimTime(seconds: days * 86_400), warmUp: 0,
            recordsTimeseries: true)
        return DeliveryReplication.run(spec, settings: settings).tables[0]
    }

    private func column(_ name: String, of table: RecordTable) -> Int { table.columns.firstIndex(of: name)! }

    private func number(_ value: RecordValue) -> Double? {
        switch value {
        case .number(let number): return number
        case .integer(let integer): return Double(integer)
        default: return nil
        }
    }

    /// A release of n changes, each bad with probability p, is bad with probability
    /// 1 − (1 − p)^n. Trains every hour over 20 days (about 480 releases of ~5 changes, p = 0.05):
    /// the count of bad releases must lie within 4 binomial standard errors, sqrt(Σ P(1 − P)),
    /// of Σ P over the releases.
    @Test func releaseIsBadIfAnyChangeIs() {
        let hourly = DeliveryArchitecture.monolith(
            MonolithDelivery(
                instances: 4, trainPeriod: DeliveryFixtures.seconds(3_600), qa: .constant(60), batchSize: 2,
                batchTime: .constant(10)))
        let spec = DeliveryFixtures.spec(hourly, badChangeProbability: 0.05, changeRate: 5.0 / 3_600)
        let table = deploys(spec, replication: 0, days: 20)
        let (changes, badColumn) = (column("changes", of: table), column("bad", of: table))
        var expected = 0.0
        var variance = 0.0
        var observed = 0
        for row in table.rows where row[column("hotfix", of: table)] == .text("false") {
            let n = number(row[changes])!
            let p = 1 - pow(0.95, n)
            expected += p
            variance += p * (1 - p)
            if row[badColumn] == .text("true") { observed += 1 }
        }
        #expect(table.rows.count > 400)
        #expect(abs(Double(observed) - expected) < 4 * variance.squareRoot(), "\(observed) bad, expected \(expected)")
    }

    /// Rollback moves traffic back within its configured time after the action: with
    /// rollback_time uniform in [2 s, 8 s] and the old group always kept, every rolled-back
    /// deploy is restored 2–8 s after the action that rolled it back.
    @Test func rollbackRestoresWithinItsTime() {
        let micro = DeliveryArchitecture.microservices(
            MicroserviceDelivery(
                bootTime: .constant(60), canaryShare: 0.1, bake: DeliveryFixtures.seconds(600),
                rollbackTime: .uniform(min: 2, max: 8), keepOld: DeliveryFixtures.seconds(86_400)))
        let spec = DeliveryFixtures.spec(micro, badChangeProbability: 0.3, changeRate: 1.0 / 3_600)
        var checked = 0
        for replication in 0..<3 {
            let table = deploys(spec, replication: replication)
            for row in table.rows {
                guard let action = number(row[column("action_s", of: table)]),
                    let restored = number(row[column("restored_s", of: table)]), restored >= action
                else { continue }
                #expect((2...8).contains(restored - action), "restored \(restored - action) s after the action")
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    /// Rate traffic integrates the failure probability; per-request traffic draws every request.
    /// Both run the same delivery trajectory (traffic has its own streams), so in each replication
    /// the counted failures are a Poisson-binomial draw around the integral: within 4 standard
    /// errors, sqrt(expected). Over replications the two means' 95% intervals overlap.
    @Test func rateAndPerRequestTrafficAgree() {
        let micro = DeliveryArchitecture.microservices(
            MicroserviceDelivery(
                bootTime: .constant(60), canaryShare: 0.2, bake: DeliveryFixtures.seconds(600),
                rollbackTime: .constant(5), keepOld: 0))
        let slow = MonitoringSpec(
            resolution: DeliveryFixtures.seconds(60), stages: [MonitoringStage(name: "display", period: 0)],
            rule: AlertRule(threshold: 0.2, consecutive: 3), reaction: .exponential(mean: 300))
        func failed(_ traffic: TrafficMode) -> [Double] {
            let spec = DeliveryFixtures.spec(
                micro, badChangeProbability: 0.3, changeRate: 1.0 / 3_600, requestRate: 20, traffic: traffic,
                monitoring: slow)
            return ParallelRunner.map(count: 6, workers: 2) { replication in
                let settings = RunSettings(
                    seed: 11, replication: replication, duration: SimTime(seconds: 86_400), warmUp: 0)
                let result = DeliveryReplication.run(spec, settings: settings)
                return result.metrics.first { $0.name == "failed_requests" }!.value
            }
        }
        let (rate, requests) = (failed(.rate), failed(.requests))
        for (integral, counted) in zip(rate, requests) {
            #expect(integral > 100)
            #expect(abs(counted - integral) < 4 * integral.squareRoot(), "counted \(counted), integral \(integral)")
        }
        let (a, b) = (ReplicationSummary(rate), ReplicationSummary(requests))
        #expect(a.ci95Low! <= b.ci95High! && b.ci95Low! <= a.ci95High!)
    }
}
