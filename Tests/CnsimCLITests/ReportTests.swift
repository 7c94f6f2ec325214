import Foundation
import Reports
import Testing

/// `cnsim report`: a results folder as a decision record (its Markdown is checked against a
/// stored file in CommittedExportsTests).
@Suite("Report")
struct ReportTests {
    /// A CSV file of the committed results as rows of fields by column name (no field of
    /// summary.csv or comparison.csv is quoted).
    static func table(_ name: String, of scenario: String) throws -> [[String: String]] {
        let text = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("results/\(scenario)/\(name)"), encoding: .utf8
        )
        let lines = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    /// A CSV number, or nil for an empty field, as JSON holds it (nil for `null`).
    static func number(_ field: String?) -> Double? { field.flatMap(Double.init) }

    @Test("JSON parses and carries summary.csv's and comparison.csv's numbers, and the Markdown's cells")
    func jsonCarriesTheNumbers() throws {
        let scenario = "retry-storm"
        let json = try CommandRunner.run(["report", "results/\(scenario)", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == scenario)
        #expect(object["baseline"] as? String == "naive-retries")
        #expect((object["question"] as? String)?.hasPrefix("A slow dependency") == true)
        #expect((object["caveats"] as? [Any])?.isEmpty == true)
        #expect(object["scenario_file_status"] as? String == "unchanged")
        let run = try #require(object["run"] as? [String: Any])
        #expect(run["seed"] as? Int == 2026 && run["replications"] as? Int == 5)
        let results = try #require(object["results"] as? [[String: Any]])

        let summary = try Self.table("summary.csv", of: scenario)
        // Every metric (the scenario has no `metrics:`), in summary.csv's order.
        var metrics: [String] = []
        for row in summary where !metrics.contains(row["metric"]!) { metrics.append(row["metric"]!) }
        #expect(results.map { $0["metric"] as? String } == metrics)
        let figures = results.flatMap { result in
            (result["figures"] as? [[String: Any]] ?? []).map { (result["metric"] as! String, $0) }
        }
        #expect(figures.count == summary.count)
        for row in summary {
            let figure = try #require(
                figures.first { $0.0 == row["metric"] && $0.1["variant"] as? String == row["variant"] }?.1)
            #expect(figure["mean"] as? Double == Self.number(row["mean"]), "\(row)")
            #expect(figure["ci95_low"] as? Double == Self.number(row["ci95_low"]), "\(row)")
            #expect(figure["ci95_high"] as? Double == Self.number(row["ci95_high"]), "\(row)")
            #expect(figure["replications"] as? Int == Int(row["replications"]!), "\(row)")
        }

        let comparison = try Self.table("comparison.csv", of: scenario)
        let changes = results.flatMap { result in
            (result["changes"] as? [[String: Any]] ?? []).map { (result["metric"] as! String, $0) }
        }
        #expect(changes.count == comparison.count)
        for row in comparison {
            let change = try #require(
                changes.first { $0.0 == row["metric"] && $0.1["variant"] as? String == row["variant"] }?.1)
            #expect(change["difference"] as? Double == Self.number(row["difference"]), "\(row)")
            #expect(change["relative_change"] as? Double == Self.number(row["relative_change"]), "\(row)")
            #expect(change["significant"] as? Bool == (row["significant"] == "true"), "\(row)")
        }

