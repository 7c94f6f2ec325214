import CloudModel
import Foundation
import Scenario

/// `cnsim report`: a results folder as the evidence of an architecture decision record — the
/// scenario's question, the options compared and the assumptions behind the figures, then per
/// metric each option's mean with its 95% confidence interval and its change against the
/// baseline, significant or not. Every figure comes from the folder's summary.csv and
/// comparison.csv, the run's facts from its run.json, the question and assumptions from the
/// scenario file run.json names; whatever none of them holds is listed as a caveat, never made up.
public struct DecisionRecord: Sendable, Encodable {
    /// One option compared: a variant of the scenario.
    public struct Option: Sendable, Encodable {
        public var name: String
        /// The variant's `description:`; nil when the scenario file could not be read or has none.
        @Nullable public var description: String?
        public var isBaseline: Bool

        enum CodingKeys: String, CodingKey { case name, description, isBaseline = "baseline" }
    }

    /// One option's figure for one metric, from summary.csv.
    public struct Figure: Sendable, Encodable {
        public var variant: String
        /// Replications that measured the metric.
        public var replications: Int
        /// Nil when no replication measured it.
        @Nullable public var mean: Double?
        @Nullable public var ci95Low: Double?
        @Nullable public var ci95High: Double?
        /// As the terminal table shows it: `483,841,607 ± 13,036`, `99.978 ± 0.006 %`.
        public var shown: String

        enum CodingKeys: String, CodingKey {
            case variant, replications, mean, ci95Low = "ci95_low", ci95High = "ci95_high", shown
        }
    }

    /// One option against the baseline on one metric, from comparison.csv.
    public struct Change: Sendable, Encodable {
        public var variant: String
        /// Mean of the paired differences (variant − baseline) and their 95% interval.
        public var difference: Double
        @Nullable public var ci95Low: Double?
        @Nullable public var ci95High: Double?
        /// Difference / baseline mean; nil when the baseline mean is 0.
        @Nullable public var relativeChange: Double?
        public var significant: Bool
        /// `-97.78 %, significant`, `+5 from 0, not significant`.
        public var shown: String

        enum CodingKeys: String, CodingKey {
            case variant, difference, ci95Low = "ci95_low", ci95High = "ci95_high", relativeChange = "relative_change"
            case significant, shown
        }
    }

    /// One metric: every option's figure, in variant order, and every change against the baseline.
    public struct Row: Sendable, Encodable {
        public var metric: String
        public var unit: MetricUnit
        public var figures: [Figure]
        public var changes: [Change]
    }

    /// How the scenario file that run.json names compares with the file as it is now.
    public enum ScenarioFileStatus: String, Sendable, Encodable {
        case unchanged, changed
        case notFound = "not found"
        case invalid = "does not load"
        case otherScenario = "another scenario"
        /// Read, but run.json holds no hash to compare with.
        case unverified = "not checked"
    }

    /// How the results were made, from run.json.
    public struct Provenance: Sendable, Encodable {
        public var commandLine: [String]
        @Nullable public var cnsimVersion: String?
        @Nullable public var gitCommit: String?
        @Nullable public var startedAt: String?
        @Nullable public var seed: UInt64?
        @Nullable public var replications: Int?
        @Nullable public var scenarioFile: String?
        @Nullable public var scenarioSHA256: String?

        enum CodingKeys: String, CodingKey {
            case commandLine = "argv", cnsimVersion = "cnsim_version", gitCommit = "git_commit"
            case startedAt = "started_at", seed, replications, scenarioFile = "scenario_file"
            case scenarioSHA256 = "scenario_sha256"
        }
    }

    public var scenario: String
    /// The scenario's `description:`, the question the comparison answers.
    @Nullable public var question: String?
    public var options: [Option]
    public var baseline: String
    /// What is simulated and how it is run, in the words of `cnsim explain`, as the baseline has it.
    public var assumptions: [String]
    /// The scenario file the question and assumptions come from, and how it compares with the run's.
    @Nullable public var scenarioFile: String?
    @Nullable public var scenarioFileStatus: ScenarioFileStatus?
    /// Nil without run.json.
    @Nullable public var provenance: Provenance?
    /// What the folder and the scenario file do not say, or say doubtfully, in sentences.
    public var caveats: [String]
    /// How the figures and changes are to be read.
    public var reading: String
    public var rows: [Row]

