import Foundation

/// One Zipkin v2 span (zipkin2-api.yaml), with the fields an import reads.
struct ZipkinSpan: Sendable {
    enum Kind: String, Sendable { case client = "CLIENT", server = "SERVER", producer = "PRODUCER", consumer = "CONSUMER" }

    var traceID: String
    var id: String
    var parentID: String?
    var name: String
    /// nil for a local span (no `kind`): work inside one service, looked through by the import.
    var kind: Kind?
    /// A server span sharing its client's id (B3's single-host spans off).
    var shared: Bool
    /// [µs since the Unix epoch]
    var timestamp: Int64
    /// [µs], at least 1.
    var duration: Int64
    var service: String?
    var remoteService: String?
    /// The instance that recorded it: the `cnsim.instance` tag, else the local endpoint's
    /// address and port; nil when the span says neither.
    var instance: String?
    var tags: [String: String]

    var end: Int64 { timestamp + duration }
}

/// Reading Zipkin v2 JSON: a list of spans, or a list of traces each a list of spans (the two
/// shapes Zipkin's API returns), checked span by span.
enum ZipkinJSON {
    static let expected =
        "a JSON list of Zipkin v2 spans (objects with `traceId`, `id`, `kind`, `timestamp`, `duration`, "
        + "`localEndpoint`), or a list of traces, each a list of spans"

    /// Every span in `text`, in file order.
    /// - Throws: `ScenarioError` with a diagnostic per bad span (at most `maximumDiagnostics`),
    ///   located at the span's opening brace; bad JSON at the place the parser stopped.
    static func spans(in text: String, file: String) throws -> [ZipkinSpan] {
        let data = Data(text.utf8)
        func failure(_ message: String) -> ScenarioError {
            ScenarioError(diagnostics: [Diagnostic(file: file, line: 1, column: 1, message: message)])
        }
        let root = try JSONPlaces.document(text, file: file, expected: expected)
        guard let list = root as? [Any] else {
            let hint = (root as? [String: Any])?["data"] != nil ? " (this looks like Jaeger's JSON, which is another format)" : ""
            throw failure("expected \(expected), found \(JSONPlaces.describe(root))\(hint)")
        }
        guard !list.isEmpty else { throw failure("the list holds no spans; expected \(expected)") }
        let nested = list.first is [Any]
        var objects: [Any] = []
        var diagnostics: [Diagnostic] = []
        if nested {
            for (index, trace) in list.enumerated() {
                guard let trace = trace as? [Any] else {
                    let place = JSONPlaces.lineAndColumn(ofByte: JSONPlaces.elementOffsets(in: data, depth: 1)[index], in: data)
                    diagnostics.append(
                        Diagnostic(
                            file: file, line: place.line, column: place.column,
                            message: "trace \(index + 1): expected a list of spans (the first entry is one), found \(JSONPlaces.describe(trace))"))
                    continue
                }
                objects += trace
            }
            if !diagnostics.isEmpty { throw ScenarioError(diagnostics: diagnostics) }
        } else {
            objects = list
        }
        var spans: [ZipkinSpan] = []
        spans.reserveCapacity(objects.count)
        var offsets: [Int]?
        for (index, object) in objects.enumerated() {
            do {
                spans.append(try span(object))
            } catch let problem as SpanProblem {
                if offsets == nil { offsets = JSONPlaces.elementOffsets(in: data, depth: nested ? 2 : 1) }
                let place = JSONPlaces.lineAndColumn(ofByte: offsets![index], in: data)
                diagnostics.append(
                    Diagnostic(file: file, line: place.line, column: place.column, message: "span \(index + 1): \(problem.message)"))
                if diagnostics.count == maximumDiagnostics { break }
            }
        }
        if !diagnostics.isEmpty { throw ScenarioError(diagnostics: diagnostics) }
        return spans
    }

    /// Bad spans reported before the import gives up.
    static let maximumDiagnostics = 20

    private struct SpanProblem: Error { var message: String }

    private static func span(_ object: Any) throws -> ZipkinSpan {
        guard let fields = object as? [String: Any] else {
            throw SpanProblem(message: "expected a Zipkin v2 span (a JSON object), found \(JSONPlaces.describe(object))")
        }
        func string(_ key: String, required: Bool) throws -> String? {
            guard let value = fields[key] else {
                if required { throw SpanProblem(message: "missing `\(key)`, a string; a Zipkin v2 span needs one") }
                return nil
            }
            guard let text = value as? String, !text.isEmpty else {
                throw SpanProblem(message: "`\(key)` expects a non-empty string, found \(JSONPlaces.describe(value))")
            }
            return text
        }
        func microseconds(_ key: String, atLeast minimum: Int64, meaning: String) throws -> Int64 {
            guard let value = fields[key] else {
                throw SpanProblem(message: "missing `\(key)` (\(meaning)); the import needs every span complete")
            }
            guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
                let whole = Int64(exactly: number.doubleValue), whole >= minimum
            else {
                throw SpanProblem(message: "`\(key)` expects \(meaning), found \(JSONPlaces.describe(value))")
            }
            return whole
        }
        let traceID = try string("traceId", required: true)!
        let id = try string("id", required: true)!
        let parentID = try string("parentId", required: false)
        let kind: ZipkinSpan.Kind?
        if let given = try string("kind", required: false) {
            guard let known = ZipkinSpan.Kind(rawValue: given) else {
                throw SpanProblem(message: "`kind` expects one of CLIENT, SERVER, PRODUCER or CONSUMER, found \"\(given)\"")
            }
            kind = known
        } else {
            kind = nil
        }
        let timestamp = try microseconds("timestamp", atLeast: 0, meaning: "a whole number of microseconds since the epoch")
        let duration = try microseconds("duration", atLeast: 1, meaning: "a whole number of microseconds, at least 1")
        let local = fields["localEndpoint"] as? [String: Any]
        let service = (local?["serviceName"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        if service == nil, kind == .client || kind == .server {
            throw SpanProblem(message: "missing `localEndpoint.serviceName`; a \(kind!.rawValue) span names the service recording it")
        }
        let tags = fields["tags"] as? [String: String] ?? [:]
        let address = (local?["ipv4"] as? String ?? local?["ipv6"] as? String).map { address in
            (local?["port"] as? Int).map { "\(address):\($0)" } ?? address
        }
        return ZipkinSpan(
            traceID: traceID, id: id, parentID: parentID, name: fields["name"] as? String ?? "", kind: kind,
            shared: fields["shared"] as? Bool ?? false, timestamp: timestamp, duration: duration, service: service,
            remoteService: (fields["remoteEndpoint"] as? [String: Any])?["serviceName"] as? String,
            instance: tags["cnsim.instance"] ?? address, tags: tags)
    }
}
