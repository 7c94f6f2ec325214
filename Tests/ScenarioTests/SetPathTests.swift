import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// `set:` in a variant: a value put at a setting's path.
@Suite struct SetPathTests {
    static let base = """
        name: s
        duration: 1m
        runtime:
          zones: [a]
          services: {api: {instances: 2}, db: {instances: 1}}
          endpoints:
            home:
              arrival_rate: 10/s
              call:
                service: api
                work: 1ms
                calls:
                  - {service: db, work: 2ms, client: {timeout: 1s}}
          chaos:
            - zone_outage: {zone: a, from: 10s, to: 20s}

        """

    @Test func pathsParse() {
        #expect(SettingPath("runtime.endpoints.home.call.calls[db].client.timeout")?.steps == [
            .key("runtime"), .key("endpoints"), .key("home"), .key("call"), .key("calls"), .entry("db"), .key("client"),
            .key("timeout"),
        ])
        #expect(SettingPath("a[0][1].b")?.steps == [.key("a"), .entry("0"), .entry("1"), .key("b")])
        for bad in ["", "a..b", "a.", "[x]", "a[", "a[]", "a[x]b"] { #expect(SettingPath(bad) == nil, "\(bad)") }
    }

    @Test func setsAnExistingValueAddsANewLastKeyAndPicksEntriesByNameOrPlace() throws {
        let yaml = Self.base + """
            variants:
              base: {}
              tuned:
                set:
                  runtime.services.api.instances: 5
                  runtime.endpoints.home.call.calls[db].client.retries: {max_attempts: 3}
                  runtime.endpoints.home.call.calls[0].work: 4ms
                  runtime.chaos[zone_outage].zone_outage.to: 30s
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "s.yaml")
        guard case .runtime(let runtime) = scenario.variants[1].model else {
            Issue.record("not a runtime")
            return
        }
        #expect(runtime.services.first { $0.name == "api" }?.instances == 5)
        let call = runtime.endpoints[0].root.children[0]
        #expect(call.client.retry?.maxAttempts == 3)
        #expect(call.work == .constant(0.004))
        #expect(runtime.chaos == [.zoneOutage(zone: "a", from: SimTime(seconds: 10), to: SimTime(seconds: 30))])
        guard case .runtime(let untouched) = scenario.variants[0].model else { return }
        #expect(untouched.services.first { $0.name == "api" }?.instances == 2)
    }

    @Test func pathsThatNameNothingAreErrorsWithTheNearestPath() {
        let yaml = Self.base + """
            variants:
              tuned:
                set:
                  runtime.endpoints.home.call.calls[dbb].work: 4ms
                  runtime.endpiont.home.call.work: 4ms
                  runtime.services.api.instances.count: 4
                  storage.nodes: 3
                  runtime..x: 1
                  runtime.services.api.instances: many
            """
        #expect(located(yaml) == [
            "19:7: `set` path `runtime.endpoints.home.call.calls[dbb].work` names nothing: "
                + "`runtime.endpoints.home.call.calls` has no entry `dbb`; did you mean `runtime.endpoints.home.call.calls[db]`?",
            "20:7: `set` path `runtime.endpiont.home.call.work` names nothing: `runtime` has no key `endpiont`; "
                + "its keys are `zones`, `services`, `endpoints`, `chaos`",
            "21:7: `set` path `runtime.services.api.instances.count` names nothing: "
                + "`runtime.services.api.instances` is a single value, with no keys",
            "22:7: a `set` path starts with `runtime.`, the key of this scenario's model; found `storage.nodes`",
            "23:7: `set` expects setting paths (keys joined by `.`, a list's entry by name in brackets), like "
                + "`runtime.endpoints.home.call.calls[db].client.timeout: 200ms`, found `runtime..x`",
        ])
        let typed = Self.base + """
            variants:
              tuned:
                set:
                  runtime.services.api.instances: many
            """
        #expect(located(typed) == [
            "19:39: in variant `tuned`: `instances` expects a whole number from 1 to 1000000, found `many`"
        ])
    }
}