    // Every key is written, an unknown value as `null`.
    enum CodingKeys: String, CodingKey {
        case scenario, question, options, baseline, assumptions, scenarioFile = "scenario_file"
        case scenarioFileStatus = "scenario_file_status", provenance = "run", caveats, reading, rows = "results"
    }

    /// The record of the results folder `folder`.
    ///
    /// - Parameters:
    ///   - scenarioFile: the scenario file to read the question and assumptions from; nil takes
    ///     the one run.json names, relative to the current folder as `cnsim run` was given it.
    ///   - patterns: the metrics to show; nil takes the scenario's `metrics:` (every metric
    ///     when it has none or cannot be read), as the terminal table does.
    /// - Returns: the record, the patterns that matched no metric and every metric's name.
    /// - Throws: `ExportError` when the folder is not a results folder or a file in it is damaged.
    public static func read(
        folder url: URL, scenarioFile: String? = nil, metrics patterns: [MetricPattern]? = nil
    ) throws -> (record: DecisionRecord, unmatched: [MetricPattern], metrics: [String]) {
        let folder = try ResultsFolder(url: url)
        var caveats: [String] = []
        let provenance = try Self.provenance(in: url)
        if provenance == nil {
            caveats.append(
                "The folder has no run.json: how the results were made (scenario file, seed, command line) is unknown.")
        } else {
            caveats += Self.edited(folder: url)
        }
        let summary = try Self.summaryRows(folder)
        let variants = folder.variants
        let comparison = try Self.comparisonRows(folder)
        let baseline: String
        if let named = comparison.first?.baseline {
            baseline = named
        } else {
            baseline = variants.first ?? ""
            if variants.count > 1 {
                caveats.append("The folder has no comparison.csv: no changes against the baseline, no significance.")
            }
        }

        // The scenario as it ran, when its file can be read.
        let file =
            scenarioFile
            ?? provenance?.scenarioFile.map { Self.locate($0, from: url, sha256: provenance?.scenarioSHA256) }
        var status: ScenarioFileStatus?
        var scenario: ScenarioDescription?
        if let file {
            (scenario, status) = Self.load(
                file, settings: Self.settings(provenance?.commandLine ?? []), named: folder.scenario,
                sha256: provenance?.scenarioSHA256, caveats: &caveats)
        } else if provenance != nil {
            caveats.append("run.json names no scenario file: the question and assumptions are missing.")
        }
        if var ran = scenario {
            // The run's seed, replications and variants, which command-line options may have changed.
            if let seed = provenance?.seed { ran.seed = seed }
            if let replications = provenance?.replications { ran.replications = replications }
            ran.variants = ran.variants.filter { variants.contains($0.name) }
            if ran.variants.contains(where: { $0.name == baseline }) { ran.baselineVariant = baseline }
            scenario = ran
        }
        if let scenario, scenario.description.isEmpty {
            caveats.append("The scenario file has no `description:`: the question is missing.")
        }

        let shownPatterns = patterns ?? (scenario?.terminalMetrics ?? []).map(MetricPattern.init)
        let selected = MetricPattern.select(folder.metrics, metric: \.name, by: shownPatterns)
        let changes = Dictionary(
            comparison.map { ([$0.change.variant, $0.metric], $0.change) }, uniquingKeysWith: { first, _ in first })
        let rows = selected.rows.map { metric in
            Row(
                // Units checked by `summaryRows`.
                metric: metric.name, unit: MetricUnit(rawValue: metric.unit)!,
                figures: variants.compactMap { summary[[$0, metric.name]] },
                changes: variants.compactMap { changes[[$0, metric.name]] })
        }
        let options = variants.map { name in
            Option(
                name: name,
                description: scenario?.variants.first { $0.name == name }.flatMap {
                    $0.description.isEmpty ? nil : $0.description
                },
                isBaseline: name == baseline)
        }
        var assumptions = scenario.map { Explanation.simulated($0).filter { !$0.isEmpty } } ?? []
        if let file, scenario != nil, variants.count > 1 {
            assumptions.append(
                "What each option changes against the baseline, setting by setting: `cnsim explain \(file)`.")
        }
        let record = DecisionRecord(
            scenario: folder.scenario, question: scenario.flatMap { $0.description.isEmpty ? nil : $0.description },
            options: options, baseline: baseline, assumptions: assumptions, scenarioFile: file,
            scenarioFileStatus: status, provenance: provenance, caveats: caveats,
            reading: Self.reading(baseline: baseline), rows: rows)
        return (record, selected.unmatched, folder.metrics.map(\.name))
    }

