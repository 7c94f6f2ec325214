import CloudModel
import SimKernel
import Yams

/// `runtime.fast_forward`: the fast path over weeks, and what it cannot account for yet.
extension NodeReader {
    /// `{settle: 30s, sample: 1m}`, either key optional (`{}` for both defaults).
    func fastForward(_ node: Node) -> FastForwardSpec? {
        let expected = "a mapping with optional `settle:` and `sample:` durations, like `{settle: 30s, sample: 1m}`"
        guard let mapping = mapping(node, what: "`fast_forward`", expected: expected) else { return nil }
        let fields = fields(of: node, mapping, place: "`fast_forward`", allowed: ["settle", "sample"])
        let defaults = FastForwardSpec()
        let settle = optional("settle", in: fields, default: defaults.settle) { simTime($0, key: "settle", positive: true) }
        let sample = optional("sample", in: fields, default: defaults.sample) { simTime($0, key: "sample", positive: true) }
        guard let settle, let sample else { return nil }
        return FastForwardSpec(settle: settle, sample: sample)
    }

    /// Reports what a fast-forwarded runtime cannot hold: a regime must be steady for its rates
    /// to stand for it, so arrival rates are constant and no autoscaler reacts to load; a
    /// latency percentile is not drawn for monitoring.
    func reportFastForwardLimits(_ spec: RuntimeSpec, at node: Node) {
        func refuse(_ what: String) {
            report("`fast_forward` needs \(what); remove `fast_forward` to simulate every request", at: node)
        }
        if let deployable = spec.packaging.first(where: { $0.autoscaling != nil }) {
            refuse("fixed instance counts, but `\(deployable.name)` autoscales")
        }
        if let endpoint = spec.endpoints.first(where: { Set($0.arrivals.points.map(\.rate)).count > 1 }) {
            refuse("constant arrival rates, but endpoint `\(endpoint.name)` has a schedule")
        }
        if spec.regionList.count > 1 {
            // Regime rates are measured for one region's routing; DNS failover and calls that
            // cross regions are not among the changes a stretch watches for.
            refuse("a single region, but the runtime has \(spec.regionList.count) (`regions`)")
        }
        if case .latencyPercentile = spec.monitoring?.metric {
            refuse("monitoring of `error_ratio` or `request_rate` (a latency percentile is not drawn)")
        }
    }
}
