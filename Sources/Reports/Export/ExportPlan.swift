import Foundation

/// Decides which sections a results folder gets, from the files and metrics it holds.
struct ExportPlan {
    let folder: ResultsFolder
    /// Scenario and variant descriptions, when the scenario file was found.
    let context: ExportContext

    /// The question and the sections that answer it first, then the architecture, then the rest.
    var sections: [ExportSection] {
        let lead = lead()
        var sections = [overview()] + lead
        if let architecture = architecture() { sections.append(architecture) }
        let rest = [
            dora(), detection(), duringChaos(), requestTypes(), latency(), measures(), cores(), queues(), replicaSets(), cost(), regions(),
            timeline(),
        ]
            .compactMap { $0 }
        sections += rest.filter { section in !lead.contains { $0.title == section.title } }
        sections += folder.events.compactMap { events(name: $0.name, table: $0.table) }
        if let comparison = comparison() { sections.append(comparison) }
        sections.append(reading())
        return sections
    }

    /// End-to-end metrics: those not named `SERVICE.metric` (services and clusters have a dot).
    var endToEnd: [(name: String, unit: String)] { folder.metrics.filter { !$0.name.contains(".") } }

    private func estimates(_ metric: String) -> [Estimate?] {
        folder.variants.map { folder.estimate(variant: $0, metric: metric) }
    }

    private func overview() -> ExportSection {
        var paragraphs = [context.description.isEmpty ? "Scenario `\(folder.scenario)`." : context.description]
        if let question { paragraphs.append(question) }
        let variants = folder.variants.map { name -> String in
            let description = context.variantDescriptions[name].map { ": \($0)" } ?? ""
            return "`\(name)`\(description)"
        }
        paragraphs.append(
            "The variants compared, on the same random numbers so that differences come from the architecture, "
                + "not the dice: " + variants.joined(separator: "; ") + ".")
        if let replications = folder.summary.rows.first.flatMap({ row in
            folder.summary.column("replications").map { row[$0] }
        }) {
            paragraphs.append(
                "Each variant ran \(replications) independent replication(s). Every number below is the mean over "
                    + "replications with its 95% confidence interval; when two intervals do not overlap the "
                    + "difference is not an accident of the random numbers.")
        }
        return ExportSection(
            title: "What was simulated", paragraphs: paragraphs,
            code: "summary[summary.metric.isin(\(python(endToEnd.prefix(6).map(\.name))))]")
    }

    private func latency() -> ExportSection? {
        let names = ["response_time_p50", "response_time_p90", "response_time_p95", "response_time_p99", "response_time_p999"]
            .filter { name in endToEnd.contains { $0.name == name } }
        guard !names.isEmpty else { return nil }
        let chart = BarChart(
            title: "End-to-end response time percentiles", unit: "s",
            categories: names.map { String($0.dropFirst("response_time_".count)) },
            series: folder.variants.map { variant in
                (variant, names.map { folder.estimate(variant: variant, metric: $0) })
            })
        return ExportSection(
            title: "How long do users wait?",
            paragraphs: [
                "Response time of a request from arrival to answer, at the median (p50) and in the tail (p90, p95, p99, "
                    + "p99.9). The tail is what users remember: one slow dependency or a queue near saturation "
                    + "shows up there long before the median moves.",
                "Read it by comparing the same percentile across variants: bars are means over replications, "
                    + "whiskers the 95% confidence interval.",
            ],
            charts: [chart.svg()], code: "bars(\(python(names)), \"End-to-end response time percentiles [s]\")")
    }

