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

    /// Error ratio over time for replication 0 of each variant, with event markers.
    func timeline() -> ExportSection? {
        guard let timeseries = folder.timeseries, let entity = systemEntity,
            let columns = Optional(["variant", "replication", "time_s", "entity", "metric", "value"].compactMap(timeseries.column)),
            columns.count == 6
        else { return nil }
        let metric = "error_ratio"
        let series = folder.variants.map { variant in
            (variant, timeseries.rows.filter {
                $0[columns[0]] == variant && $0[columns[1]] == "0" && $0[columns[3]] == entity && $0[columns[4]] == metric
            }.compactMap { row in Double(row[columns[2]]).flatMap { x in Double(row[columns[5]]).map { (x: x, y: $0) } } })
        }.filter { !$0.1.isEmpty }
        guard !series.isEmpty else { return nil }
        var markers: [(x: Double, label: String, series: Int)] = []
        for (_, table) in folder.events {
            guard let variantColumn = table.column("variant"), let replication = table.column("replication") else { continue }
            for row in table.rows.prefix(40) where row[replication] == "0" {
                guard let index = folder.variants.firstIndex(of: row[variantColumn]) else { continue }
                for name in Self.timeColumns(table) {
                    if let time = Double(row[table.column(name)!]) {
                        markers.append((time, Self.eventName(name), index))
                    }
                }
            }
        }
        let chart = LineChart(
            title: "Error ratio over time (\(entity), replication 0)", xUnit: "s", yUnit: "ratio",
            series: series.map { (name: $0.0, points: $0.1) }, markers: Array(markers.prefix(24)))
        return ExportSection(
            title: "What happened, and when?",
            paragraphs: [
                "The share of requests that failed in each time bucket, for the first replication of each variant. "
                    + "A failure shows as a step up; the dashed lines mark when the failure started, when monitoring "
                    + "noticed it and when service was restored, where the model records them.",
                "The width of a step is the outage users saw; its height is how many of them were hurt.",
            ],
            charts: [chart.svg()],
            code: "timeline(\"\(entity)\", \"\(metric)\")")
    }

    /// Per variant, a lane per event of the first replication (up to 12, bad ones first where
    /// the table says which), its steps drawn from its own start, so a slow step shows as a long
    /// lane whatever the time of day it happened.
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
        var charts: [String] = []
        for (index, variant) in folder.variants.enumerated() {
            var rows = table.rows.filter { $0[variantColumn] == variant && $0[replication] == "0" }
            if let badColumn { rows = rows.filter { $0[badColumn] == "true" } + rows.filter { $0[badColumn] != "true" } }
            var lanes: [(label: String, series: Int, marks: [(time: Double, name: String)])] = []
            for row in rows.prefix(12) {
                let marks = times.compactMap { column in
                    Double(row[table.column(column)!]).map { (time: $0, name: Self.eventName(column)) }
                }
                guard let start = marks.map(\.time).min() else { continue }
                let label = "at " + Axis.label(start, unit: "s") + (badColumn.map { row[$0] == "true" ? " (bad)" : "" } ?? "")
                lanes.append((label, index, marks.map { (time: $0.time - (absolute ? 0 : start), name: $0.name) }))
            }
            guard !lanes.isEmpty else { continue }
            let clock = absolute ? "on the run's clock" : "time since each began"
            charts.append(TimelineChart(title: "\(variant): \(name), \(clock)", lanes: lanes).svg())
        }
        guard !charts.isEmpty else { return nil }
        return ExportSection(
            title: "Each \(name.hasSuffix("s") ? String(name.dropLast()) : name), step by step",
            paragraphs: [
                "One chart per variant, one lane per row of `\(name).csv` in the first replication"
                    + (badColumn == nil ? "" : ", bad ones first")
                    + (absolute
                        ? ", on the run's clock, as the talk's slides draw them. The dots are, in order: "
                        : ", drawn from the moment it began, so the axis reads as time taken. The dots are, in order: ")
                    + times.map { "`\(Self.eventName($0))`" }.joined(separator: ", ")
                    + ". Hover a dot in the HTML page to read it. Long lanes are slow detection or slow repair; "
                    + "mind each chart's own time axis.",
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
