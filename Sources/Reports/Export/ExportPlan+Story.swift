import Foundation

/// The story a page tells, decided by the scenario's kind and its faults: its question, then
/// the measures that answer it, before everything else.
extension ExportPlan {
    enum Story {
        /// Zones, regions or storage nodes down: availability and failures over time first.
        case outage
        /// A dependency slows down (or callers retry): calls per second and amplification per service.
        case retryStorm
        /// Deploys, release trains, product development: DORA or idea-to-feedback on log scales.
        case delivery
        /// Monitoring catching faults: time to detect and what users lost meanwhile.
        case detection
        case general
    }

    var story: Story {
        let has = { (name: String) in folder.metrics.contains { $0.name == name } }
        if context.kind == .productDevelopment || has("idea_to_feedback_mean")
            || Self.doraMetrics.allSatisfy({ deliveryMetric($0) != nil })
        {
            return .delivery
        }
        if context.faults.contains(where: { $0.effect == .outage }) { return .outage }
        if context.faults.contains(where: { $0.effect == .slowdown }) { return .retryStorm }
        if has("time_to_detect_mean") { return .detection }
        if context.kind == nil, has("during_chaos.availability") { return .outage }
        return amplifiedServices.isEmpty ? .general : .retryStorm
    }

    /// The scenario's question, in the words of its story, naming the file's faults and their windows.
    var question: String? {
        let faults = context.faults.map { fault in
            fault.name + (fault.end.map { " from \(Axis.clock(fault.start)) to \(Axis.clock($0))" } ?? " at \(Axis.clock(fault.start))")
        }.joined(separator: " and ")
        switch story {
        case .outage:
            return "The question: " + (faults.isEmpty ? "during the faults" : "with \(faults)")
                + ", how many requests still get an answer, and for how long do users see failures? The answer first: "
                + "availability over the run and during the faults, then the failures over time, the fault shaded."
        case .retryStorm:
            return "The question: " + (faults.isEmpty ? "when a dependency fails" : "with \(faults)")
                + ", how much load do the callers' retries put on each service, and how many requests fail? The answer "
                + "first: calls per request and each service's amplification, then calls per second over time."
        case .delivery:
            if context.kind == .productDevelopment || folder.metrics.contains(where: { $0.name == "idea_to_feedback_mean" }) {
                return "The question: how long does an idea take to reach customers and come back as feedback, and "
                    + "how many ideas get through? Times are on logarithmic scales, so months and days read side by side."
            }
            return "The question: how fast, and how safely, does each variant deliver changes? The answer first: the "
                + "four DORA measures, times and frequencies on logarithmic scales so that seconds, minutes and days "
                + "can be read side by side."
        case .detection:
            return "The question: " + (faults.isEmpty ? "" : "with \(faults), ")
                + "how soon is a failure seen, and what does the wait cost users?"
        case .general: return nil
        }
    }

    /// The sections that answer the question, in order.
    func lead() -> [ExportSection] {
        switch story {
        case .outage: return [outage(), timeline()].compactMap { $0 }
        case .retryStorm: return [calls(), callRates(), timeline()].compactMap { $0 }
        case .delivery: return [dora() ?? ideas()].compactMap { $0 }
        case .detection: return [detection(), timeline()].compactMap { $0 }
        case .general: return []
        }
    }

    /// The metrics the lead draws, which later sections leave out.
    var leadMetrics: Set<String> {
        switch story {
        case .outage: return Set(Self.outageMetrics)
        case .retryStorm: return Set(callMetrics)
        case .delivery: return Set(Self.ideaMetrics)
        case .detection, .general: return []
        }
    }

    static let outageMetrics = ["availability", "during_chaos.availability", "failed", "within_target", "during_chaos.within_target"]

