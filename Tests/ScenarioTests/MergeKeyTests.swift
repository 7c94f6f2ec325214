import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// Shared definitions: YAML merge keys and top-level `x-` keys (issue 15, part 6).
@Suite struct MergeKeyTests {
    /// Two services from one anchored set of defaults (one overriding a value), two calls with
    /// one client policy, the policies kept under an `x-` key.
    static let shared = """
        name: shared
        duration: 1h
        x-defaults:
          service: &service {instances: 4, servers: 8, boot_time: 90s}
          client: &client {timeout: 500ms}
          retries: &retries {retries: {max_attempts: 3}}
        runtime:
          zones: [a, b]
          services:
            api: {<<: *service, servers: 16}
            db:
              <<: *service
          endpoints:
            home:
              arrival_rate: 1/s
              call:
                service: api
                work: 1ms
                calls:
                  - {service: db, work: 2ms, client: {<<: [*client, *retries]}}
        """

    @Test("a merge key adds the anchored pairs a mapping does not give; the mapping's own win")
    func mergedDefaults() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.shared, file: "shared.yaml")
        let runtime = try #require(scenario.variants[0].runtime)
        let services = Dictionary(uniqueKeysWithValues: runtime.services.map { ($0.name, $0) })
        #expect(services["api"]?.instances == 4 && services["api"]?.servers == 16)
        #expect(services["db"]?.instances == 4 && services["db"]?.servers == 8)
        #expect(services["db"]?.bootTime == .constant(90))
        let client = try #require(runtime.endpoints.first?.root.children.first?.client)
        #expect(client.timeout == SimTime(seconds: 0.5))
        #expect(client.retry?.maxAttempts == 3)
    }

    @Test("the same file written out in full loads to the same scenario")
    func sameAsWrittenOut() throws {
        let written = """
            name: shared
            duration: 1h
            runtime:
              zones: [a, b]
              services:
                api: {instances: 4, servers: 16, boot_time: 90s}
                db: {instances: 4, servers: 8, boot_time: 90s}
              endpoints:
                home:
                  arrival_rate: 1/s
                  call:
                    service: api
                    work: 1ms
                    calls:
                      - {service: db, work: 2ms, client: {timeout: 500ms, retries: {max_attempts: 3}}}
            """
        let merged = try ScenarioLoader.parse(yaml: Self.shared, file: "shared.yaml")
        let plain = try ScenarioLoader.parse(yaml: written, file: "written.yaml")
        #expect(merged.variants[0].runtime == plain.variants[0].runtime)
    }

    @Test("an error in a merged value points at the line where it is written, under its anchor")
    func errorsPointAtTheDefinition() {
        let yaml = Self.shared.replacingOccurrences(of: "servers: 8, boot", with: "servers: eight, boot")
        // Both services merge the anchored `servers` (api overrides it, db does not).
        #expect(located(yaml) == ["4:45: `servers` expects a whole number from 1 to 1000000, found `eight`"])
    }

    @Test("a merge key naming something else than mappings is an error at its value")
    func badMergeValue() {
        let yaml = """
            name: m
            duration: 1h
            runtime:
              zones: [a]
              services: {api: {<<: 3}}
              endpoints: {home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}}
            """
        #expect(located(yaml) == [
            "5:24: `<<` (a merge key) expects a mapping or a list of mappings, usually aliases such as "
                + "`<<: *defaults` or `<<: [*a, *b]`"
        ])
    }

    @Test("`x-` keys are ignored at the top level only; elsewhere unknown keys stay errors")
    func extensionKeys() {
        let yaml = """
            name: m
            duration: 1h
            x-notes: anything at all
            runtime:
              zones: [a]
              x-defaults: {}
              services: {api: {}}
              endpoints: {home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}}
            """
        let messages = located(yaml)
        #expect(messages.count == 1 && messages.first?.hasPrefix("6:3: unknown key `x-defaults` in `runtime`") == true, "\(messages)")
    }
}

@Suite struct TerminalMetricsTests {
    @Test("`metrics:` lists the patterns the terminal table shows; anything else is an error in place")
    func parsed() throws {
        let yaml = RuntimeLoaderTests.minimalRuntime + "\nmetrics: [availability, \"home.*\"]\n"
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "r.yaml")
        #expect(scenario.terminalMetrics == ["availability", "home.*"])
        #expect(located(RuntimeLoaderTests.minimalRuntime + "\nmetrics: availability\n").first?.hasPrefix(
            "8:10: `metrics` expects a list of metric names or patterns") == true)
        #expect(located(RuntimeLoaderTests.minimalRuntime + "\nmetrics: [\"\"]\n").first?.hasSuffix("found an empty name") == true)
        #expect(located(RuntimeLoaderTests.minimalRuntime + "\nmetric: [cost]\n").first?.contains("did you mean `metrics`?") == true)
    }
}
