import CloudModel
import Foundation
import Scenario
import SimKernel

/// What differs between two models: their Codable encodings walked side by side, every changed
/// value listed with the path a scenario file gives it (`FileKeys`) and both values in words.
/// Works for any kind of model, including kinds added later, because it reads only the encoding.
enum ModelDifferences {
    /// One changed setting; nil on a side where it is absent.
    struct Change: Equatable {
        /// The setting as `set:` and `cnsim run --set` name it, e.g. `runtime.services.pool.servers`.
        var path: String
        var old: String?
        var new: String?
    }

    /// Keys whose numbers are simulated times in nanoseconds (`SimTime`), shown as times.
    static let timeKeys: Set<String> = [
        "healthCheckDelay", "timeout", "baseBackoff", "maxBackoff", "sleepWindow", "rollingWindow",
        "evaluationPeriod", "cooldown", "scaleInProtection", "time", "from", "to", "at", "latencyTarget",
        "failoverDetection", "promotionTime", "electionTime", "timeseriesResolution", "resolution", "period", "offset", "bake",
        "keepOld", "trainPeriod", "trainOffset", "attentionSpan", "duration", "flipTime", "settle", "sample",
        "dnsFailover",
    ]

    /// What an empty list means under keys where it is not "none".
    static let emptyListWords = ["zones": "every zone"]

    /// Every change from `base` to `variant` that the file sets itself, in encoding order (keys
    /// sorted, lists in order); a value that follows from others (`FileKeys`) is left out.
    static func changes(from base: ModelDescription, to variant: ModelDescription) -> [Change] {
        guard let old = try? JSONValue(encoding: base), let new = try? JSONValue(encoding: variant) else { return [] }
        var changes: [Change] = []
        compare(fileShaped(old), fileShaped(new), at: .root, into: &changes)
        return changes
    }

    /// Every setting of `model` that a file sets, each as added to nothing: the paths `cnsim
    /// explain` may name for it.
    static func settings(of model: ModelDescription) -> [Change] {
        guard let new = try? JSONValue(encoding: model) else { return [] }
        var changes: [Change] = []
        compare(nil, fileShaped(new), at: .root, into: &changes)
        return changes
    }

