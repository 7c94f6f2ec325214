import Foundation
import Scenario
import SimKernel

/// What differs between two models: their Codable encodings walked side by side, every changed
/// value listed with its path and both values in words. Works for any kind of model, including
/// kinds added later, because it reads only the encoding.
enum ModelDifferences {
    /// One changed setting; nil on a side where it is absent.
    struct Change: Equatable {
        /// Readable path, e.g. `services › pool › servers`.
        var path: String
        var old: String?
        var new: String?
    }

    /// Keys whose numbers are simulated times in nanoseconds (`SimTime`), shown as times.
    static let timeKeys: Set<String> = [
        "healthCheckDelay", "timeout", "baseBackoff", "maxBackoff", "sleepWindow", "rollingWindow",
        "evaluationPeriod", "cooldown", "scaleInProtection", "time", "from", "to", "at", "latencyTarget",
        "failoverDetection", "promotionTime", "timeseriesResolution", "resolution", "period", "offset", "bake",
        "keepOld", "trainPeriod", "trainOffset", "attentionSpan", "duration", "flipTime", "settle", "sample",
    ]

    /// What an empty list means under keys where it is not "none".
    static let emptyListWords = ["zones": "every zone"]

    /// Every change from `base` to `variant`, in encoding order (keys sorted, lists in order).
    static func changes(from base: ModelDescription, to variant: ModelDescription) -> [Change] {
        guard let old = try? JSONValue(encoding: base), let new = try? JSONValue(encoding: variant) else { return [] }
        var changes: [Change] = []
        // The top level is the kind of model (`{"runtime": …}`): not part of any path.
        if case .object(let oldKind) = old, case .object(let newKind) = new, oldKind.count == 1,
            let kind = oldKind.keys.first, newKind.keys.first == kind, newKind.count == 1
        {
            compare(oldKind[kind], newKind[kind], path: [], key: "", into: &changes)
        } else {
            compare(old, new, path: [], key: "", into: &changes)
        }
        return changes
    }

    private static func compare(
        _ old: JSONValue?, _ new: JSONValue?, path: [String], key: String, into changes: inout [Change]
    ) {
        let (old, new) = (old?.unwrapped, new?.unwrapped)
        if old == new { return }
        switch (old, new) {
        case (.object(let old), .object(let new)) where old.distribution == nil && new.distribution == nil:
            for name in Set(old.keys).union(new.keys).sorted() {
                compare(old[name], new[name], path: path + [words(name)], key: name, into: &changes)
            }
        case (nil, .object(let new)) where new.distribution == nil && !new.isEmpty,
            (.null, .object(let new)) where new.distribution == nil && !new.isEmpty:
            // A section the baseline lacks (a ring swapped for master/slave): one line per setting,
            // short enough to read aloud.
            for name in new.keys.sorted() {
                compare(nil, new[name], path: path + [words(name)], key: name, into: &changes)
            }
        case (.object(let old), nil) where old.distribution == nil,
            (.object(let old), .null) where old.distribution == nil:
            // The baseline's section, described under "What is simulated": named, not repeated.
            _ = old
            changes.append(Change(path: path.joined(separator: " › "), old: "", new: nil))
        case (.array(let old), .array(let new)) where old.named != nil && new.named != nil:
            let (oldNamed, newNamed) = (old.named!, new.named!)
            let names =
                oldNamed.map(\.name) + newNamed.map(\.name).filter { name in !oldNamed.contains { $0.name == name } }
            for name in names {
                let before = oldNamed.first { $0.name == name }?.value
                let after = newNamed.first { $0.name == name }?.value
                compare(before, after, path: path + [name], key: key, into: &changes)
            }
        case (.array(let old), .array(let new)) where old.count == new.count && old.contains(where: \.isStructured):
            for index in old.indices {
                compare(old[index], new[index], path: path + ["item \(index + 1)"], key: key, into: &changes)
            }
        default:
            changes.append(
                Change(
                    path: path.joined(separator: " › "), old: old.map { describe($0, key: key) },
                    new: new.map { describe($0, key: key) }))
        }
    }

    /// A value in words: distributions and times with units, lists and mappings compactly.
    static func describe(_ value: JSONValue, key: String) -> String {
        switch value.unwrapped {
        case .null: return "none"
        case .bool(let flag): return flag ? "yes" : "no"
        case .number(let number): return timeKeys.contains(key) ? Wording.time(SimTime(number)) : Wording.number(number)
        case .string(let text): return text
        case .array(let list):
            if list.isEmpty { return emptyListWords[key] ?? "none" }
            return "[" + list.map { describe($0, key: key) }.joined(separator: ", ") + "]"
        case .object(let object):
            if let distribution = object.distribution {
                if key == "interarrival", case .exponential(let mean) = distribution {
                    return "Poisson arrivals at \(Wording.rate(1 / mean))"
                }
                return Wording.distribution(distribution)
            }
            if object.isEmpty { return "none" }
            let entries = object.keys.sorted().map { "\(words($0)): \(describe(object[$0]!, key: $0))" }
            return "{" + entries.joined(separator: ", ") + "}"
        }
    }

    /// Encoding keys spelt as in the scenario file where the two differ.
    static let fileNames = ["root": "call", "children": "calls", "profile": "node", "arrivals": "arrival rate"]

    /// `queueCapacity` → `queue capacity`, `arrayReadIOPS` → `array read iops`.
    static func words(_ key: String) -> String {
        if let name = fileNames[key] { return name }
        var result = ""
        var previous: Character?
        for character in key {
            if character.isUppercase, previous?.isLowercase == true { result += " " }
            result += character.lowercased()
            previous = character
        }
        return result
    }
}
