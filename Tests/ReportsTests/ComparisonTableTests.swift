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
}
