import Foundation
import SimKernel

@testable import CloudModel

/// The talk's pipeline: agent, arrival (200 ms transport), processing, display (200 ms poll),
/// each handing on at its `resolution` boundaries; three bad datapoints above 0.8; act 1 minute later.
func talkPipeline(resolution: Double) -> MonitoringSpec {
    let period = SimTime(seconds: resolution)
    return MonitoringSpec(
        resolution: period,
        stages: [
            MonitoringStage(name: "arrival", period: period, delay: .constant(0.2)),
            MonitoringStage(name: "processing", period: period),
            MonitoringStage(name: "display", period: period, delay: .constant(0.2)),
        ],
        rule: AlertRule(threshold: 0.8, consecutive: 3), reaction: .constant(60))
}

/// A pipeline whose alert is the window's end: one continuous stage without delay.
func immediatePipeline(resolution: Double, threshold: Double, consecutive: Int = 1) -> MonitoringSpec {
    MonitoringSpec(
        resolution: SimTime(seconds: resolution), stages: [MonitoringStage(name: "display", period: 0)],
        rule: AlertRule(threshold: threshold, consecutive: consecutive))
}

/// One endpoint per service, each at `rate` requests/s entering its service (5 ms of work), two
/// instances of 8 servers each in two zones.
func watchedServices(
    _ names: [String], rate: Double, errorProbability: Double = 0, chaos: [ChaosSpec] = [],
    monitoring: RuntimeMonitoringSpec
) -> RuntimeSpec {
    RuntimeSpec(
        zones: ["a", "b"],
        services: names.map {
            RuntimeServiceSpec(name: $0, instances: 2, servers: 8, errorProbability: errorProbability)
        },
        endpoints: names.map {
            EndpointSpec(name: "to-" + $0, arrivals: .constant(rate), root: CallNode(service: $0, work: .constant(0.005)))
        },
        chaos: chaos, monitoring: monitoring)
}

/// One replication of `spec` for `seconds` with seed 2026.
func monitoredRun(_ spec: RuntimeSpec, seconds: Double, replication: Int = 0) -> ReplicationResult {
    RuntimeReplication.run(
        spec, settings: RunSettings(seed: 2026, replication: replication, duration: SimTime(seconds: seconds), warmUp: 0))
}

/// The rows of table `name`, each as column name → cell.
func rows(_ name: String, in result: ReplicationResult) -> [[String: RecordValue]] {
    guard let table = result.tables.first(where: { $0.name == name }) else { return [] }
    return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.columns, $0)) }
}

/// Chance that more than `threshold` of the calls in a window fail, when the window holds a
/// Poisson(`mean`) number of calls each failing with `p` (windows without calls count as good).
func windowTail(mean: Double, p: Double, threshold: Double) -> Double {
    func logFactorial(_ k: Int) -> Double { lgamma(Double(k) + 1) }
    var total = 0.0
    let most = Int(mean + 12 * mean.squareRoot() + 20)
    for calls in 1...most {
        let n = Double(calls)
        let poisson: Double = exp(n * log(mean) - mean - logFactorial(calls))
        var tail = 0.0
        for failed in 0...calls where Double(failed) > threshold * n {
            let ways: Double = logFactorial(calls) - logFactorial(failed) - logFactorial(calls - failed)
            let chance: Double = Double(failed) * log(p) + Double(calls - failed) * log(1 - p)
            tail += exp(ways + chance)
        }
        total += poisson * tail
    }
    return total
}
