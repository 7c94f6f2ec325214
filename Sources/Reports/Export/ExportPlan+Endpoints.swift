/// The page's section on request types (a runtime's `endpoints`): what each one's users saw,
/// over the faults and over the run, when there are several.
extension ExportPlan {
    /// The endpoints the results report on their own, in the results' order: names with a
    /// `NAME.success` and a `NAME.availability` (services count `succeeded`), regions and the
    /// requests during the faults (`during_chaos.success`) aside.
    var endpoints: [String] {
        var seen: Set<String> = []
        return folder.metrics.compactMap { metric -> String? in
            guard metric.name.hasSuffix(".success") else { return nil }
            let name = String(metric.name.dropLast(".success".count))
            guard !name.contains("."), name != "during_chaos", !context.regions.contains(name), seen.insert(name).inserted,
                folder.metrics.contains(where: { $0.name == name + ".availability" })
            else { return nil }
            return name
        }
    }

    /// Each request type's availability, share within the target, goodput and p99 during the
    /// faults (where there were some) and over the run, one bar per variant; nil with fewer than
    /// two request types, whose figures are the end-to-end ones.
    func requestTypes() -> ExportSection? {
        let endpoints = endpoints
        guard endpoints.count > 1 else { return nil }
        let measures: [(metric: String, title: String, unit: String)] = [
            ("during_chaos.availability", "availability during the faults", "ratio"),
            ("during_chaos.within_target", "answered within the target during the faults", "ratio"),
            ("during_chaos.goodput", "goodput during the faults", "1/s"),
            ("during_chaos.response_time_p99", "p99 during the faults (answered requests)", "s"),
            ("availability", "availability over the run", "ratio"),
            ("within_target", "answered within the target over the run", "ratio"),
            ("response_time_p99", "p99 over the run (answered requests)", "s"),
        ].filter { measure in folder.metrics.contains { $0.name == "\(endpoints[0]).\(measure.metric)" } }
        guard !measures.isEmpty else { return nil }
        let (charts, names) = entityCharts(endpoints, measures)
        return ExportSection(
            title: "What did each request type see?",
            paragraphs: [
                "The end-to-end figures above mix the request types by their share of the traffic; these are each "
                    + "type's own (`ENDPOINT.availability`, `ENDPOINT.during_chaos.availability`, …), one bar per "
                    + "variant. A request type whose calls all avoid what the fault took down keeps its "
                    + "availability; one that needs every shard of a store loses most of it.",
                "`within_target` counts a failed request against the share, `goodput` is the requests per second "
                    + "answered within the target, and the p99 is of answered requests only: a request type that "
                    + "fails fast during an outage can show a better p99 than in calm.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }
}