    /// Availability over the run and during the faults, and the requests that failed.
    private func outage() -> ExportSection? {
        let (charts, names) = featuredCharts(Self.outageMetrics)
        guard !names.isEmpty else { return nil }
        return ExportSection(
            title: "Did users get an answer while the fault was in force?",
            paragraphs: [
                "`availability` is the share of all requests answered over the run (after the warm-up); "
                    + "`during_chaos.availability` counts only those that arrived while a fault was in force, which a "
                    + "whole run's average dilutes. `failed` counts the requests that got an error or no answer"
                    + (names.contains("within_target") ? "; `within_target` the share answered within the latency target." : ".")
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }

    /// Services whose calls the callers' policies multiply or cut: amplification above 1 or
    /// calls short-circuited by a breaker, in some variant.
    var amplifiedServices: [String] {
        let services = folder.metrics.compactMap { metric -> String? in
            metric.name.hasSuffix(".amplification") ? String(metric.name.dropLast(".amplification".count)) : nil
        }
        return services.filter { service in
            folder.variants.contains { variant in
                (folder.estimate(variant: variant, metric: service + ".amplification")?.mean ?? 1) > 1.005
                    || (folder.estimate(variant: variant, metric: service + ".short_circuited")?.mean ?? 0) > 0
            }
        }
    }

    /// The measures of the calls: per request, then each amplified service's.
    private var callMetrics: [String] {
        let perService = ["amplification", "retries", "short_circuited", "fallbacks", "failed_rejected"]
        return ["availability", "calls_per_request"]
            + amplifiedServices.flatMap { service in
                perService.map { "\(service).\($0)" }.filter { name in
                    folder.variants.contains { (folder.estimate(variant: $0, metric: name)?.mean ?? 0) != 0 }
                }
            }
    }

    /// Calls per request and each amplified service's retries, short-circuits and fallbacks.
    private func calls() -> ExportSection? {
        let (charts, names) = featuredCharts(callMetrics)
        guard names.contains("calls_per_request") || names.count > 1 else { return nil }
        return ExportSection(
            title: "How much load do the callers put on each service?",
            paragraphs: [
                "`calls_per_request` counts the calls one user request makes, retries included. A service's "
                    + "`amplification` is its attempts per first attempt: 1 without retries, up to the attempts allowed "
                    + "when every call fails. Each retry still costs the callee its full work (it does not know the "
                    + "caller gave up), so a slow service gets more work exactly when it can least afford it.",
                "`short_circuited` counts the calls a circuit breaker refused without trying, `fallbacks` the answers "
                    + "given locally instead, and `failed_rejected` the calls a full queue turned away.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }

    /// Calls per second arriving at each amplified service over time, faults shaded.
    private func callRates() -> ExportSection? {
        let charts = amplifiedServices.compactMap { service -> String? in
            let series = timeSeries(entity: service, metric: "request_rate")
            guard !series.isEmpty else { return nil }
            return LineChart(
                title: "Calls per second at \(service) (replication 0)", xUnit: "s", yUnit: "1/s",
                series: series, faults: faults(of: series.map(\.name)), range: timeRange
            ).svg()
        }
        guard !charts.isEmpty else { return nil }
        return ExportSection(
            title: "Calls per second over time",
            paragraphs: [
                "The calls arriving at each service per second, retries included, in each time bucket of the first "
                    + "replication; the fault's window is shaded. Retries without a budget multiply the calls while "
                    + "the fault lasts; a budget caps them; an open circuit breaker all but stops them, giving the "
                    + "service room to recover."
            ],
            charts: charts,
            code: amplifiedServices.map { "timeline(\"\($0)\", \"request_rate\")" }.joined(separator: "\n"))
    }

    static let ideaMetrics = [
        "idea_to_feedback_mean", "idea_to_feedback_p50", "idea_to_feedback_p95", "throughput", "ideas_completed",
        "work_in_progress_mean",
    ]

    /// Product development: how long an idea takes from need to feedback, and how many get through.
    private func ideas() -> ExportSection? {
        let (charts, names) = featuredCharts(Self.ideaMetrics, log: true)
        guard !names.isEmpty else { return nil }
        return ExportSection(
            title: "How long from an idea to customer feedback?",
            paragraphs: [
                "`idea_to_feedback_*` is the time from a business need to customers' feedback on what was built, "
                    + "through every stage; `throughput` the ideas finished per day and `work_in_progress_mean` the "
                    + "ideas in the pipe at once. Times are on a logarithmic scale: each grid line is a round time "
                    + "(a minute, an hour, a day, a week, a month)."
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric, log=True)")
    }

    /// The baseline's architecture as Graphviz draws it, where the page was made with Graphviz.
    func architecture() -> ExportSection? {
        guard let picture = context.architecture else { return nil }
        var section = ExportSection(
            title: "What was built",
            paragraphs: [
                "The architecture as `cnsim graph` draws it from the scenario file: services, the calls between them "
                    + "with their rates and client policies, zones, and what the faults take down (red, dashed). "
                    + "`cnsim graph FILE --variant NAME | dot -Tsvg > NAME.svg` draws any variant."
            ])
        switch picture {
        case .svg(let svg, let variant):
            section.paragraphs[0] = "The baseline `\(variant)`, as " + section.paragraphs[0].dropFirst("The architecture as ".count)
            section.figure = Self.inline(svg)
        case .unavailable(let reason): section.figure = "<p>\(HTMLPage.inline(reason))</p>"
        }
        return section
    }

    /// Graphviz's SVG document as an element of the page: no XML declaration, doctype or comments.
    static func inline(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        var body = String(svg[start.lowerBound...])
        while let open = body.range(of: "<!--"), let close = body.range(of: "-->", range: open.upperBound..<body.endIndex) {
            body.removeSubrange(open.lowerBound..<close.upperBound)
        }
        if !body.contains("xlink:") { body = body.replacingOccurrences(of: " xmlns:xlink=\"http://www.w3.org/1999/xlink\"", with: "") }
        return fitted(body.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Graphviz's picture (sized in points, its text too) shrunk towards the page's column, 940
    /// px, but no further than its smallest text at 12 px: a wider one scrolls.
    static func fitted(_ svg: String) -> String {
        func number(after key: String, in text: Substring) -> (value: Double, range: Range<String.Index>)? {
            guard let start = text.range(of: key) else { return nil }
            let digits = text[start.upperBound...].prefix { $0.isNumber || $0 == "." }
            guard let value = Double(digits) else { return nil }
            return (value, start.lowerBound..<text.index(start.upperBound, offsetBy: digits.count))
        }
        guard let tagEnd = svg.firstIndex(of: ">"), let width = number(after: "width=\"", in: svg[..<tagEnd]),
            let height = number(after: "height=\"", in: svg[..<tagEnd])
        else { return svg }
        var fonts: [Double] = []
        var rest = svg[...]
        while let found = number(after: "font-size=\"", in: rest) {
            fonts.append(found.value)
            rest = rest[found.range.upperBound...]
        }
        let points = 4.0 / 3  // CSS px per pt
        let scale = max(min(1, 940 / (width.value * points)), 12 / ((fonts.min() ?? 14) * points))
        let (w, h) = (width.value * points * min(1, scale), height.value * points * min(1, scale))
        var result = svg
        result.replaceSubrange(
            width.range.lowerBound..<result.index(after: result[width.range.upperBound...].firstIndex(of: "\"")!),
            with: "width=\"\(SVG.number(w))px\"")
        guard let again = number(after: "height=\"", in: result[..<result.firstIndex(of: ">")!]) else { return result }
        result.replaceSubrange(
            again.range.lowerBound..<result.index(after: result[again.range.upperBound...].firstIndex(of: "\"")!),
            with: "height=\"\(SVG.number(h))px\"")
        return result
    }
}
