import Foundation
import Testing

@Suite("Invalid input")
struct InvalidInputTests {
    static let valid = """
        name: broken
        duration: 10m
        warmup: 1m
        model:
          services:
            api:
              servers: 2
          requests:
            get:
              arrival_rate: 5/s
              path:
                - service: api
                  service_time: 100ms
        """

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        /// Expected `LINE:COLUMN` and a fragment of the message.
        var location: String
        var fragment: String
        var testDescription: String { label }
    }

    static let cases = [
        Case(
            label: "syntax error", yaml: valid.replacingOccurrences(of: "servers: 2", with: "servers: [2"),
            location: "8:11", fragment: "invalid YAML"),
        Case(
            label: "type mismatch", yaml: valid.replacingOccurrences(of: "servers: 2", with: "servers: two"),
            location: "7:16", fragment: "servers"),
        Case(
            label: "zero servers", yaml: valid.replacingOccurrences(of: "servers: 2", with: "servers: 0"),
            location: "7:16", fragment: "servers"),
        Case(
            label: "negative rate", yaml: valid.replacingOccurrences(of: "5/s", with: "-5/s"),
            location: "10:21", fragment: "rate"),
        Case(
            label: "warm-up not shorter than duration",
            yaml: valid.replacingOccurrences(of: "warmup: 1m", with: "warmup: 10m"), location: "3:9",
            fragment: "warmup"),
        Case(
            label: "probability outside 0..1",
            yaml: valid.replacingOccurrences(of: "service_time: 100ms", with: "service_time: 100ms\n          probability: 1.5"),
            location: "14:24", fragment: "probability"),
        Case(
            label: "unknown key with suggestion",
            yaml: valid.replacingOccurrences(of: "warmup: 1m", with: "warmup: 1m\nreplicaitons: 3"),
            location: "4:1", fragment: "did you mean `replications`?"),
    ]

    @Test("exit status 2, FILE:LINE:COLUMN, and no output written", arguments: cases)
    func rejected(_ testCase: Case) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.yaml")
        try testCase.yaml.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let outcome = try CommandRunner.run(["run", file.path, "--out", out.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(file.path):\(testCase.location): error: "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(testCase.fragment), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let validation = try CommandRunner.run(["validate", file.path])
        #expect(validation.status == 2)
        #expect(validation.stderr.contains("\(file.path):\(testCase.location): error: "))
    }

    @Test("every error in a file is reported, not just the first")
    func allErrors() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("many.yaml")
        let yaml = Self.valid
            .replacingOccurrences(of: "servers: 2", with: "servers: 0")
            .replacingOccurrences(of: "5/s", with: "fast")
            .replacingOccurrences(of: "warmup: 1m", with: "warmup: 1h")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["validate", file.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.count == 3, "\(outcome.stderr)")
    }

    @Test("usage errors and missing files exit 2; help exits 0")
    func usage() throws {
        #expect(try CommandRunner.run(["run"]).status == 2)
        #expect(try CommandRunner.run(["run", "scenarios/mm1.yaml", "--jobs", "0"]).status == 2)
        #expect(try CommandRunner.run(["frobnicate"]).status == 2)
        let missing = try CommandRunner.run(["run", "no/such/file.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/file.yaml"))
        for command in [[], ["run"], ["validate"], ["list"], ["bench"]] {
            let help = try CommandRunner.run(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE"))
        }
    }

    @Test("--set: a path that names nothing, a bad value, no `=`: --set:N:COLUMN, exit 2, nothing written")
    func badSettings() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("valid.yaml")
        try Self.valid.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let value = try CommandRunner.run(["run", file.path, "--out", out.path, "--set", "model.services.api.servers=two"])
        #expect(value.status == 2)
        #expect(value.stderr.contains("--set:1:28: error: `servers` expects"), "\(value.stderr)")
        let path = try CommandRunner.run([
            "run", file.path, "--out", out.path, "--set", "model.services.api.servers=3",
            "--set", "model.servics.api.servers=3",
        ])
        #expect(path.status == 2)
        #expect(
            path.stderr.contains("--set:2:1: error: `set` path `model.servics.api.servers` names nothing: `model` has no "
                + "key `servics`; did you mean `model.services`?"), "\(path.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let noEquals = try CommandRunner.run(["run", file.path, "--out", out.path, "--set", "model.services"])
        #expect(noEquals.status == 2 && noEquals.stderr.contains("--set:1:1: error: `--set` expects PATH=VALUE"))
    }

    @Test("--set changes every variant, after its own overrides")
    func settingsApply() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // mm1's variants each set their own arrival rate; --set wins over all of them.
        let outcome = try CommandRunner.run([
            "run", "scenarios/mm1.yaml", "--replications", "1", "--quiet", "--out", folder.path,
            "--set", "model.requests.customer.arrival_rate=0.1/s", "--set", "model.services.server.servers=3",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8)
        let requests = summary.split(separator: "\n").filter { $0.contains(",arrivals,") && !$0.contains("server.") }
        // 0.1/s over 45 000 s after the warm-up: about 4 500 arrivals in every variant (Poisson).
        let counts = requests.compactMap { Double($0.split(separator: ",")[5]) }
        #expect(counts.count == 3 && counts.allSatisfy { abs($0 - 4_500) < 4 * 4_500.0.squareRoot() }, "\(requests)")
    }
}
