import Foundation
import Testing

@testable import Reports

/// The CSV writer writes what CSV.swift's writer writes, quoting included, on awkward fields.
@Suite("CSV documents")
struct CSVDocumentTests {
    @Test("the same bytes as CSV.swift's writer: commas, quotes, line breaks, Unicode, empty fields")
    func sameAsTheLibrary() throws {
        var document = CSVDocument(header: ["name", "value", "note"])
        let fields = [
            "", "plain", "a,b", "say \"hi\"", "\"", "line\nbreak", "cr\rhere", "crlf\r\nhere", "ünïcødé ✓", " spaced ",
            "100.00 %", "-1.5e-07", ",", "\"\"", "tab\there",
        ]
        for (index, field) in fields.enumerated() {
            document.append([field, String(index), fields[(index + 3) % fields.count]])
        }
        #expect(try document.data() == document.libraryData())
        let text = String(decoding: try document.data(), as: UTF8.self)
        #expect(text.hasPrefix("name,value,note\n,0,\"say \"\"hi\"\"\"\n"))
        #expect(text.hasSuffix("\n"))
    }
}
