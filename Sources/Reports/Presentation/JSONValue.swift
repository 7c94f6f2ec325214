import Foundation
import SimKernel

/// A JSON value, decoded strictly (a boolean is never a number), for walking Codable encodings.
enum JSONValue: Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value's Codable encoding.
    init<Value: Encodable>(encoding value: Value) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let list = try? container.decode([JSONValue].self) { self = .array(list) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// An unlabelled associated value (`{"_0": x}`) read as `x`.
    var unwrapped: JSONValue {
        if case .object(let object) = self, object.count == 1, let inner = object["_0"] { return inner }
        return self
    }

    var isStructured: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}

extension JSONValue: Encodable {
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let list): try container.encode(list)
        case .object(let object): try container.encode(object)
        }
    }
}

extension JSONValue {
    /// The value of `type` this encodes, if it is one.
    func decoded<Value: Decodable>(as type: Value.Type) -> Value? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}

extension [String: JSONValue] {
    /// The distribution this mapping encodes, if it is one.
    var distribution: Distribution? { JSONValue.object(self).decoded(as: Distribution.self) }
}

extension [JSONValue] {
    /// The items as (name, item) when every item is a mapping with a distinct `name` (or, for
    /// calls, a distinct `service`), with the key that names them; else nil.
    var named: (key: String, items: [(name: String, value: JSONValue)])? {
        for key in ["name", "service"] {
            let pairs = compactMap { item -> (name: String, value: JSONValue)? in
                guard case .object(let object) = item, case .string(let name)? = object[key] else { return nil }
                return (name, item)
            }
            if pairs.count == count, Set(pairs.map(\.name)).count == pairs.count { return (key, pairs) }
        }
        return nil
    }
}
