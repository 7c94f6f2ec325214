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

    @Test("whole parts in groups of three digits; durations in ms, s, min, h and d; changes signed")
    func humanUnits() {
        #expect(ComparisonTable.cell(mean: 483_841_607, halfWidth: 13_035.5, unit: .count) == "483,841,607 ± 13,036")
        #expect(ComparisonTable.cell(mean: -1_234.5, halfWidth: 0.25, unit: .usd) == "-1,234 ± 0 USD")
        #expect(ComparisonTable.cell(mean: 999, halfWidth: nil, unit: .count) == "999")
        #expect(ComparisonTable.cell(mean: 12_345.678, halfWidth: 1, unit: .perSecond) == "12,346 ± 1 /s")
        #expect(ComparisonTable.cell(mean: 0.01266, halfWidth: 0.00004, unit: .seconds) == "12.66 ± 0.04 ms")
        #expect(ComparisonTable.cell(mean: 90.5, halfWidth: 1.5, unit: .seconds) == "90.50 ± 1.50 s")
        // From two minutes, minutes; from two hours, hours; from two days, days.
        #expect(ComparisonTable.cell(mean: 270, halfWidth: 6, unit: .seconds) == "4.500 ± 0.100 min")
        #expect(ComparisonTable.cell(mean: 30_157, halfWidth: 18_490, unit: .seconds) == "8.377 ± 5.136 h")
        #expect(ComparisonTable.cell(mean: 691_459, halfWidth: 16_934, unit: .seconds) == "8.003 ± 0.196 d")
        #expect(ComparisonTable.relativeChange(354.2) == "+35,420 %")
        #expect(ComparisonTable.relativeChange(-0.977833339) == "-97.78 %")
        #expect(ComparisonTable.relativeChange(0) == "0 %")
        #expect(ComparisonTable.signed(30.2, unit: .count) == "+30.20")
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
