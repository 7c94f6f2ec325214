import CloudModel
import Testing

@testable import Scenario

/// `cores:` on a service, a deployable and `generate`: read as given, absent as none, and every
/// mistake reported at its line and column.
@Suite struct CoresParserTests {
    @Test func coresAreReadOnServicesDeployablesAndGeneratedGraphs() throws {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                api: {servers: 64, cores: 4}
                web: {}
                catalog: {}
                plain: {servers: 8}
              deployables:
                shop: {services: [web, catalog], servers: 32, cores: 0.5}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
            """
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants[0].runtime)
        #expect(runtime.services.map(\.cores) == [4, nil, nil, nil])
        #expect(runtime.packaging.map(\.name) == ["api", "shop", "plain"])
        #expect(runtime.packaging.map(\.cores) == [4, 0.5, nil])
        let generated = """
            name: g
            duration: 1h
            runtime:
              zones: [a]
              generate: {services: 3, layers: 2, fan_out: 1, arrival_rate: 5/s, servers: 16, cores: 2}
            """
        let graph = try #require(try ScenarioLoader.parse(yaml: generated, file: "g.yaml").variants[0].runtime)
        #expect(graph.services.map(\.cores) == [2, 2, 2])
    }

    @Test func coresDiagnostics() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                api: {cores: 0}
                db: {cores: many}
                cache: {core: 2}
                search: {cores: 0.0001}
                web: {cores: 2}
                catalog: {}
              deployables:
                shop: {services: [web, catalog], cores: -1}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
            """
        #expect(located(yaml) == [
            "6:18: `cores` expects a number from 0.001 to 1000000 (cores per instance, like `4` or `0.5`), found `0`",
            "7:17: `cores` expects a number from 0.001 to 1000000 (cores per instance, like `4` or `0.5`), found "
                + "`many`",
            "8:13: unknown key `core` in service `cache`; did you mean `cores`?",
            "9:21: `cores` expects a number from 0.001 to 1000000 (cores per instance, like `4` or `0.5`), found "
                + "`0.0001`",
            "10:11: `cores` is given both for service `web` and for its deployable `shop` (at 13:38); the "
                + "deployable's instances serve it, so give it there only",
            "13:45: `cores` expects a number from 0.001 to 1000000 (cores per instance, like `4` or `0.5`), found `-1`",
        ])
        let generate = "name: r\nduration: 1h\nruntime:\n  zones: [a]\n  generate: {services: 1, layers: 1, "
            + "fan_out: 1, arrival_rate: 5/s, cores: 0}\n"
        #expect(located(generate) == [
            "5:76: `cores` expects a number from 0.001 to 1000000 (cores per instance, like `4` or `0.5`), found `0`"
        ])
    }
}
