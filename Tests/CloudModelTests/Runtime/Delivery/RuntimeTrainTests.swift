import SimKernel
import Testing

@testable import CloudModel

/// `api` alone on 6 instances over three zones (5 ms of work, no network) at `rate` requests/s,
/// riding a train that departs at 60 s (then hourly) with no QA and rolls out 2 instances at a
/// time for `batch` seconds; watched by the second with an immediate pipeline (3 bad
/// datapoints above 0.5, the action 2 s after the alert).
private func trainApi(
    deploys: [ScheduledDeploy], batch: Double = 20, hotfix: Double? = 60, flags: FeatureFlags? = nil,
    process: ReleaseProcess = .train, rate: Double = 200
) -> RuntimeSpec {
    var pipeline = immediatePipeline(resolution: 1, threshold: 0.5, consecutive: 3)
    pipeline.reaction = .constant(2)
    let train = ReleaseTrain(
        trainPeriod: at(3_600), trainOffset: at(60), qa: .constant(0), batchSize: 2, batchTime: .constant(batch),
        hotfix: hotfix.map { .constant($0) })
    let immutable = MicroserviceDelivery(
        bootTime: .constant(20), canaryShare: 0.05, bake: at(30), rollbackTime: .constant(5), keepOld: at(600))
    return RuntimeSpec(
        zones: ["a", "b", "c"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
        services: [RuntimeServiceSpec(name: "api", instances: 6, servers: 8)],
        endpoints: [
            EndpointSpec(
                name: "home", arrivals: .constant(rate), root: CallNode(service: "api", work: .constant(0.005)))
        ],
        monitoring: RuntimeMonitoringSpec(pipeline: pipeline, services: ["api"]),
        delivery: RuntimeDeliverySpec(
            immutable: immutable, train: train, release: process, bad: BadChangeEffect(errorRatio: 1), deploys: deploys,
            flags: flags))
}

private func inService(_ model: RuntimeModel) -> Int {
    model.instances.filter { $0.lifecycle == .inService }.count
}

@Suite("Runtime delivery: release trains rolled out in place, hotfixes and feature flags")
struct RuntimeTrainTests {
    /// The release departs at 60 s: batches [60, 660), [660, 1260), [1260, 1860) of 2 instances
    /// each, so 4 of 6 serve during each, and 2 × 3 × 10 min = 1 instance-hour is lost. The new
    /// version meets users when the first batch is back (660 s) and has all traffic once the
    /// last old instance leaves (1260 s).
    @Test("a batch rollout loses exactly the capacity it takes out")
    func capacityLost() {
        let spec = trainApi(deploys: [ScheduledDeploy(deployable: "api", at: at(10), bad: false)], batch: 600)
        var model = RuntimeModel(spec: spec, streams: RandomStreams(seed: 5, replication: 0), recordTimeseries: false)
        var simulator = Simulator<RuntimeModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        for second in [30.0, 300, 900, 1_500, 2_000] {
            simulator.run(&model, until: at(second))
            let expected = second < 60 || second > 1_860 ? 6 : 4
            #expect(inService(model) == expected, "at \(second) s")
            #expect(model.invariantViolations() == [], "at \(second) s")
        }
        let deploy = model.delivery!.ledger.deploys[0]
        #expect(deploy.start == at(60) && deploy.exposedAt == at(660) && deploy.full == at(1_260))
        #expect(model.delivery!.capacityLost == Double(at(3_600)))
        #expect(model.serverGroups[1].alive == 6 && model.serverGroups[0].alive == 0)
        #expect(model.deployables[0].liveGroup == 1 && model.deployables[0].canaryGroup == -1)
        // In place: every restarted instance is in the zone of the one it replaced, two a zone.
        let zones = model.instances.filter { $0.group == 1 }.map(\.zone).sorted()
        #expect(zones == [0, 0, 1, 1, 2, 2])
        let metrics = model.delivery!.metrics(from: 0, to: at(2_000), instanceHours: [0], prices: [0])
        let lost = metrics.first { $0.name == "delivery.capacity_lost_instance_hours" }?.value
        #expect(lost == 1)
    }

    @Test("requests are conserved while instances move between groups batch by batch")
    func conservation() {
        let deploys = [
            ScheduledDeploy(deployable: "api", at: at(10), bad: true)
        ]
        let spec = trainApi(deploys: deploys, batch: 3, hotfix: 5)
        var model = RuntimeModel(spec: spec, streams: RandomStreams(seed: 3, replication: 0), recordTimeseries: false)
        var simulator = Simulator<RuntimeModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        for tenth in stride(from: 590, through: 1_000, by: 1) {
            simulator.run(&model, until: at(Double(tenth) / 10))
            #expect(model.invariantViolations() == [], "at \(Double(tenth) / 10) s")
        }
        #expect(model.requestsBegun == model.requestsEnded + model.requests.liveCount)
        #expect(model.delivery!.ledger.deploys.map(\.hotfix) == [false, true])
    }

    /// The bad release's first batch is back at 80 s: the new group's calls all fail, its
    /// series is bad from [80, 81), the alert at 83 s, the action at 85 s. The release itself
    /// finishes at 120 s; the hotfix is ready at 85 + 60 = 145 s and rolls out in batches from
    /// then: the last instance of the bad version leaves service when the third batch starts,
    /// at 145 + 2 × 20 = 185 s — restored. No rollback: trains roll forward.
    @Test("a bad release is detected and hot-fixed at the second the arithmetic gives")
    func hotfix() {
        let spec = trainApi(deploys: [ScheduledDeploy(deployable: "api", at: at(10), bad: true)])
        let (model, _) = runRuntime(spec, seconds: 260)
        let ledger = model.delivery!.ledger
        #expect(ledger.deploys.count == 2)
        let release = ledger.deploys[0]
        #expect(release.exposedAt == at(80) && release.full == at(100))
        #expect(release.alertAt == at(83) && release.actionAt == at(85))
        #expect(release.restoredAt == at(185))
        #expect(!release.rolledBack)
        let fix = ledger.deploys[1]
        #expect(fix.hotfix && !fix.bad && fix.start == at(145) && fix.full == at(185))
        #expect(model.invariantViolations() == [])
        let metrics = Dictionary(
            uniqueKeysWithValues: model.delivery!.metrics(from: 0, to: at(260), instanceHours: [0], prices: [0]).map {
                ($0.name, $0.value)
            })
        #expect(metrics["delivery.time_to_detect_mean"] == 3)
        #expect(metrics["delivery.time_to_restore_mean"] == 105)
        #expect(metrics["delivery.hotfixes"] == 1 && metrics["delivery.rollbacks"] == 0)
    }

    /// Without a hotfix path the fix is ready `fix_time` (1 h by default) after the action, at
    /// 3 685 s, and boards the train of 7 260 s: the bad version serves until that rollout's
    /// third batch starts, 7 260 + 40 = 7 300 s. (20 requests/s keep the two hours short.)
    @Test("without a hotfix, the fix waits for the next train")
    func fixOnNextTrain() {
        let spec = trainApi(deploys: [ScheduledDeploy(deployable: "api", at: at(10), bad: true)], hotfix: nil, rate: 20)
        let (model, _) = runRuntime(spec, seconds: 7_400)
        let ledger = model.delivery!.ledger
        #expect(ledger.deploys.count == 2)
        #expect(ledger.deploys[0].actionAt == at(85) && ledger.deploys[0].restoredAt == at(7_300))
        #expect(!ledger.deploys[1].hotfix && ledger.deploys[1].start == at(7_260))
    }

    /// A flagged bad change ships dark: the release (full at 100 s) is not bad and nothing fails;
    /// its flag goes on 30 s later, at 130 s — the exposure — the alert follows at 133 s, the
    /// action at 135 s switches it off, off 5 s later at 140 s: restored.
    @Test(
        "a flagged bad change is exposed at flag on and restored by the flag off",
        arguments: [ReleaseProcess.train, .immutable])
    func flaggedBadChange(process: ReleaseProcess) {
        let flags = FeatureFlags(share: 1, enableAfter: .constant(30), flipTime: at(5))
        let spec = trainApi(
            deploys: [ScheduledDeploy(deployable: "api", at: at(10), bad: true)], flags: flags, process: process)
        let (model, _) = runRuntime(spec, seconds: 200)
        let ledger = model.delivery!.ledger
        #expect(ledger.deploys.count == 2)
        let (release, flag) = (ledger.deploys[0], ledger.deploys[1])
        #expect(!release.bad && release.restoredAt == nil && release.alertAt == nil)
        // Immutable: boot 20 s from 10 s, canary at 30 s, all traffic after the 30 s bake at 60 s.
        let full = process == .train ? 100.0 : 60
        #expect(release.full == at(full))
        #expect(flag.flag && flag.bad && flag.exposedAt == at(full + 30))
        #expect(flag.alertAt == at(full + 33) && flag.actionAt == at(full + 35) && flag.restoredAt == at(full + 40))
        // Calls hit before the flag off end within their 5 ms of work.
        let failures = model.delivery!.failedAt
        #expect(!failures.isEmpty && failures.count(from: at(full + 30), to: at(full + 40.005) + 1) == failures.total)
        #expect(model.invariantViolations() == [])
    }

    @Test("a flagged good change changes nothing for users")
    func flaggedGoodChange() {
        let flags = FeatureFlags(share: 1, enableAfter: .constant(30), flipTime: at(5))
        let spec = trainApi(deploys: [ScheduledDeploy(deployable: "api", at: at(10), bad: false)], flags: flags)
        let (model, _) = runRuntime(spec, seconds: 200)
        #expect(model.delivery!.failedAt.isEmpty)
        #expect(model.delivery!.ledger.deploys.map(\.flag) == [false, true])
        #expect(model.delivery!.ledger.changes[0].servingAt == at(130))
    }

    /// `a` and `b` packaged as `shop`; team `t` owns service `b` only, team `u` the whole `shop`
    /// by its deployable's name: `t`'s changes all go to `b`, `u`'s to either, and every one
    /// ships with `shop`'s trains.
    @Test("teams own services of a monolith, or the deployable itself")
    func teamsOwnServices() {
        let organisation = OrganisationSpec(
            changeRate: 1.0 / 60, badChangeProbability: 0, fixTime: .constant(60),
            teams: [
                TeamSpec(name: "t", developers: 3, services: ["b"]),
                TeamSpec(name: "u", developers: 3, services: ["shop"]),
            ])
        let spec = RuntimeSpec(
            zones: ["a"], services: [RuntimeServiceSpec(name: "a"), RuntimeServiceSpec(name: "b")],
            deployables: [DeployableSpec(name: "shop", services: ["a", "b"], instances: 2, servers: 4)],
            endpoints: [
                EndpointSpec(name: "get", arrivals: .constant(5), root: CallNode(service: "a", work: .constant(0.001)))
            ],
            delivery: RuntimeDeliverySpec(
                organisation: organisation,
                train: ReleaseTrain(trainPeriod: at(600), qa: .constant(0), batchSize: 1, batchTime: .constant(10)),
                bad: BadChangeEffect()))
        var model = RuntimeModel(spec: spec, streams: RandomStreams(seed: 1, replication: 0), recordTimeseries: false)
        var simulator = Simulator<RuntimeModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        simulator.run(&model, until: at(3_000))
        let ledger = model.delivery!.ledger
        #expect(ledger.changes.count > 50)
        #expect(Set(ledger.changes.map(\.service)) == [0, 1])
        #expect(ledger.deploys.allSatisfy { $0.deployable == 0 })
        #expect(model.delivery!.teamTargets.map { $0.map(\.services) } == [[[1]], [[0, 1]]])
        #expect(model.invariantViolations() == [])
    }
}