        // The Markdown shows the same cells.
        let markdown = try CommandRunner.run(["report", "results/\(scenario)"])
        #expect(markdown.status == 0)
        let ratings = try #require(
            markdown.stdout.split(separator: "\n").first { $0.hasPrefix("| `ratings.retries` |") })
        let cells = ratings.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let result = try #require(results.first { $0["metric"] as? String == "ratings.retries" })
        let shownFigures = (result["figures"] as? [[String: Any]] ?? []).map { $0["shown"] as? String }
        let shownChanges = (result["changes"] as? [[String: Any]] ?? []).map { $0["shown"] as? String }
        #expect(
            cells == [
                "`ratings.retries`", shownFigures[0], shownFigures[1], shownChanges[0], shownFigures[2],
                shownChanges[1],
            ])
        // Hand-checked: 53 901 ± (54 541.7 − 53 260.3) / 2 retries; 3 650.6 against 53 901 is −93.23 %, its CI
        // (−50 854, −49 647) excludes 0.
        #expect(cells[1] == "53,901 ± 641" && cells[3] == "-93.23 %, significant", "\(cells)")
    }

    @Test(
        "--metrics selects as `cnsim run --metrics` does and warns of a pattern matching nothing; --out writes the file"
    )
    func metricsAndOut() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("record.md")
        let outcome = try CommandRunner.run([
            "report", "results/retry-storm", "--metrics", "availability", "--metrics", "availabilty", "--out",
            file.path,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "wrote \(file.path)\n")
        #expect(outcome.stderr.contains("no metric matches `availabilty`; did you mean `availability`?"))
        let text = try String(contentsOf: file, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == 1 && rows[0].hasPrefix("| `availability` | 64.37 ± 0.34 % |"), "\(rows)")
    }

    @Test("what the folder lacks is a caveat, not made up: no run.json, no scenario file, an edited summary.csv")
    func caveats() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("mm1")
        try FileManager.default.copyItem(
            at: CommandRunner.packageRoot.appendingPathComponent("results/mm1"), to: results)
        // Run from the temporary folder: run.json's `scenarios/mm1.yaml` is not there, nor above the
        // results folder.
        var outcome = try CommandRunner.run(["report", results.path], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("**Question.** Unknown: see the caveats below."))
        #expect(outcome.stdout.contains("- `rho-0.5` (baseline): no description known."))
        #expect(outcome.stdout.contains("The scenario file `scenarios/mm1.yaml` is not found from the current folder"))
        #expect(outcome.stdout.contains("| `arrivals` | 22,477 ± 98 |"))

        // Given with --scenario, the file's question and assumptions; a summary.csv edited after
        // the run is told.
        let summary = results.appendingPathComponent("summary.csv")
        try (try String(contentsOf: summary, encoding: .utf8) + "mm1,rho-0.5,extra,count,1,1,,,\n")
            .write(to: summary, atomically: true, encoding: .utf8)
        let scenario = CommandRunner.packageRoot.appendingPathComponent("scenarios/mm1.yaml").path
        outcome = try CommandRunner.run(["report", results.path, "--scenario", scenario], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("**Question.** M/M/1 at utilisation 0.5, 0.8 and 0.95"))
        #expect(outcome.stdout.contains("(from `\(scenario)`, unchanged since the run)"))
        #expect(
            outcome.stdout.contains(
                "- summary.csv is not the file the run wrote (its SHA-256 differs from run.json's)."))
        // One replication: the mean alone.
        #expect(outcome.stdout.contains("| `extra` | 1 | – |"), "\(outcome.stdout)")

        try FileManager.default.removeItem(at: results.appendingPathComponent("run.json"))
        outcome = try CommandRunner.run(["report", results.path, "--format", "json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["run"] is NSNull && object["question"] is NSNull && object["scenario_file"] is NSNull)
        #expect((object["caveats"] as? [String])?.first?.hasPrefix("The folder has no run.json") == true)
    }

    @Test("the run's --set settings are applied to the scenario file's assumptions")
    func settingsOfTheRun() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("retry-storm")
        try FileManager.default.copyItem(
            at: CommandRunner.packageRoot.appendingPathComponent("results/retry-storm"), to: results)
        let metadata = results.appendingPathComponent("run.json")
        let edited = try String(contentsOf: metadata, encoding: .utf8).replacingOccurrences(
            of: #""--quiet","#,
            with:
                #""--set", "runtime.services.api.instances=5", "--set=runtime.services.ratings.servers=9", "--quiet","#)
        try edited.write(to: metadata, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["report", results.path, "--metrics", "requests"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("- Service `api` starts with 5 instances"), "\(outcome.stdout)")
        #expect(
            outcome.stdout.contains(
                "- Service `ratings` starts with 3 instances (1 in `a`, 1 in `b` and 1 in `c`), each serving 9 requests at once"
            ))
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var label: String
        /// The file replaced in a copy of results/mm1 and its new bytes (nil removes it); no file,
        /// no copy.
        var file: String?
        var bytes: String?
        /// Expected message after `cnsim: `, with FOLDER for the copy's path.
        var message: String
        var testDescription: String { label }
    }

    static let badInputs = [
        BadInput(
            label: "missing folder", file: nil, bytes: "",
            message: "FOLDER/none: no such folder; expected a results folder written by `cnsim run`"),
        BadInput(
            label: "not a results folder", file: "summary.csv", bytes: nil,
            message: "FOLDER/mm1: no summary.csv here; expected a results folder written by `cnsim run`"),
        BadInput(
            label: "empty summary.csv", file: "summary.csv", bytes: "",
            message: "FOLDER/mm1/summary.csv:1: the file is empty; expected a header row"),
        BadInput(
            label: "non-numeric mean", file: "summary.csv",
            bytes:
                "scenario,variant,metric,unit,replications,mean,stddev,ci95_low,ci95_high\nmm1,a,x,count,2,lots,1,1,2\n",
            message: "FOLDER/mm1/summary.csv:2: `mean` expects a number, found `lots`"),
        BadInput(
            label: "unknown unit", file: "summary.csv",
            bytes:
                "scenario,variant,metric,unit,replications,mean,stddev,ci95_low,ci95_high\nmm1,a,x,furlongs,2,1,1,1,2\n",
            message:
                "FOLDER/mm1/summary.csv:2: `unit` expects one of `s`, `1/s`, `1/d`, `ratio`, `count`, `usd`, `usd/h`, `TB`, `GB`, `h`, found `furlongs`"
        ),
        BadInput(
            label: "comparison without a column", file: "comparison.csv", bytes: "metric,unit\nx,count\n",
            message: "FOLDER/mm1/comparison.csv:1: expected a column `baseline`"),
        BadInput(
            label: "comparison short row", file: "comparison.csv",
            bytes:
                "scenario,metric,unit,baseline,variant,baseline_mean,variant_mean,difference,ci95_low,ci95_high,relative_change,significant\nmm1,x\n",
            message: "FOLDER/mm1/comparison.csv:2: expected 12 fields, found 2"),
        BadInput(
            label: "run.json not JSON", file: "run.json", bytes: "{\"seed\": ",
            message: "FOLDER/mm1/run.json: expected a JSON object as `cnsim run` writes, found other text"),
    ]

    @Test("bad input is exit 2 with the file and line, nothing on stdout, no --out file", arguments: badInputs)
    func badInput(_ bad: BadInput) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var results = folder.appendingPathComponent("none")
        if let file = bad.file {
            results = folder.appendingPathComponent("mm1")
            try FileManager.default.copyItem(
                at: CommandRunner.packageRoot.appendingPathComponent("results/mm1"), to: results)
            if let bytes = bad.bytes {
                try Data(bytes.utf8).write(to: results.appendingPathComponent(file))
            } else {
                try FileManager.default.removeItem(at: results.appendingPathComponent(file))
            }
        }
        let out = folder.appendingPathComponent("record.md")
        let outcome = try CommandRunner.run(["report", results.path, "--out", out.path])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "cnsim: " + bad.message.replacingOccurrences(of: "FOLDER", with: folder.path) + "\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
