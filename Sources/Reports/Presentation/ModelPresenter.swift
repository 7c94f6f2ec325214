import Scenario
import SimKernel

/// What `cnsim explain` and `cnsim graph` say about one kind of model. A new kind of model
/// needs one type conforming to this and one case in `ModelDescription.presenter`.
protocol ModelPresenter {
    /// The kind of model in words: "a queueing network of services".
    var kind: String { get }
    /// Sentences on what is simulated: its parts, their sizes, rates and work. `duration` is
    /// one replication's simulated length [ns] (rate schedules are averaged over it).
    func sentences(duration: SimTime) -> [String]
    /// Sentences on the metrics the model reports and how to read them.
    var metricsGuide: [String] { get }
    /// The architecture as a graph: parts, where they run, and who calls whom at what rate.
    func graph(name: String, duration: SimTime) -> DOTGraph
}

extension ModelDescription {
    /// The presenter of this kind of model: the one place that switches over model kinds.
    var presenter: any ModelPresenter {
        switch self {
        case .network(let model): NetworkPresenter(model: model)
        case .runtime(let runtime): RuntimePresenter(runtime: runtime)
        case .storage(let storage): StoragePresenter(storage: storage)
        case .productDevelopment(let development): ProductDevelopmentPresenter(development: development)
        }
    }
}

/// Accumulates rates on edges, keeping the order in which edges were first seen.
struct EdgeRates {
    private(set) var order: [Pair] = []
    private(set) var rates: [Pair: Double] = [:]

    /// An edge: two nodes, and what the calls along it are (a client policy, say); calls with
    /// different details are drawn as edges of their own.
    struct Pair: Hashable {
        var from: String
        var to: String
        var detail = ""
        /// The calls a cache makes after it: `miss`, `refill` or `on error`; "" for the rest.
        var branch = ""
    }

    mutating func add(_ rate: Double, from: String, to: String, detail: String = "", branch: String = "") {
        let pair = Pair(from: from, to: to, detail: detail, branch: branch)
        if rates[pair] == nil { order.append(pair) }
        rates[pair, default: 0] += rate
    }
}
