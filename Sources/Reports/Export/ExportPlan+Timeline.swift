import Foundation

extension ExportPlan {
    /// Absolute times in a per-event table: columns in seconds (`…_s`) that are moments, not
    /// spans of time (`time_to_…`, `…latency…`, `…duration…`, `lead_time…`, `…wait…`).
    static func timeColumns(_ table: CSVTable) -> [String] {
        let spans = ["time_to_", "latency", "duration", "lead_time", "wait"]
        return table.header.filter { name in name.hasSuffix("_s") && !spans.contains { name.contains($0) } }
    }

    /// A time column's name without its unit: `alert_s` → `alert`.
    static func eventName(_ column: String) -> String { String(column.dropLast(2)) }

    /// The entity of the time series that stands for the whole system: the one that is not a
    /// service or cluster of summary.csv's `SERVICE.metric` names.
    var systemEntity: String? {
        guard let timeseries = folder.timeseries, let entity = timeseries.column("entity") else { return nil }
        let services = Set(folder.metrics.compactMap { $0.name.split(separator: ".").first.map(String.init) }
            .filter { name in folder.metrics.contains { $0.name.hasPrefix(name + ".") } })
        var seen: [String] = []
        for row in timeseries.rows where !seen.contains(row[entity]) { seen.append(row[entity]) }
        return seen.first { !services.contains($0) && !$0.contains(".") } ?? seen.first
    }

    /// One metric of one entity over time, replication 0 of each variant that has it.
    func timeSeries(entity: String, metric: String) -> [(name: String, points: [(x: Double, y: Double)])] {
        guard let timeseries = folder.timeseries else { return [] }
        let columns = ["variant", "replication", "time_s", "entity", "metric", "value"].compactMap(timeseries.column)
        guard columns.count == 6 else { return [] }
        return folder.variants.map { variant in
            (variant, timeseries.rows.filter {
                $0[columns[0]] == variant && $0[columns[1]] == "0" && $0[columns[3]] == entity && $0[columns[4]] == metric
            }.compactMap { row in Double(row[columns[2]]).flatMap { x in Double(row[columns[5]]).map { (x: x, y: $0) } } })
        }.filter { !$0.1.isEmpty }
    }

    /// The run's clock as the time series cover it, from the first bucket's start to the last's
    /// end: every chart over the run's time shares it.
    var timeRange: (low: Double, high: Double)? {
        guard let timeseries = folder.timeseries, let column = timeseries.column("time_s") else { return nil }
        let times = Set(timeseries.rows.compactMap { Double($0[column]) }).sorted()
        guard let first = times.first, let last = times.last else { return nil }
        let bucket = times.count > 1 ? times[times.count - 1] - times[times.count - 2] : 0
        return (first, last + bucket)
    }

    /// The faults of one variant's first replication: `faults.csv`'s rows (what happened, until
    /// the repair, with the alert), then the file's scheduled faults it does not hold.
    func faults(of variant: String) -> [FaultShade] {
        var shades: [FaultShade] = []
        var recorded: Set<Int> = []
        if let table = folder.events.first(where: { $0.name == "faults" })?.table {
            let columns = ["variant", "replication", "chaos_item", "chaos", "services", "start_s", "end_s", "alert_s"]
                .compactMap(table.column)
            if columns.count == 8 {
                for row in table.rows where row[columns[0]] == variant && row[columns[1]] == "0" {
                    guard let start = Double(row[columns[5]]) else { continue }
                    if let item = row[columns[2]].split(separator: " ").first.flatMap({ Int($0) }) { recorded.insert(item) }
                    let chaos = row[columns[3]]
                    let services = row[columns[4]].split(separator: " ")
                    let label = chaos == "bad_deploy"
                        ? "bad deploy"
                        : (services.count == 1 ? "\(services[0]) " : "") + chaos.replacingOccurrences(of: "_", with: " ")
                    shades.append(
                        FaultShade(
                            start: start, end: Double(row[columns[6]]), label: label,
                            alerts: Double(row[columns[7]]).map { [$0] } ?? []))
                }
            }
        }
        for fault in context.faults where fault.variants.contains(variant) {
            if let item = fault.item, recorded.contains(item) { continue }
            shades.append(FaultShade(start: fault.start, end: fault.end, label: fault.name))
        }
        return shades.sorted { $0.start < $1.start }
    }

