import SimKernel
import Testing

@testable import CloudModel

/// A ring of `nodes` nodes dealt round-robin over `zones` zones, tokens from a seeded stream.
private func ring(nodes: Int, zones: Int, virtualNodes: Int = 16, rf: Int, seed: UInt64 = 11) -> TokenRing {
    TokenRing(
        nodeZones: (0..<nodes).map { Int32($0 % zones) }, virtualNodes: virtualNodes, zoneCount: zones,
        replicationFactor: rf, stream: RandomStreams(seed: seed, replication: 0).stream("test.ring"))
}

/// The replicas found by walking the ring from the key's position, as a reference for the
/// precomputed placement.
private func walkedReplicas(of key: Int, in ring: TokenRing, nodeZones: [Int32]) -> [Int32] {
    var replicas: [Int32] = []
    var position = ring.position(ofToken: TokenRing.token(ofKey: key))
    while replicas.count < ring.replicationFactor {
        let owner = ring.owners[position]
        if !replicas.contains(where: { nodeZones[Int($0)] == nodeZones[Int(owner)] }) { replicas.append(owner) }
        position = (position + 1) % ring.tokens.count
    }
    return replicas
}

@Suite("Storage: token ring and replica placement")
struct StorageRingTests {
    @Test("every key's replicas are in distinct zones", arguments: 1...3)
    func distinctZones(replicationFactor: Int) {
        let ring = ring(nodes: 12, zones: 3, rf: replicationFactor)
        for key in 0..<5000 {
            let replicas = ring.replicas(ofKey: key)
            #expect(replicas.count == replicationFactor)
            #expect(Set(replicas.map { $0 % 3 }).count == replicationFactor, "key \(key): \(Array(replicas))")
        }
    }

    @Test("with three zones and RF 3 every key has one replica per zone")
    func onePerZone() {
        let ring = ring(nodes: 30, zones: 3, rf: 3)
        for key in 0..<5000 {
            #expect(Set(ring.replicas(ofKey: key).map { $0 % 3 }) == [0, 1, 2])
        }
    }

    @Test("the precomputed placement matches walking the ring, with one zone nearly empty")
    func matchesWalk() {
        // Zone 2 has one node of 25, so walks from most positions pass many tokens to find it.
        let nodeZones: [Int32] = (0..<24).map { Int32($0 % 2) } + [2]
        for replicationFactor in 1...3 {
            let ring = TokenRing(
                nodeZones: nodeZones, virtualNodes: 8, zoneCount: 4, replicationFactor: replicationFactor,
                stream: RandomStreams(seed: 5, replication: 0).stream("test.ring"))
            for key in 0..<3000 {
                #expect(Array(ring.replicas(ofKey: key)) == walkedReplicas(of: key, in: ring, nodeZones: nodeZones))
            }
        }
    }

    @Test(
        "a token's position is the first at or after it, wrapping past the largest",
        arguments: [1, 2, 3, 4, 5, 16, 17, 40])
    func positionOfToken(positions: Int) {
        let ring = ring(nodes: positions, zones: 1, virtualNodes: 1, rf: 1, seed: UInt64(positions))
        func firstAtOrAfter(_ token: UInt64) -> Int { ring.tokens.firstIndex { $0 >= token } ?? 0 }
        // Each token and its neighbours, the ends of the token space, and every index bucket's edges.
        var probes: [UInt64] = [0, 1, .max - 1, .max]
        for token in ring.tokens { probes += [token &- 1, token, token &+ 1] }
        for bucket in 0..<UInt64(64) { probes += [bucket << 58, (bucket << 58) &- 1] }
        for token in probes {
            #expect(ring.position(ofToken: token) == firstAtOrAfter(token), "token \(token)")
        }
    }

    @Test("the primary replica owns the first token at or after the key's")
    func primaryOwnsNextToken() {
        let ring = ring(nodes: 6, zones: 3, rf: 2)
        for key in 0..<1000 {
            let token = TokenRing.token(ofKey: key)
            let owner = ring.owners[ring.tokens.firstIndex { $0 >= token } ?? 0]
            #expect(ring.replicas(ofKey: key)[0] == owner)
        }
    }

    @Test("tokens and placement depend only on the stream")
    func deterministic() {
        let first = ring(nodes: 9, zones: 3, rf: 3, seed: 1)
        let again = ring(nodes: 9, zones: 3, rf: 3, seed: 1)
        let other = ring(nodes: 9, zones: 3, rf: 3, seed: 2)
        #expect(first.tokens == again.tokens)
        #expect(first.tokens != other.tokens)
        let keys = 0..<2000
        #expect(keys.allSatisfy { Array(first.replicas(ofKey: $0)) == Array(again.replicas(ofKey: $0)) })
        #expect(!keys.allSatisfy { Array(first.replicas(ofKey: $0)) == Array(other.replicas(ofKey: $0)) })
    }

    @Test("with 256 virtual nodes each of 48 nodes owns 1/48 of the ring within 30%")
    func ownershipBalance() {
        let shares = ring(nodes: 48, zones: 3, virtualNodes: 256, rf: 3).primaryOwnership()
        #expect(shares.count == 48)
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        for (node, share) in shares.enumerated() {
            #expect(abs(share * 48 - 1) <= 0.3, "node \(node) owns \(share)")
        }
    }

    @Test("keys spread over nodes as the ring's ownership says")
    func keysFollowOwnership() {
        let ring = ring(nodes: 6, zones: 3, virtualNodes: 64, rf: 1)
        var primaries = [Int](repeating: 0, count: 6)
        let keys = 60_000
        for key in 0..<keys { primaries[Int(ring.replicas(ofKey: key)[0])] += 1 }
        for (node, share) in ring.primaryOwnership().enumerated() {
            // Binomial standard deviation is about 0.0015 here; allow four.
            #expect(abs(Double(primaries[node]) / Double(keys) - share) < 0.006, "node \(node)")
        }
    }

    @Test("a single node with a single token owns the whole ring")
    func singleToken() {
        let ring = ring(nodes: 1, zones: 1, virtualNodes: 1, rf: 1)
        #expect(ring.primaryOwnership() == [1])
        #expect(Array(ring.replicas(ofKey: 42)) == [0])
    }
}
