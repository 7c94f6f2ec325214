import SimKernel

/// How a model's Codable encoding names its settings in a scenario file: the translation from
/// the model's field names to the keys the parsers read, written once. A field is the file's key
/// in snake case (`sleepWindow` is `sleep_window`, `capacityTB` is `capacity_tb`) except where
/// this says otherwise: a key spelt another way (`retry` is `retries`), a level only one of them
/// has (a runtime's `monitoring` holds its pipeline's keys itself), and values the file does not
/// set but that follow from others (a named entry's `name`, a multi-region ring's total
/// replication factor). A path reads as `set:` and `cnsim run --set` take it:
/// `runtime.endpoints.home.call.calls[db].client.retries.backoff`. ExplanationKeyTests checks
/// every setting of every shipped scenario's variants against the parsers: the path names a node
/// of the variant as they read it, or, for a default, `set:` takes it without an unknown key.
enum FileKeys {
    /// Where a value sits in the encoding and in the file.
    struct Place {
        /// Its path in the file; nil for a value the file does not set itself.
        var path: String?
        /// The encoding keys above it, from the kind of model down (entries left out).
        var keys: [String] = []
        /// The encoding key holding the value (its units depend on it).
        var key = ""
        /// The key that names the entry this value is a field of, if it is one (`name`, `service`).
        var entryKey: String? = nil

        static let root = Place(path: "")
    }

    /// How one encoding key reads in the file.
    enum Spelling: Equatable {
        /// The file's key, or keys joined by `.` where the file nests what the model flattens.
        case key(String)
        /// A level the file does not have: the value's own keys sit one level up.
        case skip
        /// Not set by the file itself.
        case derived
        /// The setting sits elsewhere in the file, under this path.
        case relocated(String)
    }

    /// The encoding keys of the kinds of model, where the file's differ.
    static let kinds = ["network": "model", "productDevelopment": "product_development"]

    /// Collections of named entries that the file writes as lists (`calls: [{service: db, …}]`,
    /// an entry picked as `calls[db]`); the others are mappings by name (`services: {db: …}`).
    static let lists: Set<String> = ["children", "stages", "chaos", "failures", "deploys", "path", "points"]

    /// The place of `key` in the object at `place`, whose two versions are `old` and `new`.
    static func place(of key: String, in place: Place, old: [String: JSONValue]?, new: [String: JSONValue]?) -> Place {
        let spelling = spelling(
            key, under: place.keys, entryKey: place.entryKey, values: (old?[key], new?[key]), siblings: (old, new))
        var path = place.path
        switch spelling {
        case .key(let name): path = path.map { $0.isEmpty ? name : $0 + "." + name }
        case .skip: break
        case .derived: path = nil
        case .relocated(let base): path = path.map { _ in base }
        }
        return Place(path: path, keys: place.keys + [key], key: key)
    }

    /// The place of the entry `name` (named by its `entryKey`) of the collection at `place`.
    static func entry(_ name: String, namedBy entryKey: String, of place: Place) -> Place {
        let list = place.keys.last.map(lists.contains) ?? false
        return Place(
            path: place.path.map { list ? "\($0)[\(name)]" : "\($0).\(name)" }, keys: place.keys, key: place.key,
            entryKey: entryKey)
    }

    /// The place of item `index` (from 0) of the list at `place`.
    static func item(_ index: Int, of place: Place) -> Place {
        Place(path: place.path.map { "\($0)[\(index)]" }, keys: place.keys, key: place.key)
    }

