import Foundation
import SimKernel

/// `cnsim import zipkin`: a commented runtime scenario from Zipkin v2 traces. Services, call
/// trees, calls per parent execution, fan-out and each place's own work (fitted by maximum
/// likelihood) come from the spans; everything the spans cannot say is a stated assumption.
public enum ZipkinImport {
    public struct Options: Sendable {
        /// Only spans tagged `cnsim.variant` with this name (a `cnsim run --trace` file holds every variant's).
        public var variant: String?
        /// The share of requests traced, overriding what root spans state.
        public var sampledShare: Double?

        public init(variant: String? = nil, sampledShare: Double? = nil) {
            self.variant = variant
            self.sampledShare = sampledShare
        }
    }

    /// Trace files up to this size are read [bytes].
    public static let maximumFileSize = 1 << 30

    /// The scenario the traces in the file at `path` show, as YAML text.
    /// - Throws: `ScenarioError`, every diagnostic located in the trace file.
    public static func scenario(fromFile path: String, options: Options = Options()) throws -> String {
        let text = try InputFile.text(
            path, what: "the trace file", expected: "a Zipkin v2 JSON file", maximumSize: maximumFileSize,
            tooLarge: { "the trace file is \($0) bytes, more than the limit of \(maximumFileSize) bytes (1 GiB)" })
        return try scenario(fromJSON: text, file: path, options: options)
    }

    /// The scenario the traces in `text` show; `file` names them in diagnostics and comments.
    public static func scenario(fromJSON text: String, file: String, options: Options = Options()) throws -> String {
        func failure(_ message: String) -> ScenarioError {
            ScenarioError(diagnostics: [Diagnostic(file: file, line: 1, column: 1, message: message)])
        }
        var spans = try ZipkinJSON.spans(in: text, file: file)
        let variants = Set(spans.compactMap { $0.tags["cnsim.variant"] }).sorted()
        if let variant = options.variant {
            guard variants.contains(variant) else {
                let known = variants.isEmpty ? "no span has a `cnsim.variant` tag" : "its variants are \(Suggestions.list(variants, conjunction: "and"))"
                throw failure("no spans of variant `\(variant)`; \(known)")
            }
            spans = spans.filter { $0.tags["cnsim.variant"] == variant }
        } else if variants.count > 1 {
            throw failure(
                "the file holds the traces of \(variants.count) variants (\(Suggestions.list(variants, conjunction: "and"))), "
                    + "each its own architecture; choose one with --variant")
        }
        let observation = TraceObservation(spans)
        guard observation.roots >= 2, observation.lastRoot > observation.firstRoot else {
            throw failure(
                "found \(observation.roots) request(s) entering a service (a root span: no `parentId`, SERVER or CLIENT with a SERVER child); "
                    + "the arrival rate needs at least two, at different times")
        }
        var writer = ScenarioWriter(
            observation: observation, file: file, spans: spans.count, options: options, variant: options.variant ?? variants.first)
        return writer.text()
    }
}

/// The YAML of an imported scenario, written from what the traces show.
private struct ScenarioWriter {
    let observation: TraceObservation
    let file: String
    let spans: Int
    let options: ZipkinImport.Options
    let variant: String?
    /// Root spans' first to last start [s].
    let window: Double
    let share: Double
    let shareSource: String
    /// Safe names of services and endpoints.
    var serviceNames: [String: String] = [:]
    var lines: [String] = []
    var anchors = 0

    init(observation: TraceObservation, file: String, spans: Int, options: ZipkinImport.Options, variant: String?) {
        self.observation = observation
        self.file = file
        self.spans = spans
        self.options = options
        self.variant = variant
        window = Double(observation.lastRoot - observation.firstRoot) / 1e6
        if let given = options.sampledShare {
            (share, shareSource) = (given, "given with --sampled-share")
        } else if observation.sampledShares.count == observation.roots {
            let mean = observation.sampledShares.reduce(0, +) / Double(observation.roots)
            (share, shareSource) = (mean, "stated by the root spans (`cnsim.sampled_share`, or `sampler.param` of a probabilistic sampler)")
        } else {
            (share, shareSource) = (1, "assumed: no root span states a sampler and no --sampled-share was given, so every request is taken to be traced")
        }
    }