    /// Every end-to-end metric that is not a latency percentile or a cost, one small chart each;
    /// measures that are zero in every variant are named, not drawn.
    private func measures() -> ExportSection? {
        let featured = Set(Self.doraMetrics + Self.detectionMetrics).union(leadMetrics)
        let candidates = endToEnd.filter {
            !$0.name.hasPrefix("response_time_p") && !$0.unit.hasPrefix("usd") && !featured.contains($0.name)
        }
        let zero = candidates.filter { metric in estimates(metric.name).allSatisfy { ($0?.mean ?? 0) == 0 && ($0?.high ?? 0) == 0 } }
        let metrics = candidates.filter { metric in !zero.contains { $0.name == metric.name } }
        guard !metrics.isEmpty else { return nil }
        let charts = featuredCharts(metrics.map(\.name)).charts
        var paragraphs = [
            "Each chart is one end-to-end measure, one bar per variant, with the mean and its 95% confidence "
                + "interval written under the bar."
        ]
        paragraphs += metrics.compactMap { metric in MetricGlossary.explanation(metric.name).map { "`\(metric.name)`: \($0)" } }
        if !zero.isEmpty {
            paragraphs.append("Zero in every variant, so not drawn: " + zero.map { "`\($0.name)`" }.joined(separator: ", ") + ".")
        }
        return ExportSection(
            title: "The measures side by side", paragraphs: paragraphs, charts: charts,
            code: "for metric in \(python(metrics.map(\.name))):\n    bars([metric], metric)")
    }

    static let doraMetrics = ["deployment_frequency", "lead_time_mean", "change_failure_rate", "time_to_restore_mean"]
    static let detectionMetrics = [
        "time_to_detect_mean", "time_to_restore_mean", "failed_requests_per_fault", "missed_ratio",
        "false_alerts_per_day",
    ]

    /// One bar chart per measure with the entities as its categories (`ENTITY.metric`: services,
    /// regions, queues, request types…), one bar per variant, titled `title [unit]`; with the
    /// metrics' names, entity by entity, for the notebook's code.
    func entityCharts(
        _ entities: [String], _ measures: [(metric: String, title: String, unit: String)]
    ) -> (charts: [String], names: [String]) {
        let charts = measures.map { measure in
            BarChart(
                title: "\(measure.title) [\(Self.unitName(measure.unit))]", unit: measure.unit, categories: entities,
                series: folder.variants.map { variant in
                    (variant, entities.map { folder.estimate(variant: variant, metric: "\($0).\(measure.metric)") })
                }
            ).svg()
        }
        return (charts, entities.flatMap { entity in measures.map { "\(entity).\($0.metric)" } })
    }

    /// Small charts of the named metrics that the results hold, in the given order; with `log`,
    /// times and rates on logarithmic scales (ratios and counts stay linear).
    func featuredCharts(_ names: [String], log: Bool = false) -> (charts: [String], names: [String]) {
        let present = names.compactMap { name in folder.metrics.first { $0.name == name } }
        let charts = present.map { metric in
            MeasureChart(
                title: "\(metric.name) [\(Self.unitName(metric.unit))]", unit: metric.unit,
                variants: zip(folder.variants, estimates(metric.name)).map { ($0, $1) },
                log: log && ["s", "1/d", "1/s", "h"].contains(metric.unit)
            ).svg()
        }
        return (charts, present.map(\.name))
    }

    /// What bad deploys cost, after the DORA measures: detection, requests hurt, waiting.
    static let deliveryCostMetrics = [
        "time_to_detect_mean", "bad_deploy_failed_requests", "bad_deploy_degraded_requests", "developer_waiting_per_week",
    ]

    /// `name` as these results hold it: a runtime's delivery's (`delivery.NAME`, before the
    /// monitoring's own measure of that name), or an end-to-end measure of a delivery scenario;
    /// nil when neither.
    func deliveryMetric(_ name: String) -> String? {
        ["delivery." + name, name].first { candidate in folder.metrics.contains { $0.name == candidate } }
    }