    // MARK: Reading the folder

    /// Every figure of summary.csv by [variant, metric]; a unit cnsim does not write is damage.
    private static func summaryRows(_ folder: ResultsFolder) throws -> [[String]: Figure] {
        let table = folder.summary
        let file = folder.url.appendingPathComponent("summary.csv")
        let columns = ["variant", "metric", "unit", "replications", "mean", "ci95_low", "ci95_high"].map {
            table.column($0)!
        }
        var figures: [[String]: Figure] = [:]
        for (offset, row) in table.rows.enumerated() {
            guard let unit = MetricUnit(rawValue: row[columns[2]]) else {
                let units = MetricUnit.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                throw ExportError.malformed(
                    "\(file.path):\(offset + 2): `unit` expects one of \(units), found `\(row[columns[2]])`")
            }
            // Numbers checked by ResultsFolder.
            let replications = Int(Double(row[columns[3]])!)
            let (mean, low, high) = (Double(row[columns[4]]), Double(row[columns[5]]), Double(row[columns[6]]))
            let shown =
                mean.map { mean in
                    ComparisonTable.cell(
                        mean: mean, halfWidth: low.flatMap { low in high.map { ($0 - low) / 2 } }, unit: unit)
                } ?? "not measured"
            figures[[row[columns[0]], row[columns[1]]]] = Figure(
                variant: row[columns[0]], replications: replications, mean: mean, ci95Low: low, ci95High: high,
                shown: shown)
        }
        return figures
    }

    /// comparison.csv's rows, checked: its columns, a number in every numeric cell, `true` or
    /// `false` for significance, one baseline.
    private static func comparisonRows(_ folder: ResultsFolder) throws -> [(
        metric: String, baseline: String, change: Change
    )] {
        guard let table = folder.comparison else { return [] }
        let file = folder.url.appendingPathComponent("comparison.csv")
        let names = [
            "metric", "unit", "baseline", "variant", "difference", "ci95_low", "ci95_high", "relative_change",
            "significant",
        ]
        for name in names where table.column(name) == nil {
            throw ExportError.malformed("\(file.path):1: expected a column `\(name)`")
        }
        try table.checkNumbers(
            required: ["difference"], optional: ["ci95_low", "ci95_high", "relative_change"], file: file)
        let columns = names.map { table.column($0)! }
        var rows: [(metric: String, baseline: String, change: Change)] = []
        for (offset, row) in table.rows.enumerated() {
            let line = "\(file.path):\(offset + 2)"
            guard let unit = MetricUnit(rawValue: row[columns[1]]) else {
                throw ExportError.malformed("\(line): `unit` expects a unit cnsim writes, found `\(row[columns[1]])`")
            }
            guard let significant = ["true": true, "false": false][row[columns[8]]] else {
                throw ExportError.malformed(
                    "\(line): `significant` expects `true` or `false`, found `\(row[columns[8]])`")
            }
            if let first = rows.first, first.baseline != row[columns[2]] {
                throw ExportError.malformed(
                    "\(line): `baseline` expects `\(first.baseline)` as on line 2, found `\(row[columns[2]])`")
            }
            let difference = Double(row[columns[4]])!
            let (low, high, relative) = (Double(row[columns[5]]), Double(row[columns[6]]), Double(row[columns[7]]))
            // Against a baseline mean of 0 there is no relative change: the difference itself.
            let change =
                relative.map(ComparisonTable.relativeChange)
                ?? (difference == 0 ? "no change from 0" : ComparisonTable.signed(difference, unit: unit) + " from 0")
            let verdict = low == nil ? "no interval (one replication)" : significant ? "significant" : "not significant"
            rows.append(
                (
                    row[columns[0]], row[columns[2]],
                    Change(
                        variant: row[columns[3]], difference: difference, ci95Low: low, ci95High: high,
                        relativeChange: relative, significant: significant, shown: "\(change), \(verdict)")
                ))
        }
        return rows
    }

