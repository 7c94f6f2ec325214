import CSV
import Foundation

/// A CSV file built in memory with RFC 4180 quoting (CSV.swift's writer), ending in a newline.
public struct CSVDocument {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row needs one field per column")
        rows.append(row)
    }

    /// The encoded file.
    public func data() throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        guard var data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw CocoaError(.fileWriteUnknown)
        }
        data.append(0x0a)
        return data
    }
}

/// Formats numbers for CSV: nine significant digits, no locale, integers without a decimal point.
public func csvNumber(_ value: Double) -> String {
    csvNumber(value) { String(format: "%.9g", $0) }
}

/// `value` as CSV: `nan`, `inf`, `-inf`, whole numbers below 10¹⁵ without a point, every other
/// value by `fraction`.
func csvNumber(_ value: Double, fraction: (Double) -> String) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return fraction(value)
}
