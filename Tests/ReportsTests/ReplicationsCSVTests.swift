import Foundation
import SimKernel
import Testing

@testable import CloudModel
@testable import Reports
@testable import Scenario

/// `replications.csv` holds every replication's metrics exactly: the summary and the comparison
/// recomputed from it alone are the files the run wrote, byte for byte (what a merge of shards
/// will rely on).
@Suite("replications.csv")
struct ReplicationsCSVTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    /// `results` rebuilt from the rows of its replications.csv: variants and replications in
    /// the order the rows give them, metrics with their units and values.
    static func reread(_ csv: Data, scenario: ScenarioDescription) throws -> ScenarioResults {
        var variants: [VariantResults] = []
        let lines = String(decoding: csv, as: UTF8.self).split(separator: "\n").dropFirst()
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 6, "\(line)")
            let (variant, replication) = (fields[1], try #require(Int(fields[2])))
            let unit = try #require(MetricUnit(rawValue: fields[4]))
            let value = fields[5].isEmpty ? Double.nan : try #require(Double(fields[5]), "\(line)")
            if variants.last?.name != variant { variants.append(VariantResults(name: variant, replications: [])) }
            if variants[variants.count - 1].replications.count == replication {
                variants[variants.count - 1].replications.append(ReplicationResult(metrics: [], events: 0))
            }
            variants[variants.count - 1].replications[replication].metrics.append(Metric(fields[3], unit, value))
        }
        return ScenarioResults(scenario: scenario, variants: variants)
    }

    @Test(arguments: ["mmc.yaml", "monitoring-minute-vs-second.yaml", "release-train.yaml"])
    func summaryAndComparisonRecomputeExactly(_ file: String) throws {
        var scenario = try ScenarioLoader.load(path: Self.scenarios.appendingPathComponent(file).path)
        scenario.replications = min(scenario.replications, 3)
        let results = ScenarioRunner.run(scenario, workers: 2)
        let records = try ReplicationsCSV.document(results).data()
        let reread = try Self.reread(records, scenario: scenario)
        #expect(
            try SummaryCSV.document(SummaryRow.rows(reread)).data() == SummaryCSV.document(SummaryRow.rows(results)).data())
        #expect(
            try ComparisonCSV.document(ComparisonRow.rows(reread))?.data()
                == ComparisonCSV.document(ComparisonRow.rows(results))?.data())
    }

    /// The committed results of a scenario too long to rerun whole in a test (see
    /// `CommittedResultsTests.replicationZeroOnly`): its summary and comparison are what its
    /// committed replications.csv gives, byte for byte.
    @Test(
        "results/NAME: summary.csv and comparison.csv follow from replications.csv",
        arguments: ["monolith-vs-microservices", "storage-scale-out"])
    func committedResultsRecompute(_ name: String) throws {
        let results = Self.scenarios.deletingLastPathComponent().appendingPathComponent("results/\(name)")
        let scenario = try ScenarioLoader.load(path: Self.scenarios.appendingPathComponent("\(name).yaml").path)
        let reread = try Self.reread(Data(contentsOf: results.appendingPathComponent("replications.csv")), scenario: scenario)
        #expect(try SummaryCSV.document(SummaryRow.rows(reread)).data() == Data(contentsOf: results.appendingPathComponent("summary.csv")))
        #expect(
            try ComparisonCSV.document(ComparisonRow.rows(reread))?.data()
                == Data(contentsOf: results.appendingPathComponent("comparison.csv")))
    }

    @Test("values read back to the same number; NaN is an empty field")
    func exactNumbers() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let value = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF | (random.next() & (1 << 63)))
            #expect(Double(ReplicationsCSV.exactNumber(value)) == value, "\(value)")
        }
        for value in [0.1, 1e-300, 123_456_789_012_345.0, 1e15, 0.3746, -2.5] {
            #expect(Double(ReplicationsCSV.exactNumber(value)) == value)
        }
        #expect(ReplicationsCSV.exactNumber(.nan) == "")
        #expect(ReplicationsCSV.exactNumber(3) == "3")
    }
}
