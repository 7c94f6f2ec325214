import Testing

@testable import Scenario

/// Each problem in a `runtime.delivery` is reported at its line and column, with a suggestion.
@Suite struct RuntimeDeliveryDiagnosticTests {
    private static func scenario(_ delivery: String) -> String {
        """
        name: r
        duration: 1h
        runtime:
          zones: [a]
          services:
            api: {instances: 1}
            db: {instances: 1}
          endpoints:
            home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
          delivery:
        \(delivery)
        """
    }

    @Test func everyKey() {
        let yaml = Self.scenario(
            """
                organisation:
                  change_rate: 1/d
                  bad_change_probability: 0.1
                  teams:
                    core: {developers: 2, deployables: []}
                    web: {developers: 2, deployabels: [api]}
                    data: {developers: 1, deployables: [dbb]}
                    ops: {developers: 1, deployables: [api]}
                immutable: {canary: {share: 1.5, bake: 1m}, keep_olds: 1h}
                bad: {error_rate: 1}
                deploys:
                  - {deployable: apii, at: 1m, bad: true}
                  - {deployable: api, at: 2m, service: db}
                  - {deployable: db, at: 2m, bad: maybe}
                extra: 1
            """)
        #expect(
            located(yaml) == [
                "15:44: `deployables` expects a non-empty list of service or deployable names, found an empty list",
                "16:14: missing required key `services` in team `web`",
                "16:30: unknown key `deployabels` in team `web`; did you mean `deployables`?",
                "17:45: unknown service or deployable `dbb`; did you mean `db`?",
                "19:33: `share` expects a number above 0 and below 1, found `1.5`",
                "19:49: unknown key `keep_olds` in `immutable`; did you mean `keep_old`?",
                "20:10: `bad` needs `error_ratio:` or `extra_latency:` (what a bad change does to a call)",
                "20:11: unknown key `error_rate` in `bad`; did you mean `error_ratio`?",
                "22:22: unknown deployable `apii`; did you mean `api`?",
                "23:44: service `db` is not in deployable `api`; its services are `api`",
                "24:39: `bad` expects `true` or `false`, found `maybe`",
                "25:5: unknown key `extra` in `delivery`; expected `organisation`, `immutable`, `train`, `release`, `flags`, "
                    + "`bad` or `deploys`",
            ])
    }

    @Test func aDeployableOwnedTwiceAndNoSourceOfChanges() {
        let twice = Self.scenario(
            """
                organisation:
                  change_rate: 1/d
                  bad_change_probability: 0.1
                  teams:
                    web: {developers: 2, deployables: [api]}
                    ops: {developers: 1, deployables: [api]}
                immutable: {canary: {share: 0, bake: 1m}}
                bad: {extra_latency: 2s}
            """)
        #expect(
            located(twice) == [
                "16:44: service or deployable `api` is owned by team `web` already; one team owns a service or deployable",
                "17:33: `share` expects a number above 0 and below 1, found `0`",
            ])
        let nothing = Self.scenario("    immutable: {canary: {share: 0.05, bake: 1m}}\n    bad: {error_ratio: 1}")
        #expect(
            located(nothing) == [
                "11:5: `delivery` needs `organisation:` (changes from teams) or `deploys:` (changes at fixed times)"
            ])
    }

    @Test func trainsFlagsAndReleases() {
        let yaml = Self.scenario(
            """
                organisation:
                  change_rate: 1/d
                  bad_change_probability: 0.1
                  teams:
                    web: {developers: 2, services: [api, dbx]}
                train: {period: 1h, offset: 2h, batch_size: 0, batch_tim: 1m, hotfix: 10m}
                release: trian
                flags: {share: 1.5, enable_after: 1h, flip_tme: 5s}
                bad: {error_ratio: 1}
            """)
        #expect(
            located(yaml) == [
                "15:46: unknown service or deployable `dbx`; did you mean `db`?",
                "16:12: missing required key `batch_time` in `train`",
                "16:33: `offset` must be shorter than the train's `period`, found `2h`",
                "16:49: `batch_size` expects a whole number from 1 to 1000000, found `0`",
                "16:52: unknown key `batch_tim` in `train`; did you mean `batch_time`?",
                "17:14: `release` expects one of `train` or `immutable`, found `trian`; did you mean `train`?",
                "18:20: `share` expects a number from 0 to 1, found `1.5`",
                "18:43: unknown key `flip_tme` in `flags`; did you mean `flip_time`?",
            ])
    }

    @Test func aReleaseNamingAnUnconfiguredProcess() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                api: {}
                db: {}
              deployables:
                shop: {services: [api, db], instances: 2, release: immutable}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
              delivery:
                train: {period: 1h, batch_size: 1, batch_time: 1m}
                bad: {error_ratio: 1}
                deploys: [{deployable: shop, at: 1m, bad: true}]
            """
        #expect(
            located(yaml) == [
                "9:56: `release: immutable` names a process `delivery` does not configure; add `immutable:` to `delivery`"
            ])
        let both = Self.scenario(
            """
                immutable: {canary: {share: 0.05, bake: 1m}}
                train: {period: 1h, batch_size: 1, batch_time: 1m}
                bad: {error_ratio: 1}
                deploys: [{deployable: api, at: 1m}]
            """)
        #expect(located(both).count == 1)
        #expect(located(both).first?.hasPrefix("11:5: `delivery` has both `immutable:` and `train:`") == true)
    }

    @Test func teamsOwnServicesOfAMonolith() throws {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                api: {}
                db: {}
              deployables:
                shop: {services: [api, db], instances: 2}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
              delivery:
                organisation:
                  change_rate: 1/d
                  bad_change_probability: 0.1
                  teams: {web: {developers: 2, services: [api]}, data: {developers: 1, services: [db]}}
                train: {period: 1d, batch_size: 1, batch_time: 1m}
                bad: {error_ratio: 1}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "r.yaml")
        let delivery = try #require(scenario.variants[0].runtime?.delivery)
        #expect(delivery.organisation?.teams.map(\.services) == [["api"], ["db"]])
        #expect(delivery.release == .train && delivery.process(of: "shop") == .train)
    }
}
