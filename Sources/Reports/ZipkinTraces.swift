import CloudModel
import Foundation
import Scenario
import SimKernel

/// `traces.json`: the spans of traced requests as Zipkin v2 JSON (a list of spans), loadable in a
/// Zipkin or Jaeger UI. Simulated time 0 is placed at a fixed epoch so that files do not depend
/// on when they were made.
public enum ZipkinTraces {
    /// Simulated time 0: 2026-01-01T00:00:00Z [µs since the Unix epoch].
    public static let epochMicroseconds: Int64 = 1_767_225_600_000_000

    /// Nil when no replication traced anything.
    public static func document(_ results: ScenarioResults) throws -> Data? {
        var spans: [[String: Any]] = []
        for (variantIndex, variant) in results.variants.enumerated() {
            for result in variant.replications {
                spans += result.spans.map { json($0, variant: variant.name, variantIndex: variantIndex) }
            }
        }
        guard !spans.isEmpty else { return nil }
        var data = try JSONSerialization.data(withJSONObject: spans, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0a)
        return data
    }

    /// 128-bit trace id: the variant (high 64 bits) and the request ordinal (low 64 bits).
    static func traceID(variant: Int, trace: Int) -> String {
        hex(UInt64(variant + 1)) + hex(UInt64(trace + 1))
    }

    /// 64-bit span id, unique within a variant: the trace ordinal and the span's index.
    static func spanID(trace: Int, span: Int) -> String {
        hex(UInt64(trace + 1) << 32 | UInt64(span + 1))
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func json(_ span: TraceSpan, variant: String, variantIndex: Int) -> [String: Any] {
        var tags = span.tags
        tags["cnsim.variant"] = variant
        var object: [String: Any] = [
            "traceId": traceID(variant: variantIndex, trace: span.trace),
            "id": spanID(trace: span.trace, span: span.id),
            "name": span.name,
            "kind": span.kind.rawValue,
            "timestamp": epochMicroseconds + span.start / 1000,
            // Zipkin drops zero durations; the shortest span lasts 1 µs.
            "duration": max(1, (span.end - span.start) / 1000),
            "localEndpoint": ["serviceName": span.service],
            "tags": tags,
        ]
        if let parent = span.parent { object["parentId"] = spanID(trace: span.trace, span: parent) }
        if let remote = span.remoteService { object["remoteEndpoint"] = ["serviceName": remote] }
        return object
    }
}