    /// The faults of several variants on one chart: a window they all share once, the others
    /// named with the variants that have them.
    func faults(of variants: [String]) -> [FaultShade] {
        var merged: [(shade: FaultShade, variants: [String])] = []
        for variant in variants {
            for shade in faults(of: variant) {
                if let index = merged.firstIndex(where: { $0.shade == shade }) {
                    merged[index].variants.append(variant)
                } else {
                    merged.append((shade, [variant]))
                }
            }
        }
        return merged.map { entry in
            var shade = entry.shade
            if entry.variants.count < variants.count { shade.label += " (\(entry.variants.joined(separator: ", ")))" }
            return shade
        }
    }

    /// Error ratio over time for replication 0 of each variant, the faults shaded, with dashed
    /// lines where monitoring alerted.
    func timeline() -> ExportSection? {
        guard let entity = systemEntity else { return nil }
        let metric = "error_ratio"
        let series = timeSeries(entity: entity, metric: metric)
        guard !series.isEmpty else { return nil }
        let faults = faults(of: series.map(\.name))
        let chart = LineChart(
            title: "Error ratio over time (\(entity), replication 0)", xUnit: "s", yUnit: "ratio",
            series: series, faults: faults, range: timeRange)
        var paragraphs = [
            "The share of requests that failed in each time bucket, for the first replication of each variant, drawn "
                + "as steps (each bucket's value holds for its width). A failure shows as a step up; its width is how "
                + "long users saw it, its height how many of them were hurt."
        ]
        if !faults.isEmpty {
            paragraphs.append(
                "The shaded windows are the faults"
                    + (faults.contains { $0.end == nil } ? ", dashed red lines the moments instances were killed" : "")
                    + (faults.contains { !$0.alerts.isEmpty } ? ", dashed red lines labelled alert the moments monitoring alerted" : "")
                    + ". Each variant has its own colour and dash; lines lying on one another stay visible because the "
                    + "first is drawn widest.")
        }
        return ExportSection(
            title: "What happened, and when?", paragraphs: paragraphs, charts: [chart.svg()],
            code: "timeline(\"\(entity)\", \"\(metric)\")")
    }

