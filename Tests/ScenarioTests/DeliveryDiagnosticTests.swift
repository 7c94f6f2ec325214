import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// Each class of problem in a `delivery:` is reported at the right line and column, the
/// monitoring block inside it included.
@Suite struct DeliveryDiagnosticTests {
    @Test func everySection() {
        let yaml = """
            name: d
            duration: 1d
            delivery:
              trafic: rate
              request_rate: 10/s
              bad_error_ratio: 2
              organisation:
                change_rate: 1/d
                bad_change_probability: 0.1
                teams:
                  a: {developers: 0, services: [api, web]}
                  b: {developers: 2, services: [api, db]}
              services:
                api: {share: 1}
                web: {share: 0.5, fallback: maybe}
              architecture:
                monolith:
                  instances: 4
                  release_train: {period: 1d, offset: 2d}
                  rollout: {batch_size: 4, batch_time: 5m}
                microservices: {canary: {share: 1, bake: 0s}}
              monitoring:
                resolution: 1m
                stages: [{name: arrival}]
                alert: {threshold: high}
            """
        #expect(located(yaml) == [
            "4:3: unknown key `trafic` in `delivery`; did you mean `traffic`?",
            "6:20: `bad_error_ratio` expects a number from 0 to 1, found `2`",
            "11:23: `developers` expects a whole number from 1 to 1000000, found `0`",
            "12:42: unknown service `db`; the services are `api` and `web`",
            "15:33: `fallback` expects `true` or `false`, found `maybe`",
            "19:43: `offset` must be shorter than the train's `period`, found `2d`",
            "20:29: `batch_size` must be smaller than the monolith's 4 `instances` (some must keep serving), "
                + "found `4`",
            "21:5: `architecture` needs exactly one of `monolith:` or `microservices:`, found both",
            "21:37: `share` expects a number above 0 and below 1, found `1`",
            "21:46: `bake` must be longer than zero, found `0s`",
            "25:24: `threshold` expects a number, found `high`",
        ])
    }

    @Test func everyServiceHasOneTeam() {
        let yaml = """
            name: d
            duration: 1d
            delivery:
              request_rate: 10/s
              organisation:
                change_rate: 1/d
                bad_change_probability: 0.1
                teams:
                  a: {developers: 1, services: [api]}
                  b: {developers: 2, services: [web, api]}
              services:
                api: {share: 1}
                web: {share: 0.5}
                admin: {share: 0.1}
              architecture:
                microservices: {canary: {share: 0.1, bake: 5m}}
              monitoring:
                resolution: 1m
                stages: [{name: arrival}]
                alert: {threshold: 0.1}
            """
        #expect(located(yaml) == [
            "10:42: service `api` is owned by team `a` already; one team owns a service",
            "14:5: service `admin` has no team; list it under one team's `services:`",
        ])
    }

    /// The headline scenario loads as one world: the same call graph packaged as a monolith on a
    /// train, or as microservices deployed with canaries; minute or second monitoring.
    @Test func headlineScenarioVariants() throws {
        let scenario = try ScenarioLoader.load(path: "scenarios/monolith-vs-microservices.yaml")
        let specs = scenario.variants.compactMap { variant -> RuntimeSpec? in
            guard case .runtime(let spec) = variant.model else { return nil }
            return spec
        }
        #expect(specs.count == 3)
        guard specs.count == 3, let monolith = specs[0].delivery, let micro = specs[1].delivery,
            let second = specs[2].delivery
        else { return }
        // One deployable holds the api and the ten services; edge stays on its own.
        #expect(specs[0].packaging.map(\.name) == ["edge", "shop"])
        #expect(specs[0].packaging[1].services.count == 11)
        #expect(specs[1].packaging.count == 12 && specs[1].deployables.isEmpty)
        #expect(monolith.release == .train && monolith.train?.trainPeriod == 14 * 86_400 * 1_000_000_000)
        #expect(micro.release == .immutable && micro.immutable?.canaryShare == 0.05 && second == micro)
        #expect(monolith.organisation == micro.organisation && monolith.organisation?.developers == 100)
        let (minute, oneSecond): (SimTime, SimTime) = (60 * 1_000_000_000, 1_000_000_000)
        #expect(specs[1].monitoring?.pipeline.resolution == minute)
        #expect(specs[2].monitoring?.pipeline.resolution == oneSecond)
        #expect(specs[2].monitoring?.pipeline.rule == specs[1].monitoring?.pipeline.rule)
        #expect(specs.allSatisfy { $0.fastForward != nil && $0.storage.count == 1 })
    }
}
