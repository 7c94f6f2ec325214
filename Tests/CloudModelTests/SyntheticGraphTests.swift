import CloudModel
import SimKernel
import Testing

@Suite("Synthetic call graphs")
struct SyntheticGraphTests {
    static let deathStar = SyntheticGraphSpec(
        services: 200, layers: 5, fanOut: 3, instancesPerService: 2, servers: 4, work: .constant(0.001),
        arrivalRate: 500, pricePerHour: 0.1, client: ClientPolicy(timeout: 1_000_000_000))

    /// Each service's callees as the call tree shows them, checking that every appearance of a
    /// service calls the same services.
    func callees(in root: CallNode) -> [String: [String]] {
        var found: [String: [String]] = [:]
        func visit(_ node: CallNode) {
            let children = node.children.map(\.service)
            if let earlier = found[node.service] {
                #expect(earlier == children, "\(node.service) calls differently in two places")
            }
            found[node.service] = children
            node.children.forEach(visit)
        }
        visit(root)
        return found
    }

    func nodeCount(_ node: CallNode) -> Int {
        1 + node.children.reduce(0) { $0 + nodeCount($1) }
    }

    /// Calls a request makes on average: each call counts with the chance it is made.
    func expectedCalls(_ node: CallNode) -> Double {
        node.probability * (1 + node.children.reduce(0) { $0 + expectedCalls($1) })
    }

    @Test("layers 1... share the services evenly, earlier layers taking the extra one")
    func layerSizes() {
        #expect(SyntheticGraph.layerSizes(services: 200, layers: 5) == [1, 50, 50, 50, 49])
        #expect(SyntheticGraph.layerSizes(services: 11, layers: 4) == [1, 4, 3, 3])
        #expect(SyntheticGraph.layerSizes(services: 3, layers: 3) == [1, 1, 1])
        #expect(SyntheticGraph.layerSizes(services: 1, layers: 1) == [1])
    }

    @Test("services are named by layer and index and carry the spec's settings")
    func servicesAndNames() {
        let (services, endpoint) = SyntheticGraph.generate(Self.deathStar, seed: 7)
        #expect(services.count == 200)
        let expectedNames = ["edge"]
            + [50, 50, 50, 49].enumerated().flatMap { layer, size in (0..<size).map { "svc-\(layer + 1)-\($0)" } }
        #expect(services.map(\.name) == expectedNames)
        #expect(services.allSatisfy {
            $0 == RuntimeServiceSpec(name: $0.name, instances: 2, zones: [], servers: 4, pricePerHour: 0.1)
        })
        #expect(endpoint.name == "synthetic")
        #expect(endpoint.arrivals == .constant(500))
        #expect(endpoint.entryZone == nil)
        #expect(endpoint.root.service == "edge")
        #expect(endpoint.root.client == ClientPolicy())
        #expect(endpoint.root.children.allSatisfy { $0.client == Self.deathStar.client && $0.work == .constant(0.001) })
        #expect(endpoint.root.children.allSatisfy { $0.fanOut == .sequential })
    }

    @Test("beyond the edge every service calls min(fan-out, next layer) distinct services of the next layer")
    func fanOutPerService() {
        for spec in [Self.deathStar, SyntheticGraphSpec(services: 11, layers: 4, fanOut: 5, arrivalRate: 1)] {
            let sizes = SyntheticGraph.layerSizes(services: spec.services, layers: spec.layers)
            let calls = callees(in: SyntheticGraph.generate(spec, seed: 3).endpoint.root)
            for layer in 1..<sizes.count {
                let perService = layer + 1 < sizes.count ? min(spec.fanOut, sizes[layer + 1]) : 0
                for index in 0..<sizes[layer] {
                    let called = calls[SyntheticGraph.serviceName(layer: layer, index: index)] ?? []
                    #expect(called.count == perService)
                    #expect(Set(called).count == called.count)
                    #expect(called.allSatisfy { $0.hasPrefix("svc-\(layer + 1)-") })
                }
            }
        }
    }

    @Test("the edge calls all of layer 1, each with the chance that makes its fan-out on average")
    func edgeFanOut() {
        let root = SyntheticGraph.generate(Self.deathStar, seed: 5).endpoint.root
        #expect(root.children.map(\.service) == (0..<50).map { "svc-1-\($0)" })
        #expect(root.children.allSatisfy { $0.probability == 3.0 / 50 })
        let small = SyntheticGraphSpec(services: 3, layers: 2, fanOut: 3, arrivalRate: 1)
        #expect(SyntheticGraph.generate(small, seed: 5).endpoint.root.children.map(\.probability) == [1, 1])
    }

    @Test("every service below the edge has a caller in the layer above")
    func noOrphans() {
        for seed: UInt64 in 1...50 {
            let spec = SyntheticGraphSpec(services: 40, layers: 4, fanOut: 2, arrivalRate: 1)
            let (services, endpoint) = SyntheticGraph.generate(spec, seed: seed)
            let called = Set(callees(in: endpoint.root).values.joined()).union(["edge"])
            #expect(called == Set(services.map(\.name)), "seed \(seed)")
        }
    }

    @Test("the same seed gives the same graph; another seed another one")
    func determinism() {
        let first = SyntheticGraph.generate(Self.deathStar, seed: 11)
        let again = SyntheticGraph.generate(Self.deathStar, seed: 11)
        #expect(first.services == again.services && first.endpoint == again.endpoint)
        let other = SyntheticGraph.generate(Self.deathStar, seed: 12)
        #expect(callees(in: first.endpoint.root) != callees(in: other.endpoint.root))
    }

    @Test("the call tree has one node per path from the edge; a request makes 1 + 3 + 9 + 27 + 81 calls on average")
    func treeSize() {
        let root = SyntheticGraph.generate(Self.deathStar, seed: 2).endpoint.root
        // Levels: the edge, all 50 of layer 1, then three calls per node below.
        #expect(nodeCount(root) == 1 + 50 + 50 * 3 + 50 * 9 + 50 * 27)
        #expect(SyntheticGraph.callTreeSize(Self.deathStar) == nodeCount(root))
        #expect(abs(expectedCalls(root) - Double(1 + 3 + 9 + 27 + 81)) < 1e-9)
        let alone = SyntheticGraphSpec(services: 1, layers: 1, fanOut: 3, arrivalRate: 1)
        #expect(nodeCount(SyntheticGraph.generate(alone, seed: 1).endpoint.root) == 1)
        #expect(SyntheticGraph.callTreeSize(alone) == 1)
    }

    @Test("the size of a huge tree saturates instead of overflowing")
    func hugeTreeSize() {
        let huge = SyntheticGraphSpec(services: 100_000, layers: 60, fanOut: 1_000, arrivalRate: 1)
        #expect(SyntheticGraph.callTreeSize(huge) == Int.max)
    }
}
