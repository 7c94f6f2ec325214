import Foundation

/// Places in JSON text, for messages: Foundation's parser gives objects without positions.
enum JSONPlaces {
    /// The top value of the JSON `text`, as `JSONSerialization` reads it.
    /// - Throws: `ScenarioError` located in `file`: at 1:1 for a file of whitespace, and where
    ///   the parser stopped for text that is not JSON; `expected` says what the file should hold.
    static func document(_ text: String, file: String, expected: String) throws -> Any {
        let data = Data(text.utf8)
        func failure(_ message: String, at offset: Int?) -> ScenarioError {
            let place = offset.map { lineAndColumn(ofByte: $0, in: data) } ?? (line: 1, column: 1)
            return ScenarioError(diagnostics: [Diagnostic(file: file, line: place.line, column: place.column, message: message)])
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw failure("the file is empty; expected \(expected)", at: nil)
        }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw failure("not valid JSON (\(detail)); expected \(expected)", at: offset(inParserMessage: detail, of: data))
        }
    }

    /// One step of a path to a value: a key of an object, or an index (0-based) into a list.
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    /// The byte offset of every value in `data`, valid JSON (checked before asking), by its path
    /// from the top value (`[]`): `[.key("services"), .index(2), .key("name")]`. A key given
    /// twice in one object keeps its last value's place, as the parser keeps its value.
    ///
    /// - Complexity: O(*n*) for *n* bytes, and a path per value held.
    static func valueOffsets(in data: Data) -> [[Step]: Int] {
        var offsets: [[Step]: Int] = [:]
        var path: [Step] = []
        // Open containers: an object, or a list and the index of its current entry.
        var open: [(isObject: Bool, entries: Int)] = []
        var expectingValue = true, expectingKey = false
        var inString = false, escaped = false, stringIsKey = false, stringStart = 0
        for (offset, byte) in data.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5c {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                    if stringIsKey {
                        let key = (try? JSONSerialization.jsonObject(with: data[stringStart...offset], options: [.fragmentsAllowed])) as? String
                        path.append(.key(key ?? ""))
                        open[open.count - 1].entries += 1
                    }
                }
                continue
            }
            switch byte {
            case 0x20, 0x0a, 0x0d, 0x09:
                continue
            case 0x22 where expectingKey:
                (inString, stringIsKey, stringStart, expectingKey) = (true, true, offset, false)
                continue
            case 0x3a:  // `:` before an object's value
                expectingValue = true
                continue
            case 0x2c:  // `,` between entries
                path.removeLast()
                if open[open.count - 1].isObject {
                    expectingKey = true
                } else {
                    open[open.count - 1].entries += 1
                    path.append(.index(open[open.count - 1].entries))
                    expectingValue = true
                }
                continue
            case 0x7d, 0x5d:  // `}` or `]`: a list always holds its current index; an object its key once it has one
                if !open[open.count - 1].isObject || open[open.count - 1].entries > 0 { path.removeLast() }
                open.removeLast()
                (expectingValue, expectingKey) = (false, false)
                continue
            default:
                break
            }
            guard expectingValue else { continue }  // inside a number or literal
            offsets[path] = offset
            expectingValue = false
            switch byte {
            case 0x7b:
                open.append((true, 0))
                expectingKey = true
            case 0x5b:
                open.append((false, 0))
                path.append(.index(0))
                expectingValue = true
            case 0x22:
                (inString, stringIsKey) = (true, false)
            default:
                break
            }
        }
        return offsets
    }

    /// 1-based line and column (in Unicode scalars) of the byte at `offset`.
    static func lineAndColumn(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0a {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// The byte offsets of the entries of the lists `depth` containers deep (1: the top list's
    /// entries, 2: the entries of its entries), in order. The lists there must be lists (checked
    /// before asking), so a comma at that depth separates their entries.
    static func elementOffsets(in data: Data, depth wanted: Int) -> [Int] {
        var offsets: [Int] = []
        var depth = 0
        var inString = false, escaped = false, expecting = false
        for (offset, byte) in data.enumerated() {
            if inString {
                if escaped { escaped = false } else if byte == 0x5c { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09
            if expecting, depth == wanted, !isSpace, byte != 0x5d {
                offsets.append(offset)
                expecting = false
            }
            switch byte {
            case 0x22: inString = true
            case 0x5b, 0x7b:
                depth += 1
                if depth == wanted, byte == 0x5b { expecting = true }
            case 0x5d, 0x7d: depth -= 1
            case 0x2c where depth == wanted: expecting = true
            default: break
            }
        }
        return offsets
    }

    /// The offset in Foundation's "… around character N." (or the end, for "Unexpected end of
    /// file"); nil when the message names no place.
    static func offset(inParserMessage message: String, of data: Data) -> Int? {
        if message.contains("end of file") { return data.count }
        guard let range = message.range(of: "character ") else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber }).map { min($0, data.count) }
    }

    /// A JSON value's kind, for messages.
    static func describe(_ value: Any) -> String {
        switch value {
        case is [String: Any]: return "an object"
        case is [Any]: return "a list"
        case let text as String: return "the string \"\(text.prefix(40))\""
        case let number as NSNumber: return String(cString: number.objCType) == "c" ? "`\(number.boolValue)`" : "the number \(number)"
        case is NSNull: return "`null`"
        default: return "\(type(of: value))"
        }
    }
}
