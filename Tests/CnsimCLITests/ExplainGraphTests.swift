import Foundation
import Testing

@Suite("explain and graph")
struct ExplainGraphTests {
    static let shipped = CommittedResultsTests.scenarios

    @Test("explain names what differs between the variants, with both values")
    func explain() throws {
        let outcome = try CommandRunner.run(["explain", "scenarios/zone-outage.yaml"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("`one-zone` (the baseline)"))
        #expect(outcome.stdout.contains("services › catalog › instances: 9 instead of 6"))
        #expect(outcome.stdout.contains("services › web › zones: every zone instead of [a]"))
        #expect(outcome.stdout.contains("zone `a` is down from 10 min to 20 min"))
    }

    @Test("graph --out writes one DOT file per variant; --variant picks one; stdout gets the baseline")
    func graphFiles() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(["graph", "scenarios/mmc.yaml", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["c1.dot", "c2.dot", "c4.dot"])
        let c4 = try String(contentsOf: folder.appendingPathComponent("c4.dot"), encoding: .utf8)
        #expect(c4.contains("\"request:customer\" -> \"pool\" [label=\"3.2/s\\np = 1\"];"))
        let stdout = try CommandRunner.run(["graph", "scenarios/mmc.yaml"])
        #expect(stdout.stdout.hasPrefix("digraph \"mmc/c1\""))
        let chosen = try CommandRunner.run(["graph", "scenarios/mmc.yaml", "--variant", "c2"])
        #expect(chosen.stdout.hasPrefix("digraph \"mmc/c2\""))
    }

    @Test("graph marks a service chaos touches, with what it does, and what monitoring watches of it")
    func graphFaults() throws {
        let storm = try CommandRunner.run(["graph", "scenarios/retry-storm.yaml"])
        #expect(storm.stdout.contains(
            "\"service:ratings\" [color=\"firebrick\", label=\"ratings\\n3 × 8 servers\\nlatency +2 s 5 min–10 min\"];"),
            "\(storm.stdout)")
        #expect(!storm.stdout.contains("\"service:api\" [color"), "api is not touched")
        let incidents = try CommandRunner.run(["graph", "scenarios/monitoring-random-failures.yaml"])
        #expect(incidents.stdout.contains("incidents 12 a day, 2%–100% failing"), "\(incidents.stdout)")
        #expect(incidents.stdout.contains("watched: error_ratio by 1 min, repair mean 4 min 11 s"))
        let second = try CommandRunner.run(["graph", "scenarios/monitoring-minute-vs-second.yaml", "--variant", "second"])
        #expect(second.stdout.contains("errors 100% 2 min 20 s–15 min\\nwatched: error_ratio by 1 s, repair 2 min"))
    }

    @Test("graph: an unknown variant or an invalid file is invalid input and writes nothing")
    func graphErrors() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let unknown = try CommandRunner.run(["graph", "scenarios/mmc.yaml", "--variant", "c3", "--out", out])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("has no variant `c3`; its variants are `c1`, `c2`, `c4`"))
        let file = folder.appendingPathComponent("bad.yaml")
        try "name: bad\nduration: 1m\nbaseline: c1\nmodel: {services: {}}\n".write(to: file, atomically: true, encoding: .utf8)
        let invalid = try CommandRunner.run(["graph", file.path, "--out", out])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("bad.yaml:"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try CommandRunner.run(["explain", file.path]).status == 2)
    }

    /// Graphviz is optional: `apt-get install graphviz` to run this.
    @Test(
        "dot -Tsvg parses the graph of every variant of every shipped scenario",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "Graphviz `dot` is not installed"))
    func graphvizParses() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in Self.shipped {
            let out = folder.appendingPathComponent(name)
            #expect(try CommandRunner.run(["graph", "scenarios/\(name).yaml", "--out", out.path]).status == 0)
            for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                let svg = try CommandRunner.run(
                    ["-Tsvg", out.appendingPathComponent(file).path], executable: URL(fileURLWithPath: "/usr/bin/dot"))
                #expect(svg.status == 0, "\(name)/\(file): \(svg.stderr)")
                #expect(svg.stdout.contains("<svg"))
            }
        }
    }
}

@Suite("run --variant")
struct RunVariantTests {
    /// summary.csv's rows of `variant`, without the header.
    static func rows(_ summary: String, of variant: String) -> [Substring] {
        summary.split(separator: "\n").filter { $0.split(separator: ",")[1] == variant }
    }

    @Test("--variant runs that variant and the baseline, with the numbers of a run of every variant")
    func subset() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = CommandRunner.packageRoot.appendingPathComponent("scenarios/mmc.yaml").path
        func run(_ extra: [String], into name: String) throws -> (status: Int32, summary: String?, files: [String]) {
            let out = folder.appendingPathComponent(name)
            let outcome = try CommandRunner.run(["run", scenario, "--quiet", "--replications", "3", "--out", out.path] + extra)
            let summary = try? String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: out.path).sorted()) ?? []
            return (outcome.status, summary, files)
        }
        let all = try run([], into: "all")
        let chosen = try run(["--variant", "c4"], into: "chosen")
        #expect(chosen.status == 0)
        let (full, part) = (try #require(all.summary), try #require(chosen.summary))
        #expect(Self.rows(part, of: "c2").isEmpty)
        for variant in ["c1", "c4"] {
            #expect(!Self.rows(part, of: variant).isEmpty)
            #expect(Self.rows(part, of: variant) == Self.rows(full, of: variant), "\(variant) as in a full run")
        }
        #expect(chosen.files.contains("comparison.csv"))
        let alone = try run(["--variant", "c4", "--no-baseline"], into: "alone")
        #expect(alone.status == 0)
        #expect(Self.rows(try #require(alone.summary), of: "c1").isEmpty)
        #expect(!alone.files.contains("comparison.csv"), "one variant: nothing to compare")
        let unknown = try run(["--variant", "c3"], into: "unknown")
        #expect(unknown.status == 2)
        #expect(unknown.files.isEmpty, "nothing written")
    }
}
