import Foundation
import Testing

@testable import Scenario

/// Files that would take all memory or all afternoon are refused at once, with a place.
@Suite struct DocumentLimitsTests {
    /// Nine levels of nine aliases: 9⁹ ≈ 387 million scalars in 12 short lines.
    static let aliasBomb = """
        name: bomb
        duration: 1m
        a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
        """

    @Test func anAliasBombIsRefusedWhereItsAliasesAreUsed() {
        let clock = ContinuousClock()
        let start = clock.now
        let found = located(Self.aliasBomb)
        #expect(start.duration(to: clock.now) < .seconds(5))
        // The count passes a million inside `g`'s copies: g holds 9⁷ ≈ 4.8 M values.
        #expect(found == [
            "9:4: the document holds more than 1000000 values once its aliases are expanded (the limit); "
                + "write the values out or use fewer aliases"
        ])
    }

    @Test func aliasesWithinTheLimitAreRead() {
        let yaml = """
            name: aliased
            duration: 1m
            model:
              services: {api: {}}
              requests:
                get:
                  arrival_rate: 10/s
                  path:
                    - &call {service: api, service_time: 50ms}
                    - *call
            """
        #expect(throws: Never.self) { try ScenarioLoader.parse(yaml: yaml, file: "test.yaml") }
    }

    @Test func aFileOverTheSizeLimitIsRefusedWithoutReadingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cnsim-limits-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.yaml")
        let line = Data("unknown_key: 12345678901234567890\n".utf8)
        var data = Data(capacity: DocumentLimits.maximumFileSize + line.count)
        while data.count <= DocumentLimits.maximumFileSize { data.append(line) }
        try data.write(to: file)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: file.path) }
        do {
            _ = try ScenarioLoader.load(path: file.path)
        } catch let error as ScenarioError {
            #expect(error.description == "\(file.path):1:1: error: the scenario is \(data.count) bytes, more than "
                + "the limit of 16777216 bytes (16 MiB); a scenario describes an architecture, it does not hold data")
        }
        #expect(start.duration(to: clock.now) < .seconds(1))
    }

    @Test func repeatedKeysPastTheLimitStopAtOneDiagnostic() {
        let repeats = String(repeating: "x: 1\n", count: 2000)
        let found = located("name: d\nduration: 1m\n" + repeats)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("53:1: duplicate key `x` in this mapping (more than 50 repeated keys") == true)
    }

    /// YAML allows implicit keys of up to 1024 characters.
    @Test func aLongUnknownKeyGetsNoHintButIsReported() {
        let key = String(repeating: "k", count: 1000)
        let found = located("name: d\nduration: 1m\n\(key): 1\n")
        #expect(found.contains { $0.hasPrefix("3:1: unknown key `\(key)` in the scenario; expected") })
    }
}