    /// The encoding in the file's shape where the two differ in structure: a call in stages
    /// holds all its calls in `children` and each stage only their count, where the file has the
    /// calls inside each stage (`stages[1].calls[db]`); a cache holds its follow-up calls in
    /// lists of at most one, where the file has the call (`cache.on_miss`).
    static func fileShaped(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(fileShaped))
        case .object(var object):
            for (list, key) in [("missCalls", "onMiss"), ("errorCalls", "onError"), ("refillCalls", "refill")] {
                guard let calls = object[list] else { continue }
                object[list] = nil
                if case .array(let calls) = calls, let call = calls.first { object[key] = call }
            }
            if case .array(let stages)? = object["stages"], !stages.isEmpty, case .array(let children)? = object["children"] {
                var next = 0
                object["stages"] = .array(
                    stages.map { stage in
                        guard case .object(var stage) = stage, case .number(let count)? = stage["calls"] else { return stage }
                        let end = min(children.count, next + Int(count))
                        stage["calls"] = nil
                        stage["children"] = .array(Array(children[next..<end]))
                        next = end
                        return .object(stage)
                    })
                object["children"] = nil
            }
            return .object(object.mapValues(fileShaped))
        default:
            return value
        }
    }

    private static func compare(
        _ old: JSONValue?, _ new: JSONValue?, at place: FileKeys.Place, into changes: inout [Change]
    ) {
        let (old, new) = (old?.unwrapped, new?.unwrapped)
        // A value the file does not set itself follows from settings listed on their own.
        guard old != new, let path = place.path else { return }
        // One setting in the file, a structure in the encoding: said in words as a whole.
        let leaf = [old, new].contains { $0.flatMap { words(ofSetting: $0, key: place.key) } != nil }
        switch (old, new) {
        case (.object(let old), .object(let new)) where old.distribution == nil && new.distribution == nil && !leaf:
            for name in Set(old.keys).union(new.keys).sorted() {
                let inner = FileKeys.place(of: name, in: place, old: old, new: new)
                compare(old[name], new[name], at: inner, into: &changes)
            }
        case (nil, .object(let new)) where new.distribution == nil && !new.isEmpty && !leaf,
            (.null, .object(let new)) where new.distribution == nil && !new.isEmpty && !leaf:
            // A section the baseline lacks (a ring swapped for master/slave): one line per setting,
            // short enough to read aloud.
            for name in new.keys.sorted() {
                compare(nil, new[name], at: FileKeys.place(of: name, in: place, old: nil, new: new), into: &changes)
            }
        case (.object(let old), nil) where old.distribution == nil && !leaf,
            (.object(let old), .null) where old.distribution == nil && !leaf:
            // The baseline's section, described under "What is simulated": named, not repeated.
            changes.append(Change(path: path, old: "", new: nil))
        default:
            if let (before, after) = lists(old, new), compareLists(before, after, at: place, into: &changes) { return }
            let (before, after) = (old.map { describe($0, key: place.key) }, new.map { describe($0, key: place.key) })
            changes.append(Change(path: path, old: before, new: after))
        }
    }

    /// Both sides as lists when one is and the other is a list too or absent (an empty list).
    private static func lists(_ old: JSONValue?, _ new: JSONValue?) -> ([JSONValue], [JSONValue])? {
        func list(_ value: JSONValue?) -> [JSONValue]?? {
            switch value {
            case .array(let list)?: list
            case nil, .null?: .some(nil)
            default: nil
            }
        }
        guard let before = list(old), let after = list(new), before != nil || after != nil else { return nil }
        return (before ?? [], after ?? [])
    }

    /// Lists of named entries entry by entry, lists of mappings item by item; false for any
    /// other lists (said whole).
    private static func compareLists(
        _ old: [JSONValue], _ new: [JSONValue], at place: FileKeys.Place, into changes: inout [Change]
    ) -> Bool {
        if let oldNamed = old.named, let newNamed = new.named {
            let key = old.isEmpty ? newNamed.key : oldNamed.key
            let added = newNamed.items.map(\.name).filter { name in !oldNamed.items.contains { $0.name == name } }
            let names = oldNamed.items.map(\.name) + added
            for name in names {
                let before = oldNamed.items.first { $0.name == name }?.value
                let after = newNamed.items.first { $0.name == name }?.value
                compare(before, after, at: FileKeys.entry(name, namedBy: key, of: place), into: &changes)
            }
            return true
        }
        guard (old + new).contains(where: \.isStructured), old.count == new.count || old.isEmpty || new.isEmpty else {
            return false
        }
        for index in 0..<max(old.count, new.count) {
            compare(
                old.indices.contains(index) ? old[index] : nil, new.indices.contains(index) ? new[index] : nil,
                at: FileKeys.item(index, of: place), into: &changes)
        }
        return true
    }

    /// A setting the file writes as one value that the encoding holds as a structure, in
    /// words: a constant arrival rate (not a schedule of one point), a fan-out, a watched metric,
    /// a choice without settings (`uniform` keys); nil for any other value.
    static func words(ofSetting value: JSONValue, key: String) -> String? {
        if key == "arrivals", let rate = FileKeys.constantRate(value) { return Wording.rate(rate) }
        if key == "metric", let metric = value.decoded(as: WatchedMetric.self) { return metric.name }
        if key == "repetitions", let count = value.decoded(as: CallCount.self) {
            switch count {
            case .fixed(let calls): return "\(calls)"
            case .poisson(let mean): return "Poisson, mean \(Wording.number(mean))"
            case .uniform(let min, let max): return "uniform from \(min) to \(max)"
            case .empirical(let counts): return "one of " + counts.map { "\($0)" }.joined(separator: ", ")
            }
        }
        if key == "fanOut", let fanOut = value.decoded(as: FanOut.self) {
            switch fanOut {
            case .sequential: return "sequential"
            case .parallel(let waitFor?): return "parallel, waiting for \(waitFor)"
            case .parallel(nil): return "parallel"
            }
        }
        guard case .object(let object) = value.unwrapped, object.count == 1, let choice = object.first,
            case .object(let settings) = choice.value.unwrapped, settings.isEmpty
        else { return nil }
        return FileKeys.snakeCase(choice.key)
    }

    /// A value in words: distributions and times with units, lists and mappings compactly.
    static func describe(_ value: JSONValue, key: String) -> String {
        if let words = words(ofSetting: value, key: key) { return words }
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
                // Poisson arrivals, named by their rate (`arrival_rate`, `idea_rate`).
                if key == "interarrival" || key == "ideaInterarrival", case .exponential(let mean) = distribution {
                    return Wording.rate(1 / mean)
                }
                return Wording.distribution(distribution)
            }
            if object.isEmpty { return "none" }
            let entries = object.keys.sorted().map { "\(FileKeys.snakeCase($0)): \(describe(object[$0]!, key: $0))" }
            return "{" + entries.joined(separator: ", ") + "}"
        }
    }
}