    /// Every service, instrumented or only called, in the order first met down the trees.
    private func serviceOrder() -> [String] {
        var order: [String] = [], seen: Set<String> = []
        func visit(_ call: ObservedCall) {
            if seen.insert(call.service).inserted { order.append(call.service) }
            call.children.forEach(visit)
        }
        observation.endpoints.forEach { visit($0.root) }
        return order
    }

    mutating func text() -> String {
        let services = serviceOrder()
        for service in services {
            serviceNames[service] = ScenarioText.name(service, fallback: "service", taken: Set(serviceNames.values))
        }
        let requestRate = Double(observation.roots - 1) / window / share
        let minutes = max(1, Int((window / 60).rounded(.up)))
        let zones = Set(observation.services.values.flatMap(\.zones)).sorted()
        let regions = Set(observation.services.values.flatMap(\.regions)).sorted()
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let name = ScenarioText.name(stem + "-imported", fallback: "imported", taken: [])
        let left = observation.leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }

        lines += [
            "# Imported by `cnsim import zipkin` from \(ScenarioText.comment(file))\(variant.map { " (variant `\($0)`)" } ?? ""):",
            "# \(observation.traces) traces, \(spans) spans, \(observation.roots) requests entering \(observation.endpoints.count) endpoint(s), \(services.count) service(s).",
            left.isEmpty ? "# Every span was used." : "# Left out: \(left.joined(separator: "; ")).",
            "#",
            "# What the spans show: each endpoint (root service and root span name), its tree of calls",
            "# (a call's place is its path from the root), how often each call is made per execution",
            "# of its caller, whether a caller's calls overlap (parallel) or not (sequential), and each",
            "# place's own work: the server span less the time its calls cover, which includes any",
            "# time queued at the instance. Work is fitted by maximum likelihood to the exponential,",
            "# lognormal and gamma, the lowest AIC (2 parameters - 2 ln L) chosen; see each `work`.",
            "#",
            "# Assumptions (the spans cannot say; change them freely):",
            "# - arrival rate: (roots - 1) / (last root's start - first's) = \(observation.roots - 1) / \(ScenarioText.number(window)) s, divided by the sampled share",
            "#   \(ScenarioText.number(share)), \(shareSource); Poisson arrivals, split over endpoints by their roots: \(ScenarioText.rate(requestRate)) in all.",
            "# - instances: the distinct instances seen (`cnsim.instance` tag, else local endpoint address and port), 1 when none is named.",
            "# - servers per instance: the `cnsim.servers` tag where spans carry it; otherwise enough that the calls in",
            "#   progress (Little's law: rate of executions x mean server span) fill half of them, and never fewer",
            "#   than the most server spans seen at once on one instance.",
            "# - zones: \(zones.isEmpty ? "one zone `a`, as no span names a zone" : "those named by `cnsim.instance` tags (region.zone.deployable.number)").",
            "# - network: the runtime's default delays; the traces show \(networkText()).",
            "# - no client policy (timeouts, retries, breakers): every attempt seen is a call; queue capacity, boot",
            "#   time and prices are the runtime's defaults; no error rates (failed spans are counted as work done).",
            "# - duration: the roots' window rounded up to the minute, after a 1 minute warm-up.",
            "name: \(name)",
            "description: \(ScenarioText.quoted("Imported from Zipkin traces \(URL(fileURLWithPath: file).lastPathComponent)"))",
            "seed: 1",
            "duration: \(minutes + 1)m",
            "warmup: 1m",
            "replications: 5",
            "",
            "runtime:",
        ]
        if regions.count == 1 { lines.append("  region: \(ScenarioText.yaml(regions[0]))") }
        lines.append("  zones: [\((zones.isEmpty ? ["a"] : zones).map(ScenarioText.yaml).joined(separator: ", "))]")
        lines.append("  services:")
        for service in services { writeService(service, allZones: zones) }
        lines.append("  endpoints:")
        var endpointNames: Set<String> = []
        for endpoint in observation.endpoints {
            let endpointName = ScenarioText.name(endpoint.name, fallback: "endpoint", taken: endpointNames.union(serviceNames.values))
            endpointNames.insert(endpointName)
            let rate = requestRate * Double(endpoint.requests) / Double(observation.roots)
            lines.append(
                "    # \(ScenarioText.comment("`\(endpoint.name)`")): \(endpoint.requests) of \(observation.roots) root spans, entering `\(serviceNames[endpoint.service]!)`")
            lines.append("    \(ScenarioText.yaml(endpointName)):")
            lines.append("      arrival_rate: \(ScenarioText.rate(rate))")
            lines.append("      call:")
            writeCall(endpoint.root, indent: "        ", probability: 1, repeatOf: nil)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func networkText() -> String {
        guard observation.networkGaps > 0 else { return "no client span with its server span to compare" }
        let mean = Double(observation.networkGap) / Double(observation.networkGaps) / 1e6
        return "client spans \(ScenarioText.duration(mean)) longer than their server spans on average (both ways, \(observation.networkGaps) calls)"
    }

    private mutating func writeService(_ service: String, allZones: [String]) {
        let seen = observation.services[service]
        let instances = max(1, seen?.instances.count ?? 0)
        let servers: Int
        var how: String
        if let tagged = seen?.taggedServers {
            servers = tagged
            how = "\(tagged) servers each (`cnsim.servers` tag)"
        } else {
            // Calls in progress on average (Little's law), from server spans or, for a service
            // with none, the client spans calling it.
            let busy = seen.map { Double($0.busy) / 1e6 } ?? uninstrumentedWork(service)
            let inProgress = busy / window / share
            let peak = seen?.peakConcurrency ?? 0
            servers = max(1, peak, Int((2 * inProgress / Double(instances)).rounded(.up)))
            how = "\(servers) servers each: \(ScenarioText.number(inProgress)) calls in progress on average (Little's law) fill half, at most \(peak) seen at once on one instance"
        }
        let executions = seen?.executions ?? 0
        let instanceText = seen?.instances.isEmpty == false ? "\(instances) instance(s) seen" : "1 instance assumed (none named)"
        let zones = (seen?.zones ?? []).sorted()
        let zonesText = !zones.isEmpty && zones.count < allZones.count ? ", zones: [\(zones.map(ScenarioText.yaml).joined(separator: ", "))]" : ""
        let name = serviceNames[service]!
        let origin = name == service ? "" : " (`\(ScenarioText.comment(service))` in the traces)"
        let spansText = seen == nil ? "no server spans (known from its callers' client spans)" : "\(executions) server spans"
        lines.append("    # \(name)\(origin): \(spansText); \(instanceText); \(how)")
        lines.append("    \(ScenarioText.yaml(name)): {instances: \(instances), servers: \(servers)\(zonesText)}")
    }

    /// The work seen at every place of an uninstrumented service [s].
    private func uninstrumentedWork(_ service: String) -> Double {
        var total = 0.0
        func visit(_ call: ObservedCall) {
            if call.service == service { total += call.ownWork.reduce(0, +) }
            call.children.forEach(visit)
        }
        observation.endpoints.forEach { visit($0.root) }
        return total
    }

    /// One call entry (the mapping's lines at `indent`); `repeatOf` names the anchors of the
    /// first entry when this is a second or later call to the same place.
    private mutating func writeCall(
        _ call: ObservedCall, indent: String, probability: Double, repeatOf anchor: Int?, repeated: Bool = false
    ) {
        lines.append("\(indent)service: \(ScenarioText.yaml(serviceNames[call.service]!))")
        if probability < 1 { lines.append("\(indent)probability: \(ScenarioText.number(probability))") }
        if let anchor {
            lines.append("\(indent)work: *work\(anchor)")
            if !call.children.isEmpty {
                if call.executionsCallingSeveral > 0 { lines.append("\(indent)fan_out: \(isParallel(call) ? "parallel" : "sequential")") }
                lines.append("\(indent)calls: *calls\(anchor)")
            }
            return
        }
        anchors += 1
        let own = anchors
        for comment in workComments(call) { lines.append("\(indent)# \(comment)") }
        lines.append("\(indent)work: \(repeated ? "&work\(own) " : "")\(workText(call))")
        guard !call.children.isEmpty else { return }
        if call.executionsCallingSeveral > 0 {
            lines.append(
                "\(indent)# calls overlapped in \(call.executionsOverlapping) of \(call.executionsCallingSeveral) executions making two or more: "
                    + (isParallel(call) ? "parallel, all awaited" : "sequential"))
        }
        if call.executionsCallingSeveral > 0 { lines.append("\(indent)fan_out: \(isParallel(call) ? "parallel" : "sequential")") }
        lines.append("\(indent)calls:\(repeated ? " &calls\(own)" : "")")
        for child in call.children.sorted(by: { $0.meanStartOffset < $1.meanStartOffset }) {
            writeCalls(to: child, from: call, indent: indent + "  ")
        }
    }

    /// The entries for every call `parent` makes to `child`: the j-th entry made with the share
    /// of executions that made at least j such calls (so the mean is exact); more than
    /// `maximumEntries` become entries of the mean's share.
    private mutating func writeCalls(to child: ObservedCall, from parent: ObservedCall, indent: String) {
        let executions = Double(parent.executions)
        let most = child.callsPerParentExecution.keys.max() ?? 1
        let mean = Double(child.calls) / executions
        let shares: [Double]
        var how = "\(child.calls) calls in \(parent.executions) executions of `\(serviceNames[parent.service]!)` (mean \(ScenarioText.number(mean)), at most \(most))"
        if most <= Self.maximumEntries {
            shares = (1...most).map { j in Double(child.callsPerParentExecution.filter { $0.key >= j }.values.reduce(0, +)) / executions }
            if most > 1 { how += ": the j-th entry made by the share of executions making at least j" }
        } else {
            let entries = Int(mean.rounded(.up))
            shares = Array(repeating: mean / Double(entries), count: entries)
            how += ": more than \(Self.maximumEntries) at once, so \(entries) entries each made by mean / \(entries), drawn independently"
        }
        lines.append("\(indent)# \(how)")
        var anchor: Int?
        if child.operation != child.service { lines.append("\(indent)# operation `\(ScenarioText.comment(child.operation))`") }
        for share in shares {
            let first = anchors + 1, start = lines.count
            writeCall(child, indent: indent + "  ", probability: share, repeatOf: anchor, repeated: shares.count > 1)
            lines[start] = indent + "- " + lines[start].dropFirst(indent.count + 2)
            anchor = anchor ?? first
        }
    }

    static let maximumEntries = 10

    private func isParallel(_ call: ObservedCall) -> Bool {
        2 * call.executionsOverlapping > call.executionsCallingSeveral
    }

    private func workText(_ call: ObservedCall) -> String {
        guard let fit = DistributionFit(call.ownWork) else { return ScenarioText.duration(call.ownWork[0]) }
        switch fit.best.distribution {
        case .exponential(let mean): return "{distribution: exponential, mean: \(ScenarioText.duration(mean))}"
        case .lognormal(let mu, let sigma):
            return "{distribution: lognormal, mu: \(ScenarioText.number(mu)), sigma: \(ScenarioText.number(sigma))}"
        case .gamma(let shape, let scale):
            return "{distribution: gamma, shape: \(ScenarioText.number(shape)), scale: \(ScenarioText.duration(scale))}"
        default: preconditionFailure("a fit is exponential, lognormal or gamma")
        }
    }

    private func workComments(_ call: ObservedCall) -> [String] {
        let n = call.ownWork.count
        let mean = call.ownWork.reduce(0, +) / Double(n)
        var comments: [String] = []
        if !call.instrumented {
            comments.append("no server spans: the work is the whole client span (network and any queueing there included)")
        }
        if call.belowResolution > 0 {
            comments.append("\(call.belowResolution) own work(s) under the traces' 1 us resolution counted as 0.5 us")
        }
        guard let fit = DistributionFit(call.ownWork) else {
            comments.append("own work: \(n) sample(s), all \(ScenarioText.duration(call.ownWork[0])): a constant")
            return comments
        }
        let likelihoods = fit.candidates.map { "\($0.family.rawValue) \(ScenarioText.number($0.logLikelihood))" }
        comments.append("own work: \(n) samples, mean \(ScenarioText.duration(mean)); ln L: \(likelihoods.joined(separator: ", "))")
        let critical = 1.358 / Double(n).squareRoot()
        comments.append(
            "AIC chooses \(fit.best.family.rawValue); Kolmogorov-Smirnov distance \(ScenarioText.number(fit.best.ksDistance)) "
                + "(\(fit.best.ksDistance <= critical ? "within" : "beyond") the 5% critical value \(ScenarioText.number(critical)))")
        return comments
    }
}
