import Testing

@testable import CloudModel

@Suite("Shared tables")
struct SharedTableTests {
    @Test("records are appended, read and written in place, across growth")
    func appendAndWrite() {
        let table: SharedTable<Int> = []
        for value in 0..<100 { table.append(value) }
        #expect(table.count == 100)
        table[42] += 1_000
        #expect(table[42] == 1_042)
        #expect(Array(table) == (0..<100).map { $0 == 42 ? 1_042 : $0 })
        #expect(table.indices == 0..<100)
    }

    @Test("a copy shares the records; Array(table) keeps them as they were")
    func copiesShare() {
        let table = SharedTable(["a", "b"])
        let kept = Array(table)
        let copy = table
        copy[0] = "z"
        copy.append("c")
        #expect(Array(table) == ["z", "b", "c"])
        #expect(kept == ["a", "b"])
    }

    @Test("records holding references are released with the table")
    func releasesRecords() {
        final class Tracked {}
        weak var watched: Tracked?
        do {
            let tracked = Tracked()
            watched = tracked
            let table = SharedTable([tracked])
            #expect(table[0] === tracked)
        }
        #expect(watched == nil)
    }

    @Test("a record up to a line never straddles two; larger ones take whole lines")
    func lineAligned() {
        typealias Seven = (Int64, Int64, Int64, Int64, Int64, Int64, Int64)
        #expect(LineAlignedRecords<Seven>.recordBytes == 64)
        #expect(LineAlignedRecords<(Int64, Int64, Int64)>.recordBytes == 32)
        #expect(LineAlignedRecords<UInt8>.recordBytes == 1)
        #expect(LineAlignedRecords<(Seven, Seven)>.recordBytes == 128)
        let records = LineAlignedRecords<Seven>(capacity: 10)
        defer { records.deallocate() }
        for index in 0..<10 {
            let address = Int(bitPattern: records.record(index))
            #expect(address % 64 == 0)
        }
    }
}
