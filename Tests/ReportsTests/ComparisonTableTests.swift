import SimKernel
import Testing

@testable import CloudModel
@testable import Reports

/// How the terminal table writes one measure.
@Suite("Comparison table cells")
struct ComparisonTableTests {
    @Test("a ratio just short of 100% shows how far short, not 100.00")
    func ratiosNearOne() {
        let nearlyAll = ComparisonTable.cell(ReplicationSummary([0.9999986, 0.9999990, 0.9999988]), unit: .ratio)
        #expect(nearlyAll.hasPrefix("99.99988 ± 0.0000"), "\(nearlyAll)")
        #expect(ComparisonTable.cell(ReplicationSummary([0.99978, 0.99977]), unit: .ratio) == "99.978 ± 0.006 %")
        // Far from 1, four significant digits as before; whole numbers without decimals.
        #expect(ComparisonTable.cell(ReplicationSummary([0.51234, 0.51236]), unit: .ratio).hasPrefix("51.24 ± "))
        #expect(ComparisonTable.cell(ReplicationSummary([0.5, 0.5]), unit: .ratio) == "50 ± 0 %")
        #expect(ComparisonTable.cell(ReplicationSummary([1, 1]), unit: .ratio) == "100 ± 0 %")
    }

    @Test("fitted to a width: variants in parts beside the metric column, no line longer; unchanged without one")
    func fitsColumns() {
        let rows = ["first-variant", "second-variant", "third-variant"].flatMap { variant in
            ["requests", "availability"].map { metric in
                SummaryRow(
                    scenario: "s", variant: variant, metric: metric, unit: metric == "requests" ? .count : .ratio,
                    summary: ReplicationSummary(metric == "requests" ? [84113, 84120] : [0.57, 0.58]))
            }
        }
        let whole = ComparisonTable.render(rows)
        #expect(ComparisonTable.render(rows, columns: 1000) == whole)
        #expect(whole.split(separator: "\n").filter { $0.hasPrefix("metric") }.count == 1)
        let widest = whole.split(separator: "\n").map(\.count).max() ?? 0
        // Room for the metric column and two variants, not three.
        let fitted = ComparisonTable.render(rows, columns: widest - 1)
        let headers = fitted.split(separator: "\n").filter { $0.hasPrefix("metric") }
        #expect(headers.count == 2, "\(fitted)")
        #expect(headers.first?.contains("second-variant") == true && headers.last?.contains("third-variant") == true)
        #expect(fitted.split(separator: "\n").allSatisfy { $0.count < widest }, "\(fitted)")
        // Each variant's cells are still there, once.
        #expect(fitted.components(separatedBy: " ± ").count - 1 == 6, "\(fitted)")
        #expect(ComparisonTable.fold("a bb ccc dddd", columns: 6) == "a bb\nccc\ndddd")
    }
}
