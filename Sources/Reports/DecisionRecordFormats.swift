import Foundation

/// A decision record as Markdown, to paste into an architecture decision record, or as JSON
/// with the same content.
extension DecisionRecord {
    /// How the figures and changes against `baseline` are to be read.
    static func reading(baseline: String) -> String {
        "Mean ± half-width of the 95% confidence interval over the replications. A change is against `\(baseline)`'s "
            + "mean, in %; it is significant when the 95% confidence interval of the paired difference (replication "
            + "by replication, on the same random numbers) excludes 0."
    }

    /// The run in one sentence: its command line, cnsim, commit, start, seed and replications.
    var provenanceSentence: String? {
        guard let run = provenance else { return nil }
        var parts: [String] = []
        if !run.commandLine.isEmpty { parts.append("`\(run.commandLine.joined(separator: " "))`") }
        if let version = run.cnsimVersion { parts.append("cnsim \(version)") }
        if let commit = run.gitCommit { parts.append("git commit `\(commit)`") }
        if let started = run.startedAt { parts.append("started \(started)") }
        var sentence = parts.joined(separator: ", ")
        if let replications = run.replications, let seed = run.seed {
            sentence +=
                (sentence.isEmpty ? "" : "; ") + Wording.count(replications, "replication")
                + " per option from seed \(seed)"
        }
        return sentence.isEmpty ? nil : sentence + "."
    }

    /// Markdown: a heading, the question, the options, the assumptions, the run, the caveats and
    /// the table of results, one line per metric.
    public func markdown() -> String {
        var lines = ["## Simulated comparison: `\(scenario)`", ""]
        lines += ["**Question.** " + (question ?? "Unknown: see the caveats below."), ""]
        lines += ["**Options.**", ""]
        lines += options.map { option in
            "- `\(option.name)`" + (option.isBaseline ? " (baseline)" : "") + ": "
                + (option.description ?? "no description known.")
        }
        lines.append("")
        if assumptions.isEmpty {
            lines += ["**Assumptions.** Unknown: see the caveats below.", ""]
        } else {
            let source = scenarioFile.map { file in
                " (from `\(file)`" + (scenarioFileStatus.map { ", \(Self.words($0))" } ?? "") + ")"
            }
            lines += ["**Assumptions**\(source ?? ""):", ""] + assumptions.map { "- " + $0 } + [""]
        }
        lines += ["**Run.** " + (provenanceSentence ?? "Unknown: see the caveats below."), ""]
        if !caveats.isEmpty {
            lines += ["**Caveats.**", ""] + caveats.map { "- " + $0 } + [""]
        }
        lines += ["**Results.** " + reading, ""]
        var header = ["Metric"]
        for option in options {
            header.append("`\(option.name)`" + (option.isBaseline ? " (baseline)" : ""))
            if !option.isBaseline, rows.contains(where: { !$0.changes.isEmpty }) {
                header.append("`\(option.name)` vs `\(baseline)`")
            }
        }
        lines.append(Self.tableLine(header))
        lines.append(Self.tableLine(header.indices.map { $0 == 0 ? ":---" : "---:" }))
        let changeColumns = rows.contains { !$0.changes.isEmpty }
        for row in rows {
            var cells = ["`\(row.metric)`"]
            for option in options {
                cells.append(row.figures.first { $0.variant == option.name }?.shown ?? "–")
                if !option.isBaseline, changeColumns {
                    cells.append(row.changes.first { $0.variant == option.name }?.shown ?? "–")
                }
            }
            lines.append(Self.tableLine(cells))
        }
        if rows.isEmpty { lines += ["", "No metric is shown: none matches the patterns asked for."] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same content as JSON: keys sorted, pretty-printed, ending in a newline. Unknown
    /// values are `null`, never left out; numbers are those of the CSV files.
    public func json() throws -> Data {
        try prettyJSON(self)
    }

    /// How the scenario file compares with the run's, after its name.
    static func words(_ status: ScenarioFileStatus) -> String {
        switch status {
        case .unchanged: "unchanged since the run"
        case .changed: "changed since the run"
        case .unverified: "not checked against the run"
        case .notFound, .invalid, .otherScenario: status.rawValue
        }
    }

    /// One line of a Markdown table, `|` in a cell escaped.
    static func tableLine(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }
}

/// An optional value encoded as `null` when nil, where a synthesized encoding would leave its
/// key out: a reader of the JSON finds every key.
@propertyWrapper
public struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}
