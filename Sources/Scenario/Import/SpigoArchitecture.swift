import Foundation

/// A spigo/simianviz architecture file (`json_arch/NAME_arch.json`), read as spigo's loader reads
/// it: services with a package, instances per region (`count`), regions and dependencies, each
/// name unique (`eureka`, the service registry, is always there), each package one of spigo's,
/// each dependency a name of the file.
struct SpigoArchitecture {
    /// spigo's packages: what a service's nodes simulate.
    enum Package: String, CaseIterable {
        case eureka, pirate, elb, denominator, zuul, karyon, monolith, staash, priamCassandra, store, riak, volume, cache
    }

    /// A place in the file, for diagnostics.
    struct Place: Hashable {
        var line: Int
        var column: Int
    }

    struct Service {
        var name: String
        var package: Package
        /// spigo's `count`: nodes per region, spread over its zones in turn; 0 makes one node per
        /// region that spans its zones (an ELB, S3).
        var count: Int
        /// spigo's `regions`, before the `-w` multiplier; 0 (also when missing) makes one node
        /// outside every region and zone whatever the count (a DNS name).
        var regions: Int
        var regionsGiven: Bool
        /// Names of the file's services (itself for cluster peers), or `eureka` (cross-region).
        var dependencies: [String]
        var place: Place
        var regionsPlace: Place
        var dependencyPlaces: [Place]
    }

    /// The loader's special name: the registry every architecture has, named in the
    /// dependencies of a service that looks up other regions' nodes.
    static let registry = "eureka"

    var arch: String
    var version: String
    var description: String
    var victim: String
    var victimPlace: Place
    var services: [Service]
    var servicesPlace: Place
    /// Problems spigo lets pass but the user should see.
    var warnings: [Diagnostic]

    static let expected =
        "a spigo architecture: a JSON object with `arch`, `version`, `description`, `victim` and `services`, a list of "
        + "services each with `name`, `package`, `count`, `regions` and `dependencies`"

    static let topKeys = ["arch", "version", "description", "args", "date", "victim", "services"]
    static let serviceKeys = ["name", "package", "count", "regions", "dependencies", "machine", "instance", "container", "process"]