    /// How `key` reads under the encoding keys `keys`; `values` are its two versions and
    /// `siblings` the objects holding them.
    private static func spelling(
        _ key: String, under keys: [String], entryKey: String?, values: (JSONValue?, JSONValue?),
        siblings: ([String: JSONValue]?, [String: JSONValue]?)
    ) -> Spelling {
        guard let parent = keys.last else { return .key(kinds[key] ?? snakeCase(key)) }
        func either(_ test: (JSONValue) -> Bool) -> Bool { [values.0, values.1].contains { $0.map(test) ?? false } }
        func sibling(_ name: String, _ test: (JSONValue) -> Bool) -> Bool {
            [siblings.0, siblings.1].contains { $0?[name].map(test) ?? false }
        }
        let nonEmptyList: (JSONValue) -> Bool = {
            if case .array(let list) = $0.unwrapped { !list.isEmpty } else { false }
        }
        // Poisson arrivals are written as a rate; other times between arrivals as a distribution.
        let poisson = !either { !isExponential($0) }
        if key == entryKey { return .derived }
        switch (parent, key) {
        // Calls.
        case (_, "root"): return .key("call")
        case (_, "children"): return .key("calls")
        case (_, "repetitions"): return .key("repeat")
        // A call's `publish` flag is the file's `publish: QUEUE` in place of `service`.
        case (_, "publish"): return .derived
        case (_, "service") where sibling("publish") { $0.unwrapped == .bool(true) }: return .key("publish")
        case (_, "service") where sibling("storage") { $0.unwrapped != .null }: return .key("storage")
        case ("root", "storage"), ("children", "storage"), ("onMiss", "storage"), ("onError", "storage"),
            ("refill", "storage"):
            return .skip
        case (_, "arrivals"): return .key(either { constantRate($0) == nil } ? "rate_schedule" : "arrival_rate")
        case ("arrivals", "points"): return .skip
        case ("points", "time"): return .key("at")
        case (_, "interarrival"): return .key(poisson ? "arrival_rate" : "interarrival")
        case (_, "ideaInterarrival"): return .key(poisson ? "idea_rate" : "idea_interarrival")
        case (_, "retry"): return .key("retries")
        case ("retry", "baseBackoff"): return .key("backoff")
        // Services and where they run.
        case ("autoscaling", "minInstances"): return .key("min")
        case ("autoscaling", "maxInstances"): return .key("max")
        case ("autoscaling", "target"): return .skip
        case ("target", _) where keys.dropLast().last == "autoscaling": return .key("target_" + snakeCase(key))
        case ("runtime", "zones"), ("runtime", "region"):
            // With `regions`, each region lists its own zones.
            return sibling("regions", nonEmptyList) ? .derived : .key(key)
        case ("storage", "zoneRegions"): return .derived
        // Storage.
        case (_, "profile"): return .key("node")
        case (_, "cluster") where entryKey != nil: return .skip
        // A storage scenario runs in one region.
        case ("network", "crossRegion") where keys.first == "storage": return .derived
        case ("zipf", "exponent"): return .skip
        case ("primaryReplica", _) where key.hasPrefix("array"):
            return .key("array." + snakeCase(String(key.dropFirst(5))))
        case ("ring", "replicasPerRegion"): return .derived
        case ("ring", "replicationFactor"):
            // Across regions the file gives each region's count; the total follows.
            return sibling("replicasPerRegion", nonEmptyList) ? .derived : .key("replication_factor")
        // Monitoring, delivery and chaos.
        case ("monitoring", "pipeline"): return .skip
        case ("pipeline", "rule"): return .key("alert")
        case ("immutable", "bake"): return .key("canary.bake")
        case ("immutable", "canaryShare"): return .key("canary.share")
        case ("train", "trainPeriod"): return .key("period")
        case ("train", "trainOffset"): return .key("offset")
        case ("delivery", "releases"): return .relocated("runtime.deployables")
        case ("releases", _): return .key(key + ".release")
        case ("randomErrors", "incidents"): return .skip
        case ("incidents", "minErrorRatio"): return .key("probability.min")
        case ("incidents", "maxErrorRatio"): return .key("probability.max")
        default: return .key(snakeCase(key))
        }
    }

    /// `sleepWindow` → `sleep_window`, `capacityTB` → `capacity_tb`, `readIOPS` → `read_iops`.
    static func snakeCase(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if !previous.isUppercase || next?.isLowercase == true { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }

    /// Whether `value` encodes an exponential distribution.
    static func isExponential(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value.unwrapped, case .exponential? = object.distribution else { return false }
        return true
    }

    /// The rate of an arrival schedule that is one rate from the start [1/s]; nil for any other.
    static func constantRate(_ value: JSONValue) -> Double? {
        guard case .object(let schedule) = value.unwrapped, case .array(let points)? = schedule["points"],
            points.count == 1, case .object(let point) = points[0], case .number(0)? = point["time"],
            case .number(let rate)? = point["rate"]
        else { return nil }
        return rate
    }
}
