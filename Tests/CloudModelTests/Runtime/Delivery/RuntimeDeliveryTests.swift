import SimKernel
import Testing

@testable import CloudModel

/// `api` alone (3 instances in three zones, 5 ms of work, constant 0.1 ms network) at `rate`
/// requests/s, watched by the second with an immediate pipeline (K = 3 bad datapoints above 0.5,
/// the alert at the third window's end, the action 2 s later), deployed by `deploys`.
private func deployedApi(
    rate: Double = 200, deploys: [ScheduledDeploy], boot: Double = 20, bake: Double = 1_000, keepOld: Double = 600,
    errorRatio: Double = 1
) -> RuntimeSpec {
    var pipeline = immediatePipeline(resolution: 1, threshold: 0.5, consecutive: 3)
    pipeline.reaction = .constant(2)
    return RuntimeSpec(
        zones: ["a", "b", "c"], network: NetworkSpec(intraZone: .constant(0.0001), crossZone: .constant(0.0001)),
        services: [RuntimeServiceSpec(name: "api", instances: 3, servers: 8)],
        endpoints: [EndpointSpec(name: "home", arrivals: .constant(rate), root: CallNode(service: "api", work: .constant(0.005)))],
        monitoring: RuntimeMonitoringSpec(pipeline: pipeline, services: ["api"]),
        delivery: RuntimeDeliverySpec(
            immutable: MicroserviceDelivery(
                bootTime: .constant(boot), canaryShare: 0.05, bake: SimTime(seconds: bake), rollbackTime: .constant(5),
                keepOld: SimTime(seconds: keepOld)),
            bad: BadChangeEffect(errorRatio: errorRatio), deploys: deploys))
}

@Suite("Runtime delivery: immutable deploys with a canary on real server groups")
struct RuntimeDeliveryTests {
    /// Deploy at 10 s; the new group boots 20 s, so the canary takes 5% of calls from 30 s (about
    /// 10 a second, each failing: error ratio 1). The canary's own series has its first datapoint
    /// for [30 s, 31 s) — error ratio 1, bad — and the third for [32 s, 33 s): the alert at 33 s
    /// (K = 3, no stage delay), the action 2 s later at 35 s, traffic back on the old group after
    /// the 5 s rollback at 40 s. (A window without canary calls, chance e^-10 per window, would
    /// have no datapoint; the trace holds with every seed tried.)
    @Test("a bad canary is rolled back at the second the arithmetic gives")
    func handTracedRollback() {
        for seed in 1...3 as ClosedRange<UInt64> {
            let (model, _) = runRuntime(
                deployedApi(deploys: [ScheduledDeploy(deployable: "api", at: at(10), bad: true)]), seconds: 45, seed: seed)
            let deploy = model.delivery!.ledger.deploys[0]
            #expect(deploy.start == at(10))
            #expect(deploy.canary == at(30))
            #expect(deploy.alertAt == at(33))
            #expect(deploy.actionAt == at(35))
            #expect(deploy.restoredAt == at(40))
            #expect(deploy.rolledBack)
            #expect(model.deployables[0].liveGroup == 0 && model.deployables[0].canaryGroup == -1)
            #expect(model.invariantViolations().isEmpty)
        }
    }

    @Test("a canary takes its share of calls, within a binomial tolerance")
    func canaryShare() {
        // Boot 0: the canary serves from the start, for the whole run (the bake is longer).
        let (model, _) = runRuntime(
            deployedApi(rate: 400, deploys: [ScheduledDeploy(deployable: "api", at: 0, bad: false)], boot: 0),
            seconds: 30)
        let canary = model.instances.filter { $0.group == 1 }.reduce(0) { $0 + $1.served }
        let total = model.instances.reduce(0) { $0 + $1.served }
        let sd = (Double(total) * 0.05 * 0.95).squareRoot()
        #expect(abs(Double(canary) - 0.05 * Double(total)) < 4 * sd)
        #expect(total > 10_000)
    }

    @Test("requests are conserved across group switches: canary, full traffic, rollback, retirement")
    func conservation() {
        let deploys = [
            ScheduledDeploy(deployable: "api", at: 5, bad: false), ScheduledDeploy(deployable: "api", at: at(40), bad: true),
        ]
        let spec = deployedApi(deploys: deploys, boot: 3, bake: 10, keepOld: 20, errorRatio: 0.6)
        let (model, problems) = runCheckingInvariants(spec, seconds: 60, step: 1, seed: 3)
        #expect(problems == [])
        #expect(model.delivery!.ledger.deploys.map(\.rolledBack) == [false, true])
        #expect(model.requestsBegun == model.requestsEnded + model.requests.liveCount)
    }

    /// A good deploy at 0 boots at once and bakes 10 s: the old group serves alone until 0,
    /// with the canary until 10 s, idle but kept (and paid for) until 10 s + 60 s. No traffic, so
    /// no call delays a termination: 3 × 70 s of the old group, 3 × 200 s of the new.
    @Test("the old group is kept and paid for exactly keep_old")
    func keepOld() {
        let spec = deployedApi(
            rate: 0, deploys: [ScheduledDeploy(deployable: "api", at: 0, bad: false)], boot: 0, bake: 10, keepOld: 60)
        let result = RuntimeReplication.run(
            spec, settings: RunSettings(seed: 1, replication: 0, duration: at(200), warmUp: 0))
        let metrics = Dictionary(uniqueKeysWithValues: result.metrics.map { ($0.name, $0.value) })
        #expect(abs(metrics["instance_hours"]! - (3 * 70 + 3 * 200) / 3_600) < 1e-12)
        #expect(abs(metrics["delivery.extra_instance_hours"]! - 3 * 70 / 3_600) < 1e-12)
    }

    /// A good change at 0 (boot 0, bake 10 s: serving everyone at 10 s, lead time 10 s), then a
    /// bad one at 20 s (canary at once; alert at 23 s, action 25 s, restored 30 s).
    @Test("DORA counts of a hand-traced sequence")
    func dora() {
        let deploys = [
            ScheduledDeploy(deployable: "api", at: 0, bad: false), ScheduledDeploy(deployable: "api", at: at(20), bad: true),
        ]
        let result = RuntimeReplication.run(
            deployedApi(deploys: deploys, boot: 0, bake: 10, keepOld: 60),
            settings: RunSettings(seed: 4, replication: 0, duration: at(60), warmUp: 0, recordsTimeseries: true))
        let metrics = Dictionary(uniqueKeysWithValues: result.metrics.map { ($0.name, $0.value) })
        #expect(metrics["delivery.deploys"] == 2)
        #expect(metrics["delivery.bad_deploys"] == 1)
        #expect(metrics["delivery.change_failure_rate"] == 0.5)
        #expect(metrics["delivery.rollbacks"] == 1)
        #expect(metrics["delivery.changes_in_production"] == 1)
        #expect(metrics["delivery.lead_time_mean"] == 10)
        #expect(metrics["delivery.time_to_detect_mean"] == 3)
        #expect(metrics["delivery.time_to_restore_mean"] == 10)
        #expect(metrics["false_alerts"] == 0)
        // About 10 canary calls a second fail for the 10 s of exposure: each a failed request.
        let failed = metrics["delivery.bad_deploy_failed_requests"]!
        #expect(failed > 50 && failed < 160)
        let table = rows("deploys", in: result)
        #expect(table.count == 2)
        #expect(table[1]["rolled_back"] == .text("true"))
        #expect(table[1]["failed_requests"] == .number(failed))
    }
}
