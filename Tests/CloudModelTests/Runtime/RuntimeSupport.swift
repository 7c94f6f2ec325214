@testable import CloudModel
import SimKernel

/// Runs one replication of a runtime and hands back the model for inspection.
func runRuntime(_ spec: RuntimeSpec, seconds: Double, warmUp: Double = 0, seed: UInt64 = 7) -> (
    model: RuntimeModel, metrics: [String: Double]
) {
    let streams = RandomStreams(seed: seed, replication: 0)
    var model = RuntimeModel(spec: spec, streams: streams, recordTimeseries: true)
    var simulator = Simulator<RuntimeModel.Event>()
    model.start(in: &simulator, warmUp: SimTime(seconds: warmUp))
    simulator.run(&model, until: SimTime(seconds: seconds))
    let metrics = model.metrics(from: SimTime(seconds: warmUp), to: SimTime(seconds: seconds))
    return (model, Dictionary(uniqueKeysWithValues: metrics.map { ($0.name, $0.value) }))
}

/// Runs one replication to `seconds`, checking the model's invariants every `step` seconds from
/// `step` on; returns the model and the first moment's problems (empty when there are none).
func runCheckingInvariants(
    _ spec: RuntimeSpec, seconds: Double, step: Double, seed: UInt64
) -> (model: RuntimeModel, problems: [String]) {
    var model = RuntimeModel(spec: spec, streams: RandomStreams(seed: seed, replication: 0), recordTimeseries: false)
    var simulator = Simulator<RuntimeModel.Event>()
    model.start(in: &simulator, warmUp: 0)
    for moment in stride(from: step, through: seconds, by: step) {
        simulator.run(&model, until: at(moment))
        let problems = model.invariantViolations()
        if !problems.isEmpty { return (model, ["at \(moment) s"] + problems) }
    }
    return (model, [])
}

/// A frontend calling a backend, both in every zone, with `client` on the call.
func twoTier(
    rate: Double = 50, backendWork: Distribution = .exponential(mean: 0.01), client: ClientPolicy = ClientPolicy(),
    backend: RuntimeServiceSpec = RuntimeServiceSpec(name: "backend", instances: 3, servers: 8),
    chaos: [ChaosSpec] = []
) -> RuntimeSpec {
    RuntimeSpec(
        zones: ["a", "b", "c"],
        services: [RuntimeServiceSpec(name: "frontend", instances: 3, servers: 64), backend],
        endpoints: [
            EndpointSpec(
                name: "page", arrivals: .constant(rate),
                root: CallNode(
                    service: "frontend", work: .exponential(mean: 0.002),
                    children: [CallNode(service: "backend", work: backendWork, client: client)]))
        ],
        chaos: chaos)
}

/// Seconds as simulated time.
func at(_ seconds: Double) -> SimTime { SimTime(seconds: seconds) }
