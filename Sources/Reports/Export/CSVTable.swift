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

    /// Reads an RFC 4180 file; an empty file, bytes that are not UTF-8 text, and rows shorter
    /// or longer than the header are `ExportError.malformed`, as `FILE:LINE: …`.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
            throw ExportError.malformed("\(url.path):1: expected CSV text (UTF-8), found other bytes")
        }
        guard !text.isEmpty else {
            throw ExportError.malformed("\(url.path):1: the file is empty; expected a header row")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw ExportError.malformed("\(url.path):1: not a CSV header: \(error)")
        }
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
        if let error = reader.error { throw ExportError.malformed("\(url.path):\(line + 1): \(error)") }
    }

    /// Checks that every row holds a finite number in each of `required` columns, and a finite
    /// number or nothing in each of `optional` ones; `file` names the file in the message.
    ///
    /// - Throws: `ExportError.malformed` as `FILE:LINE: …` at the first cell that is not.
    public func checkNumbers(required: [String], optional: [String] = [], file: URL) throws {
        let columns = (required.map { ($0, false) } + optional.map { ($0, true) }).compactMap { name, mayBeEmpty in
            column(name).map { (name: name, index: $0, mayBeEmpty: mayBeEmpty) }
        }
        for (offset, row) in rows.enumerated() {
            for column in columns {
                let cell = row[column.index]
                if cell.isEmpty, column.mayBeEmpty { continue }
                guard let value = Double(cell), value.isFinite else {
                    // Line 1 is the header (no field of cnsim's CSV spans lines).
                    throw ExportError.malformed(
                        "\(file.path):\(offset + 2): `\(column.name)` expects a number, found `\(cell)`")
                }
            }
        }
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
