import Foundation
import Testing
import Yams

@testable import Reports
@testable import Scenario

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
        #expect(text.contains("- runtime.deployables.shop.services: added, [web, catalog]"))
        // web's own instance count is its deployable's now: no "1 instead of 2".
        #expect(!text.contains("runtime.services.web.instances"))
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

    @Test("an in-memory store is told as one sharded by its clients, with its memory and single thread")
    func inMemoryStore() throws {
        let yaml = Self.runtime.replacingOccurrences(
            of: "  endpoints:\n",
            with: """
                  storage:
                    sessions:
                      ring: {nodes: 2, replication_factor: 2, node: {memory_gb: 32, cpu_servers: 1, cpu_time: 20us}}
                  endpoints:

                """)
        // The text is wrapped: compare it as one line.
        let text = Explanation.text(try ScenarioLoader.parse(yaml: yaml, file: "e.yaml"))
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains(
            "Storage cluster `sessions`: an in-memory store of 2 nodes sharded by its clients (no coordinator), 2 copies "
                + "of each key; a node keeps 32 GB in memory, with no disk (its work is its CPU alone), 1 core "
                + "(single-threaded, as Redis)."), "\(text)")
    }

    @Test("a replica set is told with its members, write concern, read preference and failover, and drawn")
    func replicaSet() throws {
        let yaml = """
            name: rs
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster:
                replica_set:
                  members: [a, b, c]
                  primary_zone: b
                  write_concern: 1
                  read_preference: nearest
                  node: {memory_gb: 16, cpu_servers: 1, cpu_time: 10us}
              workload: {w: {operation: write, rate: 10/s}, r: {operation: read, rate: 10/s}}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "rs.yaml")
        let text = Explanation.text(scenario).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains(
            "The cluster is a MongoDB-style replica set of 3 members (in zones `a`, `b` and `c`), each on its own "
                + "memory, the primary in zone `b`; writes acknowledged by the primary alone (`write_concern: 1`), "
                + "reads from the nearest live member; a lost primary is noticed after 10 s and replaced by an "
                + "election of 2 s (a majority of members must be up); a node keeps 16 GB in memory"), "\(text)")
        #expect(text.contains("`cluster.elections` and `cluster.no_primary_time`"))
        guard case .storage(let storage) = scenario.variants[0].model else {
            Issue.record("expected a storage scenario")
            return
        }
        let dot = StoragePresenter(storage: storage).graph(name: "rs", duration: 60_000_000_000).render()
        // One cylinder per member, the primary in b; writes go to it, and it replicates to both others.
        #expect(dot.components(separatedBy: "cylinder").count - 1 == 3)
        #expect(dot.contains("\"member1\" [label=\"primary\""))
        #expect(dot.contains("\"member1\" -> \"member0\"") && dot.contains("\"member1\" -> \"member2\""))
    }

    @Test("a call's stages are told in order, each with its calls and how they run")
    func stages() throws {
        let yaml = """
            name: s
            duration: 1h
            runtime:
              zones: [a]
              services: {api: {}, db: {}}
              endpoints:
                home:
                  arrival_rate: 1/s
                  call:
                    service: api
                    work: 1ms
                    stages:
                      - fan_out: parallel
                        calls: [{service: db, work: 1ms}, {service: db, work: 1ms}, {service: api, work: 1ms}]
                      - {fan_out: parallel, wait_for: 1, calls: [{service: db, work: 1ms}, {service: db, work: 1ms}]}
                      - calls: [{service: db, work: 1ms}]
            """
        let text = Explanation.text(try ScenarioLoader.parse(yaml: yaml, file: "e.yaml"))
        #expect(text.contains(
            "`api` makes its calls in 3 stages, each once the previous has answered: 3 in parallel (`db`, `db` and "
                + "`api`), then 2 in parallel, going on once 1 has answered (`db` and `db`), then 1 call (`db`)."))
        #expect(text.contains("a request makes 7 calls on average"))
    }

    @Test("a repeated call's count is told, counted in calls per request and in the graph's rates")
    func repeatedCalls() throws {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services: {api: {}, db: {}, feed: {}}
              endpoints:
                home:
                  arrival_rate: 10/s
                  call:
                    service: api
                    work: 1ms
                    fan_out: parallel
                    calls:
                      - {service: feed, work: 1ms, repeat: {distribution: poisson, mean: 8}, probability: 0.5}
                      - {service: db, work: 1ms, repeat: 3, calls: [{service: feed, work: 1ms}]}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "r.yaml")
        let text = Explanation.text(scenario)
        #expect(text.contains(
            "`api` → `feed`: `repeat`: made a Poisson number of times (mean 8), in parallel; made with probability 0.5."))
        #expect(text.contains("`api` → `db`: `repeat`: made 3 times, in parallel."))
        // 1 + 0.5 × 8 + 3 × (1 + 1)
        #expect(text.contains("a request makes 11 calls on average"))
        let dot = ServiceGraph.dot(scenario.variants[0], of: scenario)
        #expect(dot.contains("\"tag:service:api → service:feed\" [label=\"40/s\\n×8 each time\""))
        #expect(dot.contains("\"tag:service:db → service:feed\" [label=\"30/s\""))
        #expect(dot.contains("\"tag:service:api → service:db\" [label=\"30/s\\n×3 each time\""))
    }

    @Test("the differing keys are named with both values in words")
    func differences() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.runtime, file: "e.yaml")
        let text = Explanation.text(scenario)
        #expect(text.contains("Scenario `explained`: a slow dependency"))
        #expect(text.contains("`small` (the baseline): as deployed."))
        #expect(text.contains("- runtime.services.api.instances: 6 instead of 3"))
        #expect(text.contains("- runtime.endpoints.home.call.calls[db].client.timeout: 1 s instead of 500 ms"))
        #expect(text.contains("- runtime.endpoints.home.call.calls[db].work: always 2 ms instead of exponential, mean 2 ms"))
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
        #expect(changes.contains(.init(path: "runtime.services.api.instances", old: "3", new: "6")))
        let added = ModelDifferences.Change(path: "runtime.services.cache", old: nil, new: "{name: cache}")
        #expect(Explanation.sentence(added) == "runtime.services.cache: added, {name: cache}")
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
        #expect(text.contains("- runtime.delivery.immutable.canary.bake: added, 10 min\n"))
        #expect(text.contains("- runtime.delivery.immutable.rollback_time: added, always 5 s\n"))
        #expect(text.contains("- runtime.delivery.train: removed\n"))
        #expect(text.contains("- runtime.deployables.shop: removed\n"))
        #expect(!text.contains("{"), "no mapping printed inline")
    }

    @Test("a baseline named by `baseline:` is the one compared with")
    func namedBaseline() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.runtime + "baseline: large\n", file: "e.yaml")
        let text = Explanation.text(scenario)
        #expect(text.contains("`large` (the baseline)"))
        #expect(text.contains("- runtime.services.api.instances: 3 instead of 6"))
    }
}

/// Every setting `cnsim explain` may name, checked against the parsers: a path must name a
/// node of the variant's model as the parsers read it (every key of which they accepted), or,
/// for a setting the file leaves to its default, be taken by the variant's `set:` without an
/// unknown key.
@Suite("Explain names settings by the file's keys")
struct ExplanationKeyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let scenarios = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// The file's root node.
    static func document(_ yaml: String) throws -> Node {
        guard case .document(let root) = DocumentComposer.compose(yaml) else { throw CocoaError(.fileReadCorruptFile) }
        return root
    }

    /// The model of variant `variant` as the parsers read it: its overrides over the base, then
    /// its `set:`, under the model's key (`{runtime: …}`).
    static func model(of variant: String, in root: Node) throws -> Node? {
        guard let variantNode = root["variants"]?[variant],
            let kind = ["model", "runtime", "storage", "product_development"].first(where: { root[$0] != nil }),
            let base = root[kind]
        else { return nil }
        var merged = variantNode[kind].map { VariantMerge.merge($0, into: base) } ?? base
        for (key, value) in variantNode["set"]?.mapping ?? Node.Mapping([]) {
            merged = try SettingPath(key.string ?? "")!.replacing(in: merged, with: value, skipping: 1)
        }
        return Node([(Node(kind), merged)])
    }

    /// The node at `path` in `node`, nil when a step names nothing.
    static func node(at path: String, in node: Node) -> Node? {
        guard let steps = SettingPath(path)?.steps else { return nil }
        var current = node
        for step in steps {
            switch (step, current) {
            case (.key(let key), .mapping(let mapping)):
                guard let next = mapping[Node(key)] else { return nil }
                current = next
            case (.entry(let name), .sequence(let items)):
                guard let next = Int(name).flatMap({ items.indices.contains($0) ? items[$0] : nil })
                    ?? items.first(where: { SettingPath.entryName($0) == name })
                else { return nil }
                current = next
            default: return nil
            }
        }
        return current
    }

    /// What the parsers say of the mapping `value` (YAML) put at `path` by variant `variant`'s
    /// `set:`: messages of a path naming nothing, an unknown key, or a mapping where a single
    /// value belongs (a key of the path that is a setting, not a section).
    static func problems(setting path: String, to value: String, in variant: String, of root: Node) throws -> [String] {
        guard case .mapping(var top) = root, case .mapping(var variants)? = top["variants"],
            case .mapping(var entry)? = variants[Node(variant)]
        else { return ["no variant `\(variant)`"] }
        var set = entry["set"]?.mapping ?? Node.Mapping([])
        set[Node(path)] = try Yams.compose(yaml: value)
        entry["set"] = .mapping(set)
        variants[Node(variant)] = .mapping(entry)
        top["variants"] = .mapping(variants)
        do {
            _ = try ScenarioLoader.parse(yaml: try Yams.serialize(node: .mapping(top)), file: "probe.yaml")
            return []
        } catch let error as ScenarioError {
            return error.diagnostics.map(\.message).filter {
                $0.contains("names nothing") || $0.contains("unknown key") || $0.contains("found a mapping")
            }
        }
    }

    /// The problems of the settings `keys` of the mapping at `parent`, which the file leaves
    /// to their defaults: each set to a word no setting takes, so that only the keys are judged,
    /// all in one mapping (an unknown key is reported whatever its siblings hold); where the
    /// file lacks the mapping itself, as a mapping at the deepest part that names something
    /// (`a.b: {c: {d: probe, e: probe}}`).
    static func problems(ofKeys keys: [String], under parent: String, in variant: String, of root: Node) throws -> [String] {
        var parts = parent.split(separator: ".").map(String.init)
        var value = "{" + keys.map { "\($0): probe" }.joined(separator: ", ") + "}"
        var found = try problems(setting: parent, to: value, in: variant, of: root)
        while found.contains(where: { $0.contains("names nothing") }), parts.count > 2, let last = parts.popLast(),
            !last.contains("[")
        {
            value = "{\(last): \(value)}"
            found = try problems(setting: parts.joined(separator: "."), to: value, in: variant, of: root)
        }
        return found
    }

    /// `path` as the path of its mapping and its last key; nil when it ends in an entry.
    static func split(_ path: String) -> (parent: String, key: String)? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("[") else { return nil }
        return (String(path[..<dot]), String(path[path.index(after: dot)...]))
    }

    @Test("every setting of every shipped scenario's variants is named by a path the parsers know", arguments: scenarios)
    func everySettingIsSettable(_ name: String) throws {
        let yaml = try String(contentsOfFile: Self.root.appendingPathComponent("scenarios/\(name)").path, encoding: .utf8)
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: name)
        let root = try Self.document(yaml)
        // Settings the file leaves to their defaults are judged once per shape of their mapping
        // (`…calls[*].client.retries`) and keys.
        var judged: Set<String> = []
        // A sweep's points are not variants of the file.
        for variant in scenario.variants {
            guard let model = try Self.model(of: variant.name, in: root) else { continue }
            let paths = Array(Set(ModelDifferences.settings(of: variant.model).map(\.path))).sorted()
            #expect(paths.count > 2)
            var defaults: [String: [String]] = [:]
            for path in paths where Self.node(at: path, in: model) == nil {
                let split = try #require(Self.split(path), "\(name): `\(path)` ends in an entry the file lacks")
                defaults[split.parent, default: []].append(split.key)
            }
            for (parent, keys) in defaults.sorted(by: { $0.key < $1.key }) {
                let shape = parent.replacingOccurrences(of: #"\[[^\]]*\]"#, with: "[*]", options: .regularExpression)
                guard judged.insert(shape + " " + keys.joined(separator: " ")).inserted else { continue }
                let problems = try Self.problems(ofKeys: keys, under: parent, in: variant.name, of: root)
                #expect(problems.isEmpty, "\(name), variant `\(variant.name)`: `\(parent)` \(keys): \(problems)")
            }
        }
    }

    @Test("retry-storm's and storage-zone-failure's variants are told in the paths their file writes")
    func shippedVariants() throws {
        func differences(_ name: String) throws -> [String] {
            let scenario = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(name).yaml").path)
            return Explanation.text(scenario).split(separator: "\n").filter { $0.hasPrefix("    - ") }.map { String($0.dropFirst(6)) }
        }
        let retries = try differences("retry-storm")
        let call = "runtime.endpoints.product-page.call.calls[ratings].client"
        for line in [
            "\(call).retries.backoff: 100 ms instead of 0 s", "\(call).retries.max_backoff: 2 s instead of 10 s",
            "\(call).retries.jitter: full instead of none", "\(call).retries.budget: added, 0.2",
            "\(call).circuit_breaker.sleep_window: added, 5 s", "\(call).circuit_breaker.error_threshold_percentage: added, 50",
            "\(call).fallback.work: added, always 1 ms", "\(call).retries: removed",
        ] {
            #expect(retries.contains(line), "\(line)")
        }
        let storage = try differences("storage-zone-failure")
        for line in [
            "storage.workload.reads.consistency: ONE instead of QUORUM", "storage.cluster.ring: removed",
            "storage.cluster.primary_replica.array.read_iops: added, 20000",
            "storage.cluster.primary_replica.node.capacity_tb: added, 6.4",
            "storage.cluster.primary_replica.failover_detection: added, 10 s",
        ] {
            #expect(storage.contains(line), "\(line)")
        }
        // Every line names its setting by a path of the file's keys: no model field names.
        for line in retries + storage {
            let path = String(line.prefix { $0 != ":" })
            #expect(SettingPath(path) != nil && !path.contains(where: \.isUppercase), "\(line)")
        }
    }

    @Test("the check finds the model's field names where the file's keys belong")
    func wrongKeysAreFound() throws {
        let yaml = try String(contentsOfFile: Self.root.appendingPathComponent("scenarios/retry-storm.yaml").path, encoding: .utf8)
        let root = try Self.document(yaml)
        let model = try #require(try Self.model(of: "budget-and-backoff", in: root))
        let call = "runtime.endpoints.product-page.call.calls[ratings]"
        #expect(Self.node(at: "\(call).client.retries.backoff", in: model)?.string == "100ms")
        let breaker = "\(call).client.circuit_breaker"
        #expect(try Self.problems(ofKeys: ["sleep_window", "buckets"], under: breaker, in: "budget-and-backoff", of: root).isEmpty)
        let wrongs = [
            "\(call).client.retries.base_backoff", "\(call).client.retry.backoff", "\(call).client.circuitBreaker.buckets",
            "\(call).fan_out.sequential",
        ]
        for wrong in wrongs {
            #expect(Self.node(at: wrong, in: model) == nil)
            let (parent, key) = try #require(Self.split(wrong))
            let problems = try Self.problems(ofKeys: ["sleep_window", key], under: parent, in: "budget-and-backoff", of: root)
            #expect(!problems.isEmpty, "\(wrong)")
        }
    }
}
