import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

/// `cnsim export`: the notebook and the HTML page, checked as a workshop would open them.
@Suite("Export")
struct ExportTests {
    /// A results folder copied to `ROOT/results/NAME`, exported to `ROOT/notebooks-export`,
    /// the same layout as the repository's so the notebook's relative paths match.
    static func export(_ name: String) throws -> (root: URL, notebook: URL, page: URL) {
        let root = try CommandRunner.temporaryFolder()
        let results = root.appendingPathComponent("results/\(name)", isDirectory: true)
        try FileManager.default.createDirectory(at: results.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CommandRunner.packageRoot.appendingPathComponent("results/\(name)"), to: results)
        let destination = root.appendingPathComponent("notebooks-export")
        let outcome = try CommandRunner.run([
            "export", results.path, "--to", destination.path, "--scenario", "scenarios/\(name).yaml", "--quiet",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        return (
            root, destination.appendingPathComponent("\(name).ipynb"), destination.appendingPathComponent("\(name).html")
        )
    }

    @Test("the page is well-formed XHTML, self-contained, with a chart per section")
    func selfContained() throws {
        let exported = try Self.export("zone-outage")
        defer { try? FileManager.default.removeItem(at: exported.root) }
        let page = try String(contentsOf: exported.page, encoding: .utf8)
        let parser = XMLParser(data: Data(page.utf8))
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"] {
            #expect(!page.contains(forbidden), "the page must not load anything: found \(forbidden)")
        }
        // Only the XML namespaces name a URL, and they are never fetched.
        let urls = page.components(separatedBy: "http").count - 1
        let namespaces = page.components(separatedBy: "xmlns=\"http").count - 1
        #expect(urls == namespaces)
        #expect(page.contains("How long do users wait?"))
        #expect(page.contains("What happened, and when?"))
        #expect(page.components(separatedBy: "<svg ").count - 1 >= 10)
        // The page leads with its question and availability, before response time.
        let availability = try #require(page.range(of: "availability [%]"))
        let wait = try #require(page.range(of: "How long do users wait?"))
        #expect(availability.lowerBound < wait.lowerBound)
        #expect(page.contains("The question: with zone a down from 10 min to 20 min"))
        // The zone's outage is shaded on the error ratio chart, from 10 to 20 minutes.
        #expect(page.contains("class=\"fault\" data-start=\"600.0\" data-end=\"1200.0\""))
    }

    @Test("several request types: a section of each one's figures over the faults and the run, per variant")
    func requestTypes() throws {
        let exported = try Self.export("social-network")
        defer { try? FileManager.default.removeItem(at: exported.root) }
        let page = try String(contentsOf: exported.page, encoding: .utf8)
        let section = try #require(page.range(of: "What did each request type see?"))
        let rest = String(page[section.upperBound...])
        let end = rest.range(of: "<h2>").map { rest[..<$0.lowerBound] } ?? rest[...]
        for title in [
            "availability during the faults [%]", "answered within the target during the faults [%]",
            "goodput during the faults [/s]", "p99 during the faults (answered requests) [s]", "availability over the run [%]",
        ] {
            #expect(end.contains("<title>\(title)</title>"), "chart \(title)")
        }
        // A bar per variant and request type, each with its figure from summary.csv, and no
        // category for the end-to-end `during_chaos` measures.
        #expect(end.contains("async-fan-out, compose-post: "))
        #expect(end.contains("as-deployed, read-home-timeline: "))
        #expect(!end.contains(", during_chaos: "))
        let notebook = try String(contentsOf: exported.notebook, encoding: .utf8)
        #expect(notebook.contains("read-user-timeline.during_chaos.goodput"))
    }

    @Test("the notebook is nbformat 4 with a code cell that loads the results")
    func notebookShape() throws {
        let exported = try Self.export("mmc")
        defer { try? FileManager.default.removeItem(at: exported.root) }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: exported.notebook)) as? [String: Any]
        let notebook = try #require(object)
        #expect(notebook["nbformat"] as? Int == 4)
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.contains { $0["cell_type"] as? String == "markdown" })
        let code = cells.filter { $0["cell_type"] as? String == "code" }
            .map { ($0["source"] as? [String] ?? []).joined() }
        #expect(code.first?.contains("RESULTS = Path(\"../results/mmc\")") == true)
        #expect(code.contains { $0.contains("pd.read_csv") })
    }

    @Test("descriptions come from the scenario run.json names; a file since broken is done without, a broken --scenario is an error")
    func scenarioContext() throws {
        let root = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let results = root.appendingPathComponent("mmc")
        try FileManager.default.copyItem(at: CommandRunner.packageRoot.appendingPathComponent("results/mmc"), to: results)
        let scenario = root.appendingPathComponent("mmc.yaml")
        try FileManager.default.copyItem(at: CommandRunner.packageRoot.appendingPathComponent("scenarios/mmc.yaml"), to: scenario)
        let runJSON = results.appendingPathComponent("run.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: runJSON)) as? [String: Any])
        object["scenario_file"] = scenario.path
        try JSONSerialization.data(withJSONObject: object).write(to: runJSON)
        let out = root.appendingPathComponent("out")
        var outcome = try CommandRunner.run(["export", results.path, "--to", out.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("mmc.html"), encoding: .utf8).contains("M/M/c pooling"))
        try "name: [broken".write(to: scenario, atomically: true, encoding: .utf8)
        outcome = try CommandRunner.run(["export", results.path, "--to", out.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!(try String(contentsOf: out.appendingPathComponent("mmc.html"), encoding: .utf8).contains("M/M/c pooling")))
        outcome = try CommandRunner.run(["export", results.path, "--to", out.path, "--scenario", scenario.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("mmc.yaml:2:1: error: invalid YAML"))
    }

    @Test("a folder without summary.csv is invalid input: exit 2, nothing written")
    func missingResults() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let outcome = try CommandRunner.run(["export", folder.path, "--to", out.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("no summary.csv"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// Checks with real tools, where this machine has them (skipped with a message otherwise).
@Suite("Export in real tools")
struct ExportToolTests {
    static func which(_ tool: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String], in folder: URL? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let chromium = which("chromium") ?? which("chromium-browser")
    static let python = which("python3")
    static let hasNbconvert: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import nbformat, nbconvert, nbclient, ipykernel, pandas, matplotlib"]).0) == 0
    }()

    @Test(
        "Chromium renders every chart of the page",
        .enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium) — skipped"))
    func chromiumRenders() throws {
        let exported = try ExportTests.export("zone-outage")
        defer { try? FileManager.default.removeItem(at: exported.root) }
        let (status, dom) = try Self.run(
            Self.chromium!,
            ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", exported.page.absoluteString])
        #expect(status == 0)
        let source = try String(contentsOf: exported.page, encoding: .utf8)
        let charts = source.components(separatedBy: "<svg ").count - 1
        #expect(charts > 0)
        #expect(dom.components(separatedBy: "<svg ").count - 1 == charts, "Chromium's DOM lost charts")
        #expect(dom.contains("What happened, and when?"))
    }

    @Test(
        "the notebook is schema-valid and runs top to bottom",
        .enabled(if: hasNbconvert, "python3 with nbformat, nbconvert, ipykernel, pandas, matplotlib not found — skipped"))
    func notebookRuns() throws {
        let exported = try ExportTests.export("zone-outage")
        defer { try? FileManager.default.removeItem(at: exported.root) }
        let folder = exported.notebook.deletingLastPathComponent()
        let script = """
            import sys, nbformat
            from nbconvert.preprocessors import ExecutePreprocessor
            nb = nbformat.read(sys.argv[1], as_version=4)
            nbformat.validate(nb)
            ExecutePreprocessor(timeout=120, kernel_name="python3").preprocess(nb, {"metadata": {"path": "."}})
            images = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {}))
            print("images", images)
            """
        let (status, output) = try Self.run(Self.python!, ["-c", script, exported.notebook.lastPathComponent], in: folder)
        #expect(status == 0, "\(output)")
        let images = output.split(separator: "\n").last { $0.hasPrefix("images ") }.flatMap { Int($0.dropFirst(7)) }
        #expect((images ?? 0) >= 4, "\(output)")
    }
}
