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
        #expect(located(yaml) == [
            "15:44: `deployables` expects a non-empty list of deployable names, found an empty list",
            "16:14: missing required key `deployables` in team `web`",
            "16:30: unknown key `deployabels` in team `web`; did you mean `deployables`?",
            "17:45: unknown deployable `dbb`; did you mean `db`?",
            "19:33: `share` expects a number above 0 and below 1, found `1.5`",
            "19:49: unknown key `keep_olds` in `immutable`; did you mean `keep_old`?",
            "20:10: `bad` needs `error_ratio:` or `extra_latency:` (what a bad change does to a call)",
            "20:11: unknown key `error_rate` in `bad`; did you mean `error_ratio`?",
            "22:22: unknown deployable `apii`; did you mean `api`?",
            "23:44: service `db` is not in deployable `api`; its services are `api`",
            "24:39: `bad` expects `true` or `false`, found `maybe`",
            "25:5: unknown key `extra` in `delivery`; expected `organisation`, `immutable`, `bad` or `deploys`",
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
        #expect(located(twice) == [
            "16:44: deployable `api` is owned by team `web` already; one team owns a deployable",
            "17:33: `share` expects a number above 0 and below 1, found `0`",
        ])
        let nothing = Self.scenario("    immutable: {canary: {share: 0.05, bake: 1m}}\n    bad: {error_ratio: 1}")
        #expect(located(nothing) == [
            "11:5: `delivery` needs `organisation:` (changes from teams) or `deploys:` (changes at fixed times)"
        ])
    }
}