    /// The architecture in `text`; `file` names it in diagnostics.
    /// - Throws: `ScenarioError` with every error, in file order.
    init(json text: String, file: String) throws {
        let root = try JSONPlaces.document(text, file: file, expected: Self.expected)
        var reader = Reader(data: Data(text.utf8), file: file)
        guard let top = root as? [String: Any], let list = top["services"] else {
            let found =
                (root as? [String: Any]).map { object in
                    "an object without `services` (its keys: \(Suggestions.list(object.keys.sorted(), conjunction: "and")))"
                } ?? JSONPlaces.describe(root)
            throw reader.failure("expected \(Self.expected), found \(found)", at: [])
        }
        reader.warnUnknownKeys(top, at: [], known: Self.topKeys, place: "the architecture")
        let text = { (key: String) in reader.string(top[key], at: [.key(key)], key: key) ?? "" }
        arch = text("arch")
        version = text("version")
        description = text("description")
        victim = text("victim")
        for key in ["args", "date"] { _ = text(key) }  // checked, and only shown in spigo's logs
        victimPlace = reader.place([.key("victim")])
        servicesPlace = reader.place([.key("services")])
        guard let entries = list as? [Any] else {
            throw reader.failure("`services` expects a list of services, found \(JSONPlaces.describe(list))", at: [.key("services")])
        }
        guard !entries.isEmpty else {
            throw reader.failure("`services` is an empty list; an architecture needs at least one service", at: [.key("services")])
        }
        services = entries.enumerated().compactMap { index, entry in reader.service(entry, index: index) }
        reader.checkNames()
        if !reader.errors.isEmpty { throw ScenarioError(diagnostics: reader.errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        warnings = reader.warnings
    }
}

/// Reads the JSON values of an architecture, collecting located errors and warnings.
private struct Reader {
    let data: Data
    let file: String
    let offsets: [[JSONPlaces.Step]: Int]
    var errors: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    /// Every service with a name, read or not: the names and dependencies checked against each other.
    var declared: [(name: String, place: SpigoArchitecture.Place, dependencies: [(name: String, place: SpigoArchitecture.Place)])] = []

    init(data: Data, file: String) {
        self.data = data
        self.file = file
        offsets = JSONPlaces.valueOffsets(in: data)
    }

    /// Where the value at `path` starts; its nearest enclosing value's place when the path is
    /// not in the file (a missing key).
    func place(_ path: [JSONPlaces.Step]) -> SpigoArchitecture.Place {
        var path = path
        while offsets[path] == nil, !path.isEmpty { path.removeLast() }
        let at = JSONPlaces.lineAndColumn(ofByte: offsets[path] ?? 0, in: data)
        return SpigoArchitecture.Place(line: at.line, column: at.column)
    }

    func diagnostic(_ message: String, at path: [JSONPlaces.Step], _ severity: Diagnostic.Severity) -> Diagnostic {
        let at = place(path)
        return Diagnostic(file: file, line: at.line, column: at.column, message: message, severity: severity)
    }

    func failure(_ message: String, at path: [JSONPlaces.Step]) -> ScenarioError {
        ScenarioError(diagnostics: [diagnostic(message, at: path, .error)])
    }

    mutating func error(_ message: String, at path: [JSONPlaces.Step]) { errors.append(diagnostic(message, at: path, .error)) }

    mutating func warning(_ message: String, at path: [JSONPlaces.Step]) { warnings.append(diagnostic(message, at: path, .warning)) }

    /// spigo (Go's JSON decoder) ignores keys it does not know; a misspelt one is worth a word.
    mutating func warnUnknownKeys(_ object: [String: Any], at path: [JSONPlaces.Step], known: [String], place: String) {
        for key in object.keys.sorted() where !known.contains(key) {
            let hint = Suggestions.hint(for: key, in: known, otherwise: "expected \(Suggestions.list(known))")
            warning("unknown key `\(key)` in \(place), which spigo ignores; \(hint)", at: path + [.key(key)])
        }
    }

    /// A string setting: nil when missing or `null` (Go leaves the field empty), reported when
    /// another kind of value.
    mutating func string(_ value: Any?, at path: [JSONPlaces.Step], key: String) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            error("`\(key)` expects a string, found \(JSONPlaces.describe(value))", at: path)
            return nil
        }
        return text
    }

    /// A whole-number setting ≥ 0: 0 when missing or `null`, as Go reads it; nil when invalid.
    mutating func count(_ value: Any?, at path: [JSONPlaces.Step], key: String, meaning: String) -> Int? {
        guard let value, !(value is NSNull) else { return 0 }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
            let whole = Int(exactly: number.doubleValue), whole >= 0, whole <= ScenarioLimits.maximumCount
        else {
            error(
                "`\(key)` expects \(meaning), a whole number from 0 to \(ScenarioLimits.maximumCount), found \(JSONPlaces.describe(value))",
                at: path)
            return nil
        }
        return whole
    }

