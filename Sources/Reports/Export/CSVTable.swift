import CSV
import Foundation

/// A CSV file read back into memory: a header and rows of text fields.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Reads an RFC 4180 file; rows shorter or longer than the header are an error.
    public init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        header = reader.headerRow ?? []
        rows = []
        var line = 1
        while let row = reader.next() {
            line += 1
            guard row.count == header.count else {
                throw ExportError.malformed("\(url.path):\(line): expected \(header.count) fields, found \(row.count)")
            }
            rows.append(row)
        }
        if let error = reader.error { throw ExportError.malformed("\(url.path): \(error)") }
    }

    /// Index of a column, or nil.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The rows whose `name` column equals `value`.
    public func rows(where name: String, is value: String) -> [[String]] {
        guard let index = column(name) else { return [] }
        return rows.filter { $0[index] == value }
    }
}

/// Why an export could not be made; reported with exit status 2.
public enum ExportError: Error, CustomStringConvertible {
    case missing(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .missing(let message), .malformed(let message): return message
        }
    }
}
