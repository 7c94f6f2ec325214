import Foundation
import Scenario
import Testing

@testable import Reports

@Suite("Explain")
struct ExplanationTests {
    static let runtime = """
        name: explained
        description: a slow dependency
        duration: 10m
        warmup: 1m
        replications: 3
        runtime:
          zones: [a, b]
          services:
            api: {instances: 3, servers: 8}
            db: {instances: 2}
          endpoints:
            home:
              arrival_rate: 100/s
              call:
                service: api
                work: 5ms
                calls:
                  - service: db
                    work: {distribution: exponential, mean: 2ms}
                    client: {timeout: 500ms}
        variants:
          small: {description: as deployed}
          large:
            description: more api instances, a longer timeout
            runtime:
              services: {api: {instances: 6}}
              endpoints: {home: {call: {calls: [{service: db, work: 2ms, client: {timeout: 1s}}]}}}
          same: {}

        """

    @Test("a deployable is described with the services it packages; a variant's packaging shows as a change")
    func packaging() throws {
        let yaml = """
            name: p
            duration: 1h
            runtime:
              zones: [a, b]
              services: {web: {instances: 2}, catalog: {}}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: web, work: 1ms, calls: [{service: catalog, work: 1ms}]}}
            variants:
              micro: {}
              mono:
                runtime:
                  services: {web: {instances: null}}
                  deployables: {shop: {services: [web, catalog], instances: 3, servers: 4}}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "p.yaml")
        let text = Explanation.text(scenario)
        #expect(text.contains("Service `web` starts with 2 instances (1 in `a` and 1 in `b`)"))
        #expect(text.contains("- deployables › shop › services: added, [web, catalog]"))
        // web's own instance count is its deployable's now: no "1 instead of 2".
        #expect(!text.contains("services › web › instances"))
        guard case .runtime(let mono) = scenario.variants[1].model else {
            Issue.record("expected a runtime")
            return
        }
        let sentences = RuntimePresenter(runtime: mono).sentences(duration: 3_600_000_000_000)
        #expect(sentences.contains(
            "Deployable `shop` packages `web` and `catalog`, which call each other in-process (no network hop; a "
                + "fallback is the only client policy); it starts with 3 instances (2 in `a` and 1 in `b`), each serving 4 requests at once."))
    }

    @Test("each call's client policy and storage access are told in the file's keys")
    func clientPolicies() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.runtime, file: "e.yaml")
        #expect(Explanation.text(scenario).contains("`api` → `db`: `timeout` 500 ms per attempt."))
        let yaml = Self.runtime.replacingOccurrences(
            of: "client: {timeout: 500ms}",
            with: "client: {timeout: 500ms, retries: {max_attempts: 3}, bulkhead: 10, fallback: {work: 1ms}}")
        let text = Explanation.text(try ScenarioLoader.parse(yaml: yaml, file: "e.yaml"))
        #expect(text.contains(
            "`api` → `db`: `timeout` 500 ms per attempt; `retries`: up to 3 attempts, no backoff; `bulkhead` of 10 calls "
                + "in flight; `fallback` taking always 1 ms."))
    }

    @Test("the differing keys are named with both values in words")
    func differences() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.runtime, file: "e.yaml")
        let text = Explanation.text(scenario)
        #expect(text.contains("Scenario `explained`: a slow dependency"))
        #expect(text.contains("`small` (the baseline): as deployed."))
        #expect(text.contains("- services › api › instances: 6 instead of 3"))
        #expect(text.contains("timeout: 1 s instead of 500 ms"))
        #expect(text.contains("work: always 2 ms instead of exponential, mean 2 ms"))
        #expect(text.contains("`same`.\n    Its model is the same as the baseline's."))
        // What is simulated: sizes, rates, durations, replications, warm-up.
        #expect(text.contains("Service `api` starts with 3 instances (2 in `a` and 1 in `b`)"))
        #expect(text.contains("Endpoint `home` receives a Poisson stream of 100/s entering `api`; a request makes 2 calls"))
        #expect(text.contains("Each run simulates 10 min; the first 1 min are warm-up"))
        #expect(text.contains("run 3 times (replications) from seed 1"))
        #expect(text.contains("comparison.csv gives each variant's difference from `small`"))
    }

    @Test("identical models have no differences; added and removed settings are told apart")
    func modelDifferences() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.runtime, file: "e.yaml")
        let (small, same) = (scenario.variants[0].model, scenario.variants[2].model)
        #expect(ModelDifferences.changes(from: small, to: same).isEmpty)
        let changes = ModelDifferences.changes(from: small, to: scenario.variants[1].model)
        #expect(changes.contains(.init(path: "services › api › instances", old: "3", new: "6")))
        let added = ModelDifferences.Change(path: "services › cache", old: nil, new: "{name: cache}")
        #expect(Explanation.sentence(added) == "services › cache: added, {name: cache}")
        #expect(Explanation.sentence(.init(path: "x", old: "1", new: nil)) == "x: removed (was 1)")
    }

    @Test("a variant swapping a section lists the new settings one per line and names the section it drops")
    func swappedSection() throws {
        let scenario = try ScenarioLoader.parse(
            yaml: try String(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("scenarios/monolith-vs-microservices.yaml"),
                encoding: .utf8),
            file: "monolith-vs-microservices.yaml")
        let text = Explanation.text(scenario)
        #expect(text.contains("- delivery › immutable › bake: added, 10 min\n"))
        #expect(text.contains("- delivery › immutable › rollback time: added, always 5 s\n"))
        #expect(text.contains("- delivery › train: removed\n"))
        #expect(text.contains("- deployables › shop: removed\n"))
        #expect(!text.contains("{"), "no mapping printed inline")
    }

    @Test("a baseline named by `baseline:` is the one compared with")
    func namedBaseline() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.runtime + "baseline: large\n", file: "e.yaml")
        let text = Explanation.text(scenario)
        #expect(text.contains("`large` (the baseline)"))
        #expect(text.contains("- services › api › instances: 3 instead of 6"))
    }
}