    /// run.json's facts; nil without the file.
    /// - Throws: `ExportError.malformed` when it is there but not a JSON object.
    private static func provenance(in folder: URL) throws -> Provenance? {
        let file = folder.appendingPathComponent("run.json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ExportError.malformed("\(file.path): expected a JSON object as `cnsim run` writes, found other text")
        }
        return Provenance(
            commandLine: object["argv"] as? [String] ?? [], cnsimVersion: object["cnsim_version"] as? String,
            gitCommit: object["git_commit"] as? String, startedAt: object["started_at"] as? String,
            seed: (object["seed"] as? NSNumber)?.uint64Value,
            replications: (object["replications"] as? NSNumber)?.intValue,
            scenarioFile: object["scenario_file"] as? String, scenarioSHA256: object["scenario_sha256"] as? String)
    }

    /// A sentence for each of summary.csv and comparison.csv whose bytes are not those run.json lists.
    private static func edited(folder: URL) -> [String] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("run.json").path),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let files = object["files"] as? [[String: Any]]
        else { return [] }
        let listed = Dictionary(
            files.compactMap { file in (file["name"] as? String).map { ($0, file["sha256"] as? String) } },
            uniquingKeysWith: { first, _ in first })
        return ["summary.csv", "comparison.csv"].compactMap { name in
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                return nil
            }
            guard let hash = listed[name] else {
                return "run.json does not list \(name): it was not written by that run."
            }
            return hash == SHA256.hex(bytes)
                ? nil : "\(name) is not the file the run wrote (its SHA-256 differs from run.json's)."
        }
    }

    /// Where `file`, as `cnsim run` was given it, is now: from the current folder, else from
    /// the results folder or one above it (a run from the repository's root writes
    /// `results/NAME`) when the file there is the run's (`sha256`); `file` itself when neither.
    static func locate(_ file: String, from folder: URL, sha256: String?) -> String {
        guard !file.hasPrefix("/"), !FileManager.default.fileExists(atPath: file), let sha256 else { return file }
        var directory = folder.standardizedFileURL
        while directory.pathComponents.count > 1 {
            let candidate = directory.appendingPathComponent(file)
            if let bytes = FileManager.default.contents(atPath: candidate.path), SHA256.hex(bytes) == sha256 {
                return candidate.path
            }
            directory.deleteLastPathComponent()
        }
        return file
    }

    /// The values of `--set` on the command line, in order.
    static func settings(_ commandLine: [String]) -> [String] {
        var settings: [String] = []
        var arguments = commandLine.makeIterator()
        while let argument = arguments.next() {
            if argument == "--set", let value = arguments.next() {
                settings.append(value)
            } else if argument.hasPrefix("--set=") {
                settings.append(String(argument.dropFirst("--set=".count)))
            }
        }
        return settings
    }

    /// The scenario in `file` with the run's `settings`, when it loads and is the scenario
    /// `named`; how the file compares with the run's (`sha256`), a caveat for anything but unchanged.
    private static func load(
        _ file: String, settings: [String], named: String, sha256: String?, caveats: inout [String]
    ) -> (ScenarioDescription?, ScenarioFileStatus) {
        guard let bytes = FileManager.default.contents(atPath: file) else {
            caveats.append(
                "The scenario file `\(file)` is not found from the current folder: the question and assumptions are "
                    + "missing (give the file with --scenario).")
            return (nil, .notFound)
        }
        let scenario: ScenarioDescription
        do {
            scenario = try ScenarioLoader.load(path: file, settings: settings)
        } catch {
            let first = (error as? ScenarioError)?.diagnostics.first.map { " (\($0.description))" } ?? ""
            caveats.append(
                "The scenario file `\(file)` no longer loads\(first): the question and assumptions are missing.")
            return (nil, .invalid)
        }
        guard scenario.name == named else {
            caveats.append(
                "The scenario file `\(file)` holds scenario `\(scenario.name)`, not `\(named)`: the question and "
                    + "assumptions are missing.")
            return (nil, .otherScenario)
        }
        guard let sha256 else {
            caveats.append(
                "Whether the scenario file `\(file)` has changed since the run is unknown (no hash of it in run.json).")
            return (scenario, .unverified)
        }
        if sha256 != SHA256.hex(bytes) {
            caveats.append(
                "The scenario file `\(file)` has changed since the run (its SHA-256 differs from run.json's): the "
                    + "question and assumptions are read from it as it is now.")
            return (scenario, .changed)
        }
        return (scenario, .unchanged)
    }
}
