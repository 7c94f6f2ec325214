import CloudModel
import Testing

@testable import Scenario

/// `deployables:` in a runtime: how services are packaged, and what contradicts it.
@Suite struct PackagingDiagnosticTests {
    @Test func membersOfDeployables() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                web: {}
                catalog: {}
                pricing: {}
              deployables:
                shop: {services: [web, catalgo], instances: 2}
                store: {services: [pricing, web]}
                empty: {services: []}
                pricing: {services: [pricing, catalog]}
                home: {services: [catalog], servrs: 2}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: web, work: 1ms}}
            """
        #expect(located(yaml) == [
            "10:28: unknown service `catalgo`; did you mean `catalog`?",
            "11:33: service `web` is already in deployable `shop` (at 10:23); a service ships in one deployable",
            "12:23: `services` expects a non-empty list of the services it packages, like `[web, catalog]`, "
                + "found an empty list",
            "13:5: deployable `pricing` has the same name as service `pricing` (given at 8:5) but does not package "
                + "it alone; only a deployable of that one service may share its name",
            "13:26: service `pricing` is already in deployable `store` (at 11:24); a service ships in one deployable",
            "14:5: deployable `home` has the same name as endpoint `home` (given at 16:5); deployable and endpoint "
                + "names must differ",
            "14:23: service `catalog` is already in deployable `pricing` (at 13:35); a service ships in one deployable",
            "14:33: unknown key `servrs` in deployable `home`; did you mean `servers`?",
        ])
    }

    @Test func instanceSettingsBelongToTheDeployable() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                web: {servers: 8, error_probability: 0.01}
                catalog: {instances: 3}
              deployables:
                shop: {services: [web, catalog], servers: 16}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: web, work: 1ms}}
            """
        #expect(located(yaml) == [
            "6:11: `servers` is given both for service `web` and for its deployable `shop` (at 9:38); the "
                + "deployable's instances serve it, so give it there only",
            "7:15: `instances` does not apply to service `catalog`, which runs on the instances of deployable "
                + "`shop`; give it on the deployable",
        ])
    }

    @Test func onlyAFallbackOnAnInProcessCall() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services: {web: {}, catalog: {}, db: {}}
              deployables:
                shop: {services: [web, catalog]}
              endpoints:
                home:
                  arrival_rate: 1/s
                  call:
                    service: web
                    work: 1ms
                    calls:
                      - {service: catalog, work: 1ms, client: {timeout: 1s}}
                      - {service: db, work: 1ms, client: {timeout: 1s}}
                      - {service: web, work: 1ms, client: {timeout: 1s}}
            """
        #expect(located(yaml) == [
            "15:52: `timeout` does not apply to call 1 under `web` in endpoint `home`: `web` and `catalog` are both "
                + "in deployable `shop`, so the call is in-process, with no network hop for a timeout, retry, "
                + "breaker or bulkhead to guard; only `fallback` applies (the caller catches the failure)"
        ])
    }

    /// The base runs microservices; the variant packages them, removing their own instance
    /// settings with `null`.
    @Test func aVariantSwapsPackaging() throws {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a, b]
              services:
                web: {instances: 3, servers: 8}
                catalog: {instances: 2, error_probability: 0.01}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: web, work: 1ms, calls: [{service: catalog, work: 2ms}]}}
            variants:
              microservices: {}
              monolith:
                runtime:
                  services:
                    web: {instances: null, servers: null}
                    catalog: {instances: null}
                  deployables:
                    shop: {services: [web, catalog], instances: 4, servers: 12, zones: [b]}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "test.yaml")
        let micro = try #require(scenario.variants[0].runtime)
        let mono = try #require(scenario.variants[1].runtime)
        #expect(micro.deployables.isEmpty)
        #expect(micro.packaging.map(\.name) == ["web", "catalog"])
        #expect(micro.packaging[0].instances == 3 && micro.packaging[0].servers == 8)
        #expect(mono.packaging == [
            DeployableSpec(name: "shop", services: ["web", "catalog"], instances: 4, zones: ["b"], servers: 12)
        ])
        #expect(mono.services[1].errorProbability == 0.01)
    }
}