    /// Per variant, a lane per event of the first replication (up to 12, bad ones first where
    /// the table says which), every variant's chart on one shared clock: a handful of events on
    /// the run's clock, faults shaded; many from each one's own start, so that a slow step shows
    /// as a long lane whatever the time of day it happened.
    func events(name: String, table: CSVTable) -> ExportSection? {
        let times = Self.timeColumns(table)
        guard !times.isEmpty, let variantColumn = table.column("variant"), let replication = table.column("replication")
        else { return nil }
        let badColumn = table.column("bad")
        // A handful of events (the talk's one outage) reads best on the run's own clock, like the
        // slides; many read best side by side, each from its own start.
        let perVariant = folder.variants.map { variant in
            table.rows.filter { $0[variantColumn] == variant && $0[replication] == "0" }.count
        }
        let absolute = (perVariant.max() ?? 0) <= 3
        var lanesOf: [(variant: String, lanes: [(label: String, series: Int, marks: [(time: Double, name: String)])])] = []
        for (index, variant) in folder.variants.enumerated() {
            var rows = table.rows.filter { $0[variantColumn] == variant && $0[replication] == "0" }
            if let badColumn { rows = rows.filter { $0[badColumn] == "true" } + rows.filter { $0[badColumn] != "true" } }
            var lanes: [(label: String, series: Int, marks: [(time: Double, name: String)])] = []
            for row in rows.prefix(12) {
                let marks = times.compactMap { column in
                    Double(row[table.column(column)!]).map { (time: $0, name: Self.eventName(column)) }
                }
                guard let start = marks.map(\.time).min() else { continue }
                let label = Axis.clock(start) + (badColumn.map { row[$0] == "true" ? " (bad)" : "" } ?? "")
                lanes.append((label, index, marks.map { (time: $0.time - (absolute ? 0 : start), name: $0.name) }))
            }
            if !lanes.isEmpty { lanesOf.append((variant, lanes)) }
        }
        let all = lanesOf.flatMap { $0.lanes.flatMap { $0.marks.map(\.time) } }
        guard let first = all.min(), let last = all.max() else { return nil }
        let range = absolute ? (low: min(first, timeRange?.low ?? first), high: max(last, timeRange?.high ?? last)) : (low: 0, high: last)
        let clock = absolute ? "on the run's clock" : "time since each began"
        let charts = lanesOf.map { entry in
            TimelineChart(
                title: "\(entry.variant): \(name), \(clock)", lanes: entry.lanes, range: range, elapsed: !absolute,
                faults: absolute ? faults(of: entry.variant) : []
            ).svg()
        }
        return ExportSection(
            title: "Each \(name.hasSuffix("s") ? String(name.dropLast()) : name), step by step",
            paragraphs: [
                "One chart per variant, one lane per row of `\(name).csv` in the first replication"
                    + (badColumn == nil ? "" : ", bad ones first")
                    + (absolute
                        ? ", on the run's clock, as the talk's slides draw them, faults shaded. The dots are, in order: "
                        : ", drawn from the moment it began, so the axis reads as time taken. The dots are, in order: ")
                    + times.map { "`\(Self.eventName($0))`" }.joined(separator: ", ")
                    + ". Every chart shares one time axis, so lanes compare across variants: long lanes are slow "
                    + "detection or slow repair. Each lane is labelled with the moment it began.",
                "The full table, every replication, is in `\(name).csv`.",
            ],
            charts: charts, code: "events(\"\(name)\", \(python(times)))")
    }

    /// The paired differences against the baseline, significant ones marked.
    func comparison() -> ExportSection? {
        guard let comparison = folder.comparison,
            let columns = Optional(["metric", "variant", "baseline_mean", "variant_mean", "difference", "ci95_low",
                "ci95_high", "significant", "unit", "baseline"].compactMap(comparison.column)), columns.count == 10
        else { return nil }
        let rows = comparison.rows.filter { !$0[columns[0]].contains(".") }
        guard !rows.isEmpty else { return nil }
        var table = [["metric", "variant", "baseline", "variant value", "difference [95% CI]", ""]]
        for row in rows {
            let unit = row[columns[8]]
            func label(_ index: Int) -> String { Double(row[columns[index]]).map { Axis.label($0, unit: unit) } ?? "" }
            table.append([
                row[columns[0]], row[columns[1]], label(2), label(3),
                row[columns[5]].isEmpty ? "\(label(4)) (one replication: no interval)" : "\(label(4)) [\(label(5)), \(label(6))]",
                row[columns[7]] == "true" ? "significant" : "",
            ])
        }
        let baseline = comparison.rows.first.map { $0[columns[9]] } ?? ""
        return ExportSection(
            title: "Which differences are real?",
            paragraphs: [
                "Each variant against the baseline `\(baseline)`, replication by replication: because variants "
                    + "share random numbers, the difference per replication isolates the architecture. A difference "
                    + "is marked significant when its 95% confidence interval excludes zero."
            ],
            code: "comparison = pd.read_csv(f\"{RESULTS}/comparison.csv\")\n"
                + "comparison[~comparison.metric.str.contains(\".\", regex=False)]",
            table: table)
    }
}