    /// The four DORA measures side by side, then what bad deploys cost users, for delivery
    /// scenarios and runtimes with a `delivery` block.
    func dora() -> ExportSection? {
        let dora = Self.doraMetrics.compactMap(deliveryMetric)
        guard dora.count == Self.doraMetrics.count else { return nil }
        let (charts, names) = featuredCharts(dora + Self.deliveryCostMetrics.compactMap(deliveryMetric), log: true)
        return ExportSection(
            title: "How fast, and how safely, does each variant deliver?",
            paragraphs: [
                "The four DORA measures: how often production changes (`deployment_frequency`, deploys a day), "
                    + "how long a finished change waits before it serves all users (`lead_time_mean`), the share of "
                    + "deploys that hurt users (`change_failure_rate`), and how long it takes to undo the damage "
                    + "(`time_to_restore_mean`, from the bad deploy's first traffic to its restore). Times and "
                    + "frequencies are on logarithmic scales, each grid line a round time or a power of ten, so that "
                    + "23 seconds, 10 minutes and 11 hours can all be read.",
                "High frequency with a low failure rate and a short restore is the cloud-native promise: small "
                    + "changes, each easy to check and quick to roll back. A release train batches many changes, so "
                    + "a release is bad when any of them is.",
                "Then what bad deploys cost, where the results hold it: how long until the alert "
                    + "(`time_to_detect_mean`), the user requests that failed or were degraded while bad code served "
                    + "(`bad_deploy_failed_requests`, `bad_deploy_degraded_requests`), and the hours a week finished "
                    + "changes wait for a release (`developer_waiting_per_week`).",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric, log=True)")
    }

    /// A unit as the page writes it: `/s` for `1/s`, `%` for a ratio.
    static func unitName(_ unit: String) -> String {
        switch unit {
        case "ratio": return "%"
        case "1/s", "1/d": return "/" + unit.dropFirst(2)
        default: return unit
        }
    }

    /// Time to detect and the damage done, for monitoring scenarios.
    func detection() -> ExportSection? {
        let (charts, names) = featuredCharts(Self.detectionMetrics)
        guard names.contains("time_to_detect_mean"), !folder.metrics.contains(where: { $0.name == "deployment_frequency" })
        else { return nil }
        return ExportSection(
            title: "How soon is a failure seen, and what did it cost users?",
            paragraphs: [
                "`time_to_detect_mean` runs from the moment something breaks to the alert: the agent's collection "
                    + "interval, every stage's hand-off period and the number of bad datapoints in a row the rule "
                    + "wants all add up. Users fail all that time and until the repair (`time_to_restore_mean`), "
                    + "which `failed_requests_per_fault` counts.",
                "`missed_ratio` is the share of faults never alerted on (too mild for the threshold); "
                    + "`false_alerts_per_day` counts alerts with nothing broken (noise crossing the threshold): "
                    + "finer resolution sees more of both signal and noise.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }

    private func cost() -> ExportSection? {
        let metrics = endToEnd.filter { $0.unit.hasPrefix("usd") }
        guard let first = metrics.first else { return nil }
        let chart = BarChart(
            title: "Cost [\(Self.unitName(first.unit))]", unit: first.unit, categories: metrics.filter { $0.unit == first.unit }.map(\.name),
            series: folder.variants.map { variant in
                (variant, metrics.filter { $0.unit == first.unit }.map { folder.estimate(variant: variant, metric: $0.name) })
            })
        return ExportSection(
            title: "What does it cost?",
            paragraphs: [
                "Infrastructure cost over the simulated period: instance-hours times the price per hour of each "
                    + "instance type, as the scenario file states them. More headroom buys availability; this chart "
                    + "says what it costs."
            ],
            charts: [chart.svg()], code: "bars(\(python(metrics.map(\.name))), \"Cost\")")
    }

    /// The requests that arrived while a fault's window was open, against the whole run's: what
    /// users saw during the outage, which a whole run's averages dilute.
    private func duringChaos() -> ExportSection? {
        guard folder.metrics.contains(where: { $0.name == "during_chaos.availability" }) else { return nil }
        let measures = [("availability", "ratio"), ("within_target", "ratio"), ("response_time_p99", "s")].filter { measure, _ in
            folder.metrics.contains { $0.name == "during_chaos." + measure }
        }
        let charts = measures.map { measure, unit in
            BarChart(
                title: "\(measure): whole run and during the faults [\(Self.unitName(unit))]", unit: unit,
                categories: ["whole run", "during faults"],
                series: folder.variants.map { variant in
                    (variant, [measure, "during_chaos." + measure].map { folder.estimate(variant: variant, metric: $0) })
                }
            ).svg()
        }
        let names = measures.flatMap { [$0.0, "during_chaos." + $0.0] }
        return ExportSection(
            title: "What did users see during the faults?",
            paragraphs: [
                "Requests that arrived while a fault was in force (an outage, injected latency or errors, storage "
                    + "nodes down; `during_chaos.duration` says how long, after the warm-up) against the whole run's. "
                    + "A run's availability averages an outage away; these bars do not.",
                "`within_target` counts failures against the share (with a `latency_target`); the percentiles are "
                    + "of answered requests only, so an outage that fails fast can show a better p99 than calm.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }

    /// Runtimes with `cores`: each instance group's threads and cores side by side, one bar per
    /// variant, for the groups that report both.
    private func cores() -> ExportSection? {
        let suffix = ".core_utilisation"
        let groups = folder.metrics.filter { $0.name.hasSuffix(suffix) }.map { String($0.name.dropLast(suffix.count)) }
        guard !groups.isEmpty else { return nil }
        let (charts, names) = entityCharts(
            groups,
            [("utilisation", "Threads held / servers", "ratio"), ("core_utilisation", "Cores busy / cores", "ratio")])
        return ExportSection(
            title: "Are the threads or the cores the limit?",
            paragraphs: [
                "A call holds a thread (a server) from its start until it answers, waiting on its dependencies "
                    + "included; only its own work needs a core. `utilisation` is the threads': "
                    + (MetricGlossary.explanation("utilisation") ?? "") + " `core_utilisation`: "
                    + (MetricGlossary.explanation("core_utilisation") ?? ""),
                "Threads near 1 with cores low: calls queue for threads while they wait on slow dependencies, and "
                    + "more threads (or shorter timeouts) help where more instances would mostly buy idle cores. Cores "
                    + "near 1: the instances are short of processor, and more cores or instances shorten every call's "
                    + "work.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }

    /// Several regions: each region's users' availability and p99, and each region's cost, one
    /// bar per variant (a variant without the region has none).
    private func regions() -> ExportSection? {
        let regions = context.regions.filter { region in folder.metrics.contains { $0.name == region + ".availability" } }
        guard !regions.isEmpty else { return nil }
        let (charts, names) = entityCharts(
            regions,
            [("availability", "ratio"), ("response_time_p99", "s"), ("cost", "usd")].map { ($0, "\($0) by region", $1) })
        return ExportSection(
            title: "How does each region fare?",
            paragraphs: [
                "Users start in a region by its traffic share; these are the requests of each region's users, "
                    + "wherever they were served, and what each region's instances and storage nodes cost. A region "
                    + "that went down shows its users' wait for DNS failover; the others, the load they took over.",
                "A variant that does not run in a region has no bar there; a variant in one region reports only the "
                    + "end-to-end measures above.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }

    private func reading() -> ExportSection {
        ExportSection(
            title: "How to use these numbers",
            paragraphs: [
                "Change an assumption in the scenario file (a rate, a timeout, a monitoring resolution), run "
                    + "`cnsim run` again, then `cnsim export` again: the same charts will show what that assumption "
                    + "does. `comparison.csv` holds the paired differences against the baseline variant with "
                    + "their confidence intervals, ready to paste into a decision record."
            ])
    }
}

/// A Python list literal of strings.
func python(_ names: [String]) -> String {
    "[" + names.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        .joined(separator: ", ") + "]"
}
