import CloudModel
import Testing
import Yams

@testable import Scenario

@Suite struct VariantTests {
    static let base = """
        name: m
        duration: 1m
        model:
          services:
            api: {instances: 3, servers: 4, queue_capacity: 10, routing: random}
            db: {servers: 2}
          requests:
            get:
              arrival_rate: 10/s
              path:
                - {service: api, service_time: 5ms}
                - {service: db, service_time: 20ms}

        """

    @Test func anOverrideChangesOnlyWhatItNames() throws {
        let yaml = Self.base + """
            variants:
              baseline:
                description: as deployed
              one-server:
                model:
                  services: {api: {servers: 1}}
              with-cache:
                model:
                  services: {cache: {}}
                  requests:
                    get:
                      path:
                        - {service: cache, service_time: 1ms}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "v.yaml")
        #expect(scenario.variants.map(\.name) == ["baseline", "one-server", "with-cache"])
        #expect(scenario.variants.map(\.description) == ["as deployed", "", ""])
        let base = try #require(scenario.variants[0].network)
        let api = ServiceSpec(name: "api", instances: 3, servers: 4, queueCapacity: 10, routing: .random)
        #expect(base.services == [api, ServiceSpec(name: "db", servers: 2)])

        var oneServer = base
        oneServer.services[0].servers = 1
        #expect(scenario.variants[1].network == oneServer)

        let withCache = try #require(scenario.variants[2].network)
        #expect(withCache.services.map(\.name) == ["api", "db", "cache"])
        #expect(withCache.requests[0].interarrival == base.requests[0].interarrival)
        #expect(withCache.requests[0].path == [CallSpec(service: "cache", serviceTime: .constant(0.001))])
    }

    @Test func anErrorInAnOverridePointsIntoTheVariant() {
        let yaml = Self.base + """
            variants:
              fine: {}
              broken:
                model:
                  services: {api: {servers: 0, colour: red}}
                  requests: {get: {path: [{service: dbb, service_time: 1ms}]}}
            """
        #expect(located(yaml) == [
            "17:33: in variant `broken`: `servers` expects a whole number from 1 to 1000000, found `0`",
            "17:36: in variant `broken`: unknown key `colour` in service `api`; expected `instances`, `servers`, `queue_capacity` or `routing`",
            "18:41: in variant `broken`: unknown service `dbb`; did you mean `db`?",
        ])
    }

    @Test func aBaseModelErrorIsReportedOnceThoughEveryVariantSeesIt() {
        let yaml = """
            name: m
            duration: 1m
            model:
              services: {api: {servers: zero}}
              requests: {get: {arrival_rate: 1/s, path: [{service: api, service_time: 1ms}]}}
            variants:
              a: {}
              b: {model: {services: {api: {instances: 2}}}}
            """
        #expect(located(yaml) == ["4:29: `servers` expects a whole number from 1 to 1000000, found `zero`"])
    }

    @Test func variantsMustBeANonEmptyMappingOfValidNames() {
        let yaml = Self.base + """
            variants:
              "two words": {}
              c: {model: 3, notes: x}
            """
        #expect(located(yaml) == [
            "14:3: a variant name expects letters, digits, `-`, `_` or `.` (but not `.` or `..`), found `two words`",
            "15:14: in variant `c`: `model` expects a mapping with `services:` and `requests:`, found `3`",
            "15:17: unknown key `notes` in variant `c`; expected `description`, `set`, `model`, `runtime`, "
                + "`storage` or `product_development`",
        ])
        #expect(located(Self.base + "variants: {}\n") == [
            "13:11: `variants` expects a mapping of variant names to their `description:` and `model:` overrides, "
                + "found an empty mapping"
        ])
    }

    @Test func mergeKeepsBaseOrderAndReplacesLists() throws {
        let base = try #require(try Yams.compose(yaml: "a: 1\nb: {x: 1, y: [1, 2]}\nc: 3\n"))
        let override = try #require(try Yams.compose(yaml: "b: {y: [9], z: 2}\nd: 4\n"))
        let merged = VariantMerge.merge(override, into: base)
        let expected = try #require(try Yams.compose(yaml: "a: 1\nb: {x: 1, y: [9], z: 2}\nc: 3\nd: 4\n"))
        #expect(merged == expected)
        #expect(merged.mapping?["b"]?.mapping?["y"]?.mark?.line == 1)
        #expect(merged.mapping?["b"]?.mapping?["x"]?.mark?.line == 2)
    }
}
