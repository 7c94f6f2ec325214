import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// `model:`, `runtime:` or `storage:` at the top, and variants overriding whichever the scenario has.
@Suite struct RuntimeVariantTests {
    static let base = """
        name: r
        duration: 1h
        runtime:
          zones: [a, b]
          services:
            api: {instances: 2, servers: 4}
            db: {}
          endpoints:
            home:
              arrival_rate: 10/s
              call:
                service: api
                work: 1ms
                calls: [{service: db, work: 2ms}]
          chaos:
            - kill_instances: {service: api, count: 1, at: 1m}
            - errors: {service: db, probability: 0.5, from: 5m, to: 6m}

        """

    @Test func anOverrideChangesOneNumberAndReplacesAList() throws {
        let yaml = Self.base + """
            variants:
              baseline: {}
              bigger:
                description: more api, one outage
                runtime:
                  services: {api: {instances: 6}}
                  chaos:
                    - zone_outage: {zone: b, from: 1m, to: 2m}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "r.yaml")
        #expect(scenario.variants.map(\.name) == ["baseline", "bigger"])
        #expect(scenario.variants.map(\.description) == ["", "more api, one outage"])
        let base = try #require(scenario.variants[0].runtime)
        #expect(base.services[0] == RuntimeServiceSpec(name: "api", instances: 2, servers: 4))
        #expect(base.chaos.count == 2)
        var bigger = base
        bigger.services[0].instances = 6
        bigger.chaos = [.zoneOutage(zone: "b", from: 60_000_000_000, to: 120_000_000_000)]
        #expect(scenario.variants[1].runtime == bigger)
    }

    @Test func aVariantOverridesTheKeyOfTheScenariosModel() {
        let yaml = Self.base + """
            variants:
              wrong:
                model: {services: {api: {instances: 6}}}
            """
        #expect(located(yaml) == [
            "20:5: variant `wrong` expects its overrides under `runtime:`, the key of this scenario's model; "
                + "found `model:`"
        ])
        let network = "name: m\nduration: 1m\n" + minimalModel + "\nvariants:\n  wrong: {runtime: {zones: [a]}}\n"
        #expect(located(network) == [
            "13:11: variant `wrong` expects its overrides under `model:`, the key of this scenario's model; "
                + "found `runtime:`"
        ])
    }

    @Test func anErrorInARuntimeOverridePointsIntoTheVariant() {
        let yaml = Self.base + """
            variants:
              broken:
                runtime:
                  services: {api: {zones: [c]}}
            """
        #expect(located(yaml) == ["21:32: in variant `broken`: unknown zone `c`; the zones are `a` and `b`"])
    }

    @Test func aScenarioHasExactlyOneModel() {
        let rule = "a scenario needs exactly one of `model:` (a queueing network), `runtime:` "
            + "(zones, instances and call graphs), `storage:` (a storage cluster under load) "
            + "or `product_development:` (ideas through team stages)"
        #expect(located("name: m\nduration: 1m\n") == ["1:1: \(rule), found none"])
        let both = "name: m\nduration: 1m\n" + minimalModel + "\nruntime:\n  zones: []\n"
        #expect(located(both) == [
            "12:1: \(rule), found `model` and `runtime`",
            "13:3: missing required key `services` in `runtime` (or `generate:` for a generated graph)",
            "13:3: missing required key `endpoints` in `runtime` (or `generate:` for a generated graph)",
            "13:10: `zones` expects a non-empty list of zone names, like `[a, b, c]`, found an empty list",
        ])
    }
}

/// A base line's problem caused by a variant's override names the variant.
@Suite struct VariantAttributionTests {
    @Test func aBaseLineBrokenByAVariantNamesIt() {
        let yaml = """
            name: r
            duration: 1m
            runtime:
              zones: [a, b]
              services:
                api: {zones: [a]}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
            variants:
              two-zones: {}
              three-zones:
                runtime: {zones: [b, c, d]}
            """
        #expect(located(yaml) == ["6:19: in variant `three-zones`: unknown zone `a`; the zones are `b`, `c` and `d`"])
    }
}
