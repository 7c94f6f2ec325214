import CloudModel
import Foundation
import SimKernel
import Testing
import Yams

@testable import Scenario

/// Structure-aware fuzzing of the scenario reader: shipped scenarios with keys deleted and
/// repeated, values of the wrong type, numbers pushed to 0, negative, huge or NaN, units
/// changed, a value replaced by an alias of an earlier one (`&a` … `*a`, possibly its own
/// parent's, or nested aliases of aliases). Never a crash or a hang; a file that validates also
/// estimates and runs.
/// `CNSIM_FUZZ_CASES=100000 swift test --filter ScenarioFuzz` runs many more cases.
@Suite struct ScenarioFuzzTests {
    static let cases = Int(ProcessInfo.processInfo.environment["CNSIM_FUZZ_CASES"] ?? "") ?? 150

    static let shipped: [(name: String, text: String)] = CostEstimateTests.shipped.compactMap { name in
        let url = CostEstimateTests.scenarioFolder.appendingPathComponent(name)
        return (try? String(contentsOf: url, encoding: .utf8)).map { (name, $0) }
    }

    /// Scalars a mutated value may become: edges of every kind of value the reader takes.
    static let scalars = [
        "0", "-1", "1", "1e308", "-1e308", "1e12", "1000000", "1000001", ".nan", "NaN", ".inf", "-0", "", "~",
        "0s", "1ns", "-5s", "100w", "292y", "1e9/s", "1e15/s", "0/s", "-1/s", "abc", "0.5", "true", "x: y",
        "0.0000001ms", "1e-300", "18446744073709551616",
    ]

    /// Anchors of the mutated documents: a node holds its anchor weakly, so they live here.
    nonisolated(unsafe) static var anchors: [Anchor] = []

    @Test func mutatedShippedScenariosNeverCrashAndValidateAgreesWithRun() throws {
        var aliased = 0
        var valid = 0, invalid = 0, ran = 0
        let clock = ContinuousClock()
        for index in 0..<Self.cases {
            var random = SplitMix64(seed: UInt64(index))
            let shipped = Self.shipped[random.below(Self.shipped.count)]
            guard case .document(var node) = DocumentComposer.compose(shipped.text) else {
                Issue.record("\(shipped.name) does not compose")
                continue
            }
            for _ in 0...random.below(3) { node = Self.mutate(node, &random) }
            guard let yaml = try? Yams.serialize(node: node) else { continue }
            if yaml.contains("*a") { aliased += 1 }
            let start = clock.now
            let scenario: ScenarioDescription?
            do {
                scenario = try ScenarioLoader.parse(yaml: yaml, file: "fuzz.yaml")
            } catch let error as ScenarioError {
                scenario = nil
                #expect(!error.diagnostics.isEmpty, "case \(index): an error without a diagnostic")
            }
            #expect(start.duration(to: clock.now) < .seconds(10), "case \(index) validated slowly:\n\(yaml)")
            guard var scenario else {
                invalid += 1
                continue
            }
            valid += 1
            let estimate = CostEstimate.of(scenario)
            #expect(estimate.totalEvents.isFinite && estimate.totalEvents >= 0, "case \(index):\n\(yaml)")
            guard (estimate.eventsPerReplication.max() ?? 0) <= 50_000 else { continue }
            scenario.replications = 1
            let results = ScenarioRunner.run(scenario, workers: 1)
            ran += 1
            for variant in results.variants {
                // NaN marks a metric the replication could not measure; infinity is a bug.
                for metric in variant.replications.flatMap(\.metrics) where metric.value.isInfinite {
                    Issue.record("case \(index): \(variant.name) \(metric.name) = \(metric.value)\n\(yaml)")
                }
            }
        }
        print("fuzz: \(Self.cases) cases (\(aliased) with aliases), \(valid) valid (\(ran) run), \(invalid) invalid")
        #expect(aliased > 0, "no case made an alias")
        #expect(valid + invalid > 0)
    }

    /// `node` with one random change somewhere inside.
    static func mutate(_ node: Node, _ random: inout SplitMix64) -> Node {
        switch node {
        case .mapping(let mapping) where !mapping.isEmpty && random.below(4) != 0:
            var pairs = Array(mapping)
            let index = random.below(pairs.count)
            switch random.below(7) {
            case 0: pairs.remove(at: index)
            case 1: pairs.append(pairs[index])
            case 2 where pairs.count >= 2:
                // A later value becomes an alias of an earlier one, which takes an anchor.
                let earlier = random.below(pairs.count - 1)
                let later = earlier + 1 + random.below(pairs.count - 1 - earlier)
                let anchor = Anchor(rawValue: "a\(Self.anchors.count)")
                Self.anchors.append(anchor)
                pairs[earlier].value = anchored(pairs[earlier].value, anchor)
                pairs[later].value = .alias(Node.Alias(anchor))
            default: pairs[index].value = mutate(pairs[index].value, &random)
            }
            return .mapping(Node.Mapping(pairs.map { ($0.key, $0.value) }, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence) where !sequence.isEmpty && random.below(4) != 0:
            var items = Array(sequence)
            let index = random.below(items.count)
            switch random.below(5) {
            case 0: items.remove(at: index)
            case 1: items.append(items[index])
            default: items[index] = mutate(items[index], &random)
            }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        default:
            return replacement(for: node, &random)
        }
    }

    /// `node` carrying `anchor` (an alias keeps its own).
    static func anchored(_ node: Node, _ anchor: Anchor) -> Node {
        switch node {
        case .scalar(var scalar):
            scalar.anchor = anchor
            return .scalar(scalar)
        case .mapping(var mapping):
            mapping.anchor = anchor
            return .mapping(mapping)
        case .sequence(var sequence):
            sequence.anchor = anchor
            return .sequence(sequence)
        case .alias:
            return node
        }
    }

    /// A scalar's unit changed, or any node swapped for an edge value, a list or a mapping.
    static func replacement(for node: Node, _ random: inout SplitMix64) -> Node {
        if case .scalar(let scalar) = node, random.below(3) == 0,
            let unit = ["ms", "s", "m", "h", "d", "/s", "/min"].first(where: { scalar.string.hasSuffix($0) })
        {
            let other = ["ns", "us", "w", "/ms", "/w", "h", ""][random.below(7)]
            return .scalar(Node.Scalar(String(scalar.string.dropLast(unit.count)) + other))
        }
        switch random.below(8) {
        case 0: return .sequence(Node.Sequence([node, node]))
        case 1: return .mapping(Node.Mapping([(Node("value"), node)]))
        default: return .scalar(Node.Scalar(scalars[random.below(scalars.count)]))
        }
    }
}