    /// Service `index` of `services`; nil (reported) when it cannot be read.
    mutating func service(_ value: Any, index: Int) -> SpigoArchitecture.Service? {
        let path: [JSONPlaces.Step] = [.key("services"), .index(index)]
        let place = "service \(index + 1)"
        guard let object = value as? [String: Any] else {
            error("\(place) expects an object with `name`, `package`, `count`, `regions` and `dependencies`, found \(JSONPlaces.describe(value))", at: path)
            return nil
        }
        warnUnknownKeys(object, at: path, known: SpigoArchitecture.serviceKeys, place: place)
        for key in ["machine", "instance", "container", "process"] { _ = string(object[key], at: path + [.key(key)], key: key) }
        let name = string(object["name"], at: path + [.key("name")], key: "name")
        if name == "" || (name == nil && (object["name"] == nil || object["name"] is NSNull)) {
            error("\(place) has no `name`; every service needs one", at: path + [.key("name")])
        }
        let packageName = string(object["package"], at: path + [.key("package")], key: "package")
        let packages = SpigoArchitecture.Package.allCases.map(\.rawValue)
        var package: SpigoArchitecture.Package?
        if let packageName {
            package = SpigoArchitecture.Package(rawValue: packageName)
            if package == nil {
                let hint = Suggestions.hint(for: packageName, in: packages, otherwise: "spigo's packages are \(Suggestions.list(packages))")
                error("unknown package `\(packageName)`; \(hint)", at: path + [.key("package")])
            } else if package == .eureka || package == .pirate {
                error(
                    "package `\(packageName)` (\(package == .eureka ? "spigo's service registry" : "spigo's peer-to-peer social network")) "
                        + "has no counterpart in a cnsim runtime, where a call finds its callee at once; the import maps "
                        + Suggestions.list(packages.filter { $0 != "eureka" && $0 != "pirate" }, conjunction: "and"),
                    at: path + [.key("package")])
                package = nil
            }
        } else if object["package"] == nil || object["package"] is NSNull {
            error("\(place) has no `package`; spigo's packages are \(Suggestions.list(packages))", at: path)
        }
        let count = self.count(object["count"], at: path + [.key("count")], key: "count", meaning: "nodes per region")
        let regions = self.count(object["regions"], at: path + [.key("regions")], key: "regions", meaning: "regions")
        var dependencies: [String]? = []
        var dependencyPlaces: [SpigoArchitecture.Place] = []
        if let given = object["dependencies"], !(given is NSNull) {
            if let list = given as? [Any] {
                for (position, item) in list.enumerated() {
                    let itemPath = path + [.key("dependencies"), .index(position)]
                    guard let text = item as? String else {
                        error("`dependencies` expects a list of service names, found \(JSONPlaces.describe(item)) in it", at: itemPath)
                        dependencies = nil
                        continue
                    }
                    dependencies?.append(text)
                    dependencyPlaces.append(self.place(itemPath))
                }
            } else {
                error("`dependencies` expects a list of service names, found \(JSONPlaces.describe(given))", at: path + [.key("dependencies")])
                dependencies = nil
            }
        }
        if let name, !name.isEmpty {
            declared.append((name, self.place(path), Array(zip(dependencies ?? [], dependencyPlaces))))
        }
        guard let name, !name.isEmpty, let package, let count, let regions, let dependencies else { return nil }
        return SpigoArchitecture.Service(
            name: name, package: package, count: count, regions: regions,
            regionsGiven: object["regions"] != nil && !(object["regions"] is NSNull), dependencies: dependencies,
            place: self.place(path), regionsPlace: self.place(path + [.key("regions")]), dependencyPlaces: dependencyPlaces)
    }

    /// Names unique (and not `eureka`'s), every dependency a name; a dependency on a service
    /// given later is a forward reference, which spigo resolves but a reader may not expect.
    mutating func checkNames() {
        var first: [String: SpigoArchitecture.Place] = [:]
        for service in declared {
            if service.name == SpigoArchitecture.registry {
                errors.append(at(service.place, "duplicate service name `eureka`: spigo always has its service registry of that name"))
            } else if let earlier = first[service.name] {
                errors.append(at(service.place, "duplicate service name `\(service.name)` (first given at \(earlier.line):\(earlier.column))"))
            } else {
                first[service.name] = service.place
            }
        }
        var names: [String] = []
        for name in declared.map(\.name) + [SpigoArchitecture.registry] where !names.contains(name) { names.append(name) }
        for (index, service) in declared.enumerated() {
            for dependency in service.dependencies {
                guard let target = first[dependency.name] else {
                    if dependency.name == SpigoArchitecture.registry { continue }
                    let hint = Suggestions.hint(
                        for: dependency.name, in: names, otherwise: "the services are \(Suggestions.list(names, conjunction: "and"))")
                    errors.append(at(dependency.place, "unknown dependency `\(dependency.name)` of `\(service.name)`; \(hint)"))
                    continue
                }
                if let position = declared.firstIndex(where: { $0.name == dependency.name }), position > index {
                    var warning = at(
                        dependency.place,
                        "`\(service.name)` depends on `\(dependency.name)`, given later (at \(target.line):\(target.column)); "
                            + "spigo resolves names after reading them all, and so does the import")
                    warning.severity = .warning
                    warnings.append(warning)
                }
            }
        }
    }

    func at(_ place: SpigoArchitecture.Place, _ message: String) -> Diagnostic {
        Diagnostic(file: file, line: place.line, column: place.column, message: message)
    }
}
