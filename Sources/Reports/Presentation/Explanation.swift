import Scenario
import SimKernel

/// `cnsim explain`: a scenario in plain sentences, for a teacher to read aloud — what is
/// simulated, for how long and how often, what each variant changes against the baseline, and
/// how to read the results.
public enum Explanation {
    public static func text(_ scenario: ScenarioDescription) -> String {
        guard let baseline = scenario.variants.first(where: { $0.name == scenario.baselineVariant }) else { return "" }
        let presenter = baseline.model.presenter
        var lines = ["Scenario `\(scenario.name)`" + (scenario.description.isEmpty ? "" : ": \(scenario.description)"), ""]

        lines.append("What is simulated")
        lines += simulated(scenario).map { $0.isEmpty ? "" : "  " + $0 }
        lines.append("")

        lines.append("Variants")
        for variant in scenario.variants {
            let description = variant.description.isEmpty ? "" : ": \(variant.description)"
            guard variant.name != baseline.name else {
                lines.append("  `\(variant.name)` (the baseline)\(description).")
                continue
            }
            lines.append("  `\(variant.name)`\(description).")
            let changes = ModelDifferences.changes(from: baseline.model, to: variant.model).filter {
                !Self.isUnused($0, in: variant.model)
            }
            if changes.isEmpty {
                lines.append("    Its model is the same as the baseline's.")
            } else {
                lines.append("    Against `\(baseline.name)`:")
                lines += changes.map { "    - " + sentence($0) }
            }
        }
        lines.append("")

        lines.append("Metrics and how to read them")
        lines += presenter.metricsGuide.map { "  " + $0 }
        lines += reading(scenario, baseline: baseline.name).map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What is simulated, as the baseline has it, then (after an empty line) how it is run:
    /// the assumptions behind every figure of the results.
    public static func simulated(_ scenario: ScenarioDescription) -> [String] {
        guard let baseline = scenario.variants.first(where: { $0.name == scenario.baselineVariant }) else { return [] }
        let presenter = baseline.model.presenter
        return ["The baseline `\(baseline.name)` is \(presenter.kind)."] + presenter.sentences(duration: scenario.duration)
            + [""] + run(scenario)
    }

    /// Length, warm-up, replications and common random numbers.
    private static func run(_ scenario: ScenarioDescription) -> [String] {
        let warmUp =
            scenario.warmUp > 0
            ? "; the first \(Wording.time(scenario.warmUp)) are warm-up, left out of the results" : ""
        var sentences = [
            "Each run simulates \(Wording.time(scenario.duration))\(warmUp). Every variant is run "
                + "\(Wording.count(scenario.replications, "time")) (replications) from seed \(scenario.seed)."
        ]
        if scenario.variants.count > 1 {
            sentences.append(
                "Replication r of every variant uses the same random numbers, so a difference between variants "
                    + "comes from the architecture, not from luck.")
        }
        return sentences
    }

    /// "`path` is new instead of old", or added / removed.
    static func sentence(_ change: ModelDifferences.Change) -> String {
        switch (change.old, change.new) {
        case (let old?, let new?): "\(change.path): \(new) instead of \(old)"
        case (nil, let new?): "\(change.path): added, \(new)"
        case (let old?, nil): old.isEmpty ? "\(change.path): removed" : "\(change.path): removed (was \(old))"
        case (nil, nil): change.path
        }
    }

    /// How to read summary.csv and comparison.csv.
    private static func reading(_ scenario: ScenarioDescription, baseline: String) -> [String] {
        var sentences = [
            "summary.csv gives each metric's mean over the replications with a 95% confidence interval: "
                + "intervals made this way hold the true long-run mean 19 times in 20."
        ]
        if scenario.replications < 2 {
            sentences.append("With one replication there is no interval; run 2 or more to get one.")
        }
        if scenario.variants.count > 1 {
            sentences.append(
                "comparison.csv gives each variant's difference from `\(baseline)`, replication by replication; "
                    + "a difference is significant when its 95% interval does not include 0 (marked * in the table).")
        }
        return sentences
    }

    /// Instance settings of a service that a deployable packages in `model` are its deployable's,
    /// not its own: a variant that packages services removes them, and saying so would mislead.
    static func isUnused(_ change: ModelDifferences.Change, in model: ModelDescription) -> Bool {
        guard case .runtime(let runtime) = model else { return false }
        let path = change.path.split(separator: ".").map(String.init)
        guard path.count >= 4, path[0] == "runtime", path[1] == "services",
            ScenarioKeys.instanceGroup.contains(path[3])
        else { return false }
        return runtime.deployables.contains { $0.services.contains(path[2]) }
    }
}
