import Foundation
import Testing

/// `cnsim import spigo` as a user runs it: warnings on stderr and a scenario that validates;
/// invalid architectures reported as FILE:LINE:COLUMN, exit 2, nothing written.
@Suite("spigo import command")
struct SpigoImportCommandTests {
    /// A proxy in front of two services on a ring, with a DNS name and a balancer; `home` has a
    /// forward reference, and `audit` is called by nothing.
    static let architecture = """
        {
            "arch": "tiny",
            "version": "arch-0.0",
            "description": "a proxy, two services and a ring",
            "victim": "home",
            "services": [
                { "name": "users", "package": "priamCassandra", "count": 3, "regions": 1, "dependencies": ["users", "eureka"] },
                { "name": "home", "package": "karyon", "count": 6, "regions": 1, "dependencies": ["profile", "users"] },
                { "name": "profile", "package": "karyon", "count": 3, "regions": 1, "dependencies": ["users"] },
                { "name": "audit", "package": "karyon", "count": 1, "regions": 1, "dependencies": [] },
                { "name": "proxy", "package": "zuul", "count": 3, "regions": 1, "dependencies": ["home"] },
                { "name": "proxy-elb", "package": "elb", "count": 0, "regions": 1, "dependencies": ["proxy"] },
                { "name": "www", "package": "denominator", "count": 0, "regions": 0, "dependencies": ["proxy-elb"] }
            ]
        }
        """

    @Test("the README's example architecture, shipped in scenarios/spigo, imports in two regions and validates")
    func shippedExample() throws {
        let folder = try CommandRunner.temporaryFolder()
        let shipped = CommandRunner.packageRoot.appendingPathComponent("scenarios/spigo/tiny_arch.json").path
        let outcome = try CommandRunner.run(["import", "spigo", shipped, "--regions", "2", "--out", "tiny.yaml"], in: folder)
        #expect(outcome.status == 0 && outcome.stdout == "wrote tiny.yaml\n", "\(outcome.stderr)")
        let valid = try CommandRunner.run(["validate", "tiny.yaml"], in: folder)
        #expect(valid.status == 0 && valid.stdout.hasPrefix("tiny.yaml: ok"), "\(valid.stdout)\(valid.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("tiny.yaml"), encoding: .utf8)
        // home: count 5 in each of two regions.
        #expect(text.contains("home: {instances: 10, servers: 16"))
    }

    @Test("an architecture imported: the file written, warnings on stderr, the scenario valid")
    func imports() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.architecture.write(to: folder.appendingPathComponent("tiny_arch.json"), atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["import", "spigo", "tiny_arch.json", "--out", "tiny.yaml", "--regions", "2"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "wrote tiny.yaml\n")
        let warnings = outcome.stderr.split(separator: "\n")
        #expect(warnings.count == 2)
        #expect(warnings.first?.hasPrefix("tiny_arch.json:8:91: warning: `home` depends on `profile`, given later") == true)
        #expect(warnings.last?.hasPrefix("tiny_arch.json:10:9: warning: nothing calls `audit`") == true)
        let valid = try CommandRunner.run(["validate", "tiny.yaml"], in: folder)
        #expect(valid.status == 0 && valid.stdout.hasPrefix("tiny.yaml: ok"), "\(valid.stdout)\(valid.stderr)")
    }

    @Test("invalid architectures: FILE:LINE:COLUMN, exit 2, nothing written")
    func invalidInput() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.yaml")
        for (text, message) in [
            ("{\"arch\": \"x\", \"services\": [", "a.json:1:"),
            ("[{\"name\": \"api\"}]", "a.json:1:1: error: expected a spigo architecture"),
            ("{\"nodes\": 3}", "a.json:1:1: error: expected a spigo architecture"),
            ("{\"arch\": \"x\",\n \"services\": []}", "a.json:2:14: error: `services` is an empty list"),
            ("{\"arch\": \"x\", \"services\": [\n {\"name\": \"api\", \"package\": \"karyn\", \"count\": 1, \"regions\": 1}]}",
             "a.json:2:29: error: unknown package `karyn`; did you mean `karyon`?"),
        ] {
            try text.write(to: folder.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
            let outcome = try CommandRunner.run(["import", "spigo", "a.json", "--out", out.path], in: folder)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.hasPrefix(message), "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        let missing = try CommandRunner.run(["import", "spigo", "none.json"], in: folder)
        #expect(missing.status == 2 && missing.stderr.contains("cannot read the architecture file: there is no file at `none.json`"))
    }
}
