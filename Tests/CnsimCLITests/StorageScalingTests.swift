import Foundation
import Testing

/// Reads the committed storage-scale-out results, which "Committed results" proves are what
/// `cnsim run` produces now, so the heavy scenario runs once per test suite.
@Suite("Storage scale-out")
struct StorageScalingTests {
    /// Mean of `metric` per variant in results/storage-scale-out/summary.csv.
    func means(of metric: String) throws -> [String: Double] {
        let url = CommandRunner.packageRoot.appendingPathComponent("results/storage-scale-out/summary.csv")
        var values: [String: Double] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields[2] == metric { values[String(fields[1])] = Double(fields[5]) }
        }
        return values
    }

    @Test("writes/s per node from 96 to 1000 nodes stay above 90% of the 48-node figure")
    func scalingEfficiency() throws {
        let throughput = try means(of: "throughput_within_target")
        let nodes = try means(of: "cluster.nodes")
        let perNode = Dictionary(uniqueKeysWithValues: throughput.map { ($0.key, $0.value / nodes[$0.key]!) })
        let base = try #require(perNode["nodes=48"])
        for variant in ["nodes=96", "nodes=144", "nodes=288", "nodes=576", "nodes=1000"] {
            let efficiency = try #require(perNode[variant]) / base
            #expect(efficiency > 0.9, "\(variant): \(efficiency)")
        }
        // Calibration: Netflix's 288 nodes sustained over a million client writes per second.
        #expect(try #require(throughput["nodes=288"]) > 1_000_000)
    }
}
