import SimKernel

/// Turns a `SyntheticGraphSpec` into services and one endpoint: a layered "death star" whose
/// shape is drawn at random, the same for a given seed.
///
/// Layer 0 is the single service `edge`; the other services are spread over layers 1..<layers as
/// evenly as possible (earlier layers get the extra one) and named `svc-LAYER-INDEX`, e.g.
/// `svc-1-0`. Let k(l) = min(fanOut, size of layer l + 1).
///
/// - From layer 1 on, every service calls exactly k(l) distinct services of the next layer, and
///   every service of the next layer has at least one caller. Both hold at once because a layer is
///   never smaller than the next one.
/// - The edge alone faces a layer larger than its fan-out (200 services in 5 layers put 50 in
///   layer 1). So that no service is left without traffic, the edge calls every service of layer 1,
///   each with probability k(0) / size of layer 1: on average k(0) calls per request.
///
/// The endpoint's call tree repeats a service under each of its callers (a tree of calls, not a
/// graph), so its size is the number of paths from the edge:
/// 1 + s1 · (1 + k(1) + k(1)·k(2) + …) nodes for s1 services in layer 1, and a request makes on
/// average 1 + k(0) · (1 + k(1) + k(1)·k(2) + …) calls: for 200 services, 5 layers and fan-out 3,
/// 2 001 nodes and 1 + 3 + 9 + 27 + 81 = 121 calls. Subtrees of the same service share storage.
public enum SyntheticGraph {
    /// Name of the generated endpoint.
    public static let endpointName = "synthetic"
    /// Name of the layer-0 service, where requests enter.
    public static let edgeName = "edge"

    /// The services, in layer order, and the endpoint `synthetic` whose root call is on `edge`.
    ///
    /// - Precondition: `spec.layers >= 1`, `spec.fanOut >= 1`, `spec.services >= spec.layers`,
    ///   and `spec.services == 1` when `spec.layers == 1` (the edge is then alone).
    /// - Complexity: O(*n* · *f*) for *n* services and fan-out *f*.
    public static func generate(
        _ spec: SyntheticGraphSpec, seed: UInt64
    ) -> (services: [RuntimeServiceSpec], endpoint: EndpointSpec) {
        let sizes = layerSizes(services: spec.services, layers: spec.layers)
        let random = RandomStreams(seed: seed, replication: 0).stream("synthetic-graph")
        // callees[l][i]: indices in layer l + 1 of the services that service i of layer l calls.
        var callees: [[[Int]]] = []
        for layer in 1..<max(1, sizes.count - 1) {
            callees.append(coveringCalls(from: sizes[layer], to: sizes[layer + 1], fanOut: spec.fanOut, random))
        }
        // Each service's subtree, built from the last layer up so children exist before parents.
        var subtrees: [[CallNode]] = sizes.indices.map { _ in [] }
        for layer in sizes.indices.reversed().dropLast() {
            subtrees[layer] = (0..<sizes[layer]).map { index in
                let children = layer + 1 < sizes.count ? callees[layer - 1][index].map { subtrees[layer + 1][$0] } : []
                return CallNode(
                    service: serviceName(layer: layer, index: index), work: spec.work, children: children,
                    client: spec.client)
            }
        }
        var edgeCalls = sizes.count > 1 ? subtrees[1] : []
        let edgeFanOut = min(spec.fanOut, edgeCalls.count)
        for index in edgeCalls.indices {
            edgeCalls[index].probability = Double(edgeFanOut) / Double(edgeCalls.count)
        }
        // The root's client is left empty: the user making that call has none.
        let root = CallNode(service: edgeName, work: spec.work, children: edgeCalls)
        let services = sizes.indices.flatMap { layer in
            (0..<sizes[layer]).map { index in
                RuntimeServiceSpec(
                    name: serviceName(layer: layer, index: index), instances: spec.instancesPerService,
                    servers: spec.servers, cores: spec.cores, pricePerHour: spec.pricePerHour)
            }
        }
        let endpoint = EndpointSpec(name: endpointName, arrivals: .constant(spec.arrivalRate), root: root)
        return (services, endpoint)
    }

    /// Services per layer: 1 in layer 0, the rest spread evenly over the others, earlier first.
    public static func layerSizes(services: Int, layers: Int) -> [Int] {
        let deeper = layers - 1
        guard deeper > 0 else { return [1] }
        let (share, extra) = (services - 1).quotientAndRemainder(dividingBy: deeper)
        return [1] + (0..<deeper).map { share + ($0 < extra ? 1 : 0) }
    }

    /// Name of service `index` of `layer`: `edge` for layer 0, `svc-LAYER-INDEX` otherwise.
    public static func serviceName(layer: Int, index: Int) -> String {
        layer == 0 ? edgeName : "svc-\(layer)-\(index)"
    }

    /// Nodes in the endpoint's call tree (paths from the edge), without building it; saturates at
    /// `Int.max`, so a caller can refuse a graph too large to simulate.
    public static func callTreeSize(_ spec: SyntheticGraphSpec) -> Int {
        let sizes = layerSizes(services: spec.services, layers: spec.layers)
        var total = 1, paths = 1
        for layer in sizes.indices.dropFirst() {
            // The edge calls the whole of layer 1; deeper services call k of the next layer each.
            let branching = layer == 1 ? sizes[1] : min(spec.fanOut, sizes[layer])
            paths = saturatingProduct(paths, branching)
            total = total > Int.max - paths ? Int.max : total + paths
        }
        return total
    }

    /// For each of `callers` services, `min(fanOut, callees)` distinct callees in increasing
    /// order, such that every callee has a caller (`callers >= callees`).
    private static func coveringCalls(from callers: Int, to callees: Int, fanOut: Int, _ random: RandomStream)
        -> [[Int]]
    {
        let perCaller = min(fanOut, callees)
        // Callee i's guaranteed caller is the i-th of the callers in random order; the rest of each
        // caller's calls are free draws.
        var matched = [Int?](repeating: nil, count: callers)
        for (callee, caller) in shuffled(Array(0..<callers), random).prefix(callees).enumerated() {
            matched[caller] = callee
        }
        return matched.map { callee in
            let others = (0..<callees).filter { $0 != callee }
            let draws = perCaller - (callee == nil ? 0 : 1)
            return (Array(shuffled(others, random, first: draws).prefix(draws)) + (callee.map { [$0] } ?? [])).sorted()
        }
    }

    /// `items` with its first `first` places (all by default) drawn uniformly without
    /// replacement (Fisher–Yates).
    private static func shuffled(_ items: [Int], _ random: RandomStream, first: Int? = nil) -> [Int] {
        var items = items
        for position in 0..<min(first ?? items.count, items.count) {
            items.swapAt(position, position + random.integer(below: items.count - position))
        }
        return items
    }

    private static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}
