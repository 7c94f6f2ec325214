import Testing
import Yams

@testable import Scenario

@Suite struct DocumentComposerTests {
    /// The root mapping's keys with their line:column.
    func keys(_ yaml: String) throws -> [String] {
        guard case .document(let root) = DocumentComposer.compose(yaml) else {
            Issue.record("expected a document")
            return []
        }
        let mapping = try #require(root.mapping)
        return mapping.map { pair in
            "\(pair.key.scalar?.string ?? "?")@\(pair.key.mark?.line ?? 0):\(pair.key.mark?.column ?? 0)"
        }
    }

    @Test func repeatedKeysSurviveWithTheirMarks() throws {
        #expect(try keys("a: 1\nb: 2\na: 3\na: 4\n") == ["a@1:1", "b@2:1", "a@3:1", "a@4:1"])
        #expect(try keys("{x: 1, 'x': 2, \"x\": 3}") == ["x@1:2", "x@1:8", "x@1:16"])
        #expect(try keys("ñame: 1\nñame: 2\n") == ["ñame@1:1", "ñame@2:1"])
    }

    @Test func repeatsInNestedMappingsAreReportedWithEverythingElse() {
        let yaml = """
            name: m
            duration: 1m
            model:
              services: {api: {}, api: {servers: 0}}
              requests:
                get:
                  arrival_rate: 1/s
                  path:
                    - {service: api, service: api, service_time: 1ms}
            """
        #expect(located(yaml) == [
            "4:23: duplicate key `api`; first given at 4:14",
            "9:26: duplicate key `service`; first given at 9:12",
        ])
    }

    @Test func emptyAndInvalidDocuments() {
        guard case .empty = DocumentComposer.compose("# nothing here\n") else {
            Issue.record("a comment-only file has no document")
            return
        }
        guard case .invalid(let line, let column, let message) = DocumentComposer.compose("a: [1, 2\n") else {
            Issue.record("an unclosed list is not YAML")
            return
        }
        #expect((line, column) == (2, 1))
        #expect(message.hasPrefix("invalid YAML: "))
    }
}
