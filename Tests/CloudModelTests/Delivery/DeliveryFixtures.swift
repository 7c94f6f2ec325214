import SimKernel
import Testing

@testable import CloudModel

/// Small delivery models whose every time is constant, for hand-traced expectations.
enum DeliveryFixtures {
    /// Seconds → nanoseconds.
    static func seconds(_ value: Double) -> SimTime { SimTime(seconds: value) }

    /// Monitoring that sees 10 s datapoints at once, alerts on the first one above 0.2, and acts
    /// at once: detection is at the end of the first bad window.
    static let instantMonitoring = MonitoringSpec(
        resolution: seconds(10), stages: [MonitoringStage(name: "display", period: 0)],
        rule: AlertRule(threshold: 0.2, consecutive: 1))

    /// One team of one developer owning one service that every request calls; `changeRate`
    /// 1e-12/s means no change arrives by itself (tests inject them).
    static func spec(
        _ architecture: DeliveryArchitecture, badChangeProbability: Double = 0, changeRate: Double = 1e-12,
        requestRate: Double = 100, traffic: TrafficMode = .rate, monitoring: MonitoringSpec = instantMonitoring
    ) -> DeliverySpec {
        DeliverySpec(
            traffic: traffic, requestRate: requestRate, badErrorRatio: 0.5,
            organisation: OrganisationSpec(
                changeRate: changeRate, badChangeProbability: badChangeProbability, fixTime: .constant(3_600),
                teams: [TeamSpec(name: "team", developers: 1, services: ["api"])]),
            services: [DeliveredServiceSpec(name: "api", share: 1, instances: 2, pricePerHour: 1)],
            architecture: architecture, monitoring: monitoring)
    }

    static let microservices = DeliveryArchitecture.microservices(
        MicroserviceDelivery(
            bootTime: .constant(60), canaryShare: 0.1, bake: seconds(600), rollbackTime: .constant(5),
            keepOld: seconds(3_600)))

    static let monolith = DeliveryArchitecture.monolith(
        MonolithDelivery(
            instances: 4, pricePerHour: 1, trainPeriod: seconds(86_400), trainOffset: seconds(1_000),
            qa: .constant(500), batchSize: 2, batchTime: .constant(100), hotfix: .constant(1_000)))

    /// Runs `spec` for `days` with changes injected: (ready time [s], bad).
    static func run(
        _ spec: DeliverySpec, changes: [(ready: Double, bad: Bool)], days: Double = 1, seed: UInt64 = 1
    ) -> DeliveryReport {
        let horizon = seconds(days * 86_400)
        var model = DeliveryModel(
            spec: spec, streams: RandomStreams(seed: seed, replication: 0), horizon: horizon, warmUp: 0)
        var simulator = Simulator<DeliveryModel.Event>()
        model.start(in: &simulator)
        for change in changes {
            model.changes.append(Change(service: 0, readyAt: seconds(change.ready), bad: change.bad))
            simulator.schedule(.changeReturns(change: model.changes.count - 1), at: seconds(change.ready))
        }
        simulator.run(&model, until: horizon)
        return DeliveryReport(model: model, from: 0, to: horizon)
    }
}

extension DeliveryReport {
    /// The value of a named metric.
    func metric(_ name: String) -> Double {
        guard let found = metrics().first(where: { $0.name == name }) else {
            Issue.record("no metric \(name)")
            return .nan
        }
        return found.value
    }
}
