import SimKernel

/// A Cassandra-style token ring: each node owns `virtualNodes` random 64-bit tokens, and a key's
/// replicas are the first nodes clockwise from the key's token whose zones hold no replica yet
/// (network-topology placement, with zones in the role of racks).
///
/// Keys are many and ring positions few, so the placement of every position is computed once,
/// and a look-up finds the key's position through an index of the tokens' top bits, then copies
/// its replicas. Memory: 12 + 4 × replication factor bytes per position and at most 8 more for
/// the index, positions = nodes × virtual nodes (9 MB for 300 k positions at RF 3).
/// - Complexity: O(P log P + P · Z · RF) to build, for P positions and Z zones; expected O(1)
///   and no allocation to look up a key (tokens are uniform, about one per index bucket).
struct TokenRing {
    /// Replicas of every key [count].
    let replicationFactor: Int
    /// Nodes on the ring [count].
    let nodeCount: Int
    /// Token of each ring position, ascending.
    let tokens: [UInt64]
    /// Node owning each ring position.
    let owners: [Int32]
    /// Replicas of the keys each position owns, `replicationFactor` per position, nearest first.
    private let placements: [Int32]
    /// Tokens are bucketed by their top bits, at least as many buckets as positions.
    private let bucketShift: UInt64
    /// First position of each bucket or a later one (`bucketStarts[b]` is the first position
    /// whose token's bucket is `b` or more), with the position count at the end.
    ///
    /// A binary search of the whole ring took about 180 ns per key at 256 k positions, nearly
    /// all of it cache misses; the bucket narrows the search to a position or two.
    private let bucketStarts: [Int32]

    /// A ring of the nodes whose zones are `nodeZones` (node i in zone `nodeZones[i]`, zones
    /// numbered 0 ..< `zoneCount`), tokens drawn from `stream`.
    init(nodeZones: [Int32], virtualNodes: Int, zoneCount: Int, replicationFactor: Int, stream: RandomStream) {
        precondition(!nodeZones.isEmpty && virtualNodes >= 1, "a ring needs nodes and tokens")
        precondition(nodeZones.allSatisfy { $0 >= 0 && Int($0) < zoneCount }, "a node's zone is out of range")
        let populatedZones = Set(nodeZones).count
        precondition(
            replicationFactor >= 1 && replicationFactor <= min(populatedZones, ReplicaNodes.capacity),
            "replication factor \(replicationFactor) needs as many zones with nodes (at most \(ReplicaNodes.capacity))")
        var positions: [(token: UInt64, node: Int32)] = []
        positions.reserveCapacity(nodeZones.count * virtualNodes)
        for node in nodeZones.indices {
            for _ in 0..<virtualNodes { positions.append((Self.randomToken(stream), Int32(node))) }
        }
        // The node breaks ties between equal tokens, so the order never depends on the sort.
        positions.sort { ($0.token, $0.node) < ($1.token, $1.node) }
        self.replicationFactor = replicationFactor
        nodeCount = nodeZones.count
        tokens = positions.map(\.token)
        owners = positions.map(\.node)
        placements = Self.place(
            owners: owners, nodeZones: nodeZones, zoneCount: zoneCount, replicationFactor: replicationFactor)
        (bucketShift, bucketStarts) = Self.bucketIndex(tokens: tokens)
    }

    /// The nodes holding `key`'s replicas, primary first.
    /// - Complexity: expected O(1); no allocation.
    func replicas(ofKey key: Int) -> ReplicaNodes {
        let first = position(ofToken: Self.token(ofKey: key)) * replicationFactor
        var replicas = ReplicaNodes()
        for index in first..<first + replicationFactor { replicas.append(placements[index]) }
        return replicas
    }

    /// The ring position owning `token`: the first whose token is at or after it, wrapping
    /// past the largest token to position 0.
    /// - Complexity: expected O(1); O(log P) at worst.
    func position(ofToken token: UInt64) -> Int {
        // Positions before the token's bucket have smaller tokens; the next bucket's first
        // position has a larger one.
        let bucket = Int(token >> bucketShift)
        var low = Int(bucketStarts[bucket])
        var high = Int(bucketStarts[bucket + 1])
        while low < high {
            let middle = (low + high) >> 1
            if tokens[middle] < token { low = middle + 1 } else { high = middle }
        }
        return low == tokens.count ? 0 : low
    }

    /// Share of the token space [ratio] whose primary replica is each node, by node index;
    /// the shares sum to 1.
    /// - Complexity: O(P + nodes).
    func primaryOwnership() -> [Double] {
        var shares = [Double](repeating: 0, count: nodeCount)
        guard tokens.count > 1 else {
            shares[Int(owners[0])] = 1
            return shares
        }
        for position in tokens.indices {
            // A position owns the tokens after its predecessor's up to its own; position 0's
            // predecessor is the last, and wrapping subtraction measures the arc across 2^64.
            let previous = tokens[position == 0 ? tokens.count - 1 : position - 1]
            shares[Int(owners[position])] += Double(tokens[position] &- previous) / 0x1p64
        }
        return shares
    }

    /// A key's token: Murmur3's 64-bit finaliser (Cassandra's default partitioner hashes with
    /// Murmur3), a bijection that scatters neighbouring keys over the whole ring.
    static func token(ofKey key: Int) -> UInt64 {
        var hash = UInt64(bitPattern: Int64(key))
        hash = (hash ^ (hash >> 33)) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ (hash >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        return hash ^ (hash >> 33)
    }

    /// A uniform 64-bit token; GSL's integer draws stop below 2^32, so it takes four 16-bit ones.
    private static func randomToken(_ stream: RandomStream) -> UInt64 {
        var token: UInt64 = 0
        for _ in 0..<4 { token = token << 16 | UInt64(stream.integer(below: 1 << 16)) }
        return token
    }

    /// The shift that leaves a token's bucket (the fewest top bits giving at least one bucket
    /// per position) and each bucket's first position.
    /// - Complexity: O(P).
    private static func bucketIndex(tokens: [UInt64]) -> (shift: UInt64, starts: [Int32]) {
        let bits = Int.bitWidth - (tokens.count - 1).leadingZeroBitCount
        let shift = UInt64(UInt64.bitWidth - bits)
        var starts = [Int32](repeating: Int32(tokens.count), count: (1 << bits) + 1)
        for position in tokens.indices.reversed() { starts[Int(tokens[position] >> shift)] = Int32(position) }
        // Empty buckets start where the next non-empty one does.
        for bucket in stride(from: starts.count - 2, through: 0, by: -1) {
            starts[bucket] = min(starts[bucket], starts[bucket + 1])
        }
        return (shift, starts)
    }

    /// For each position, the owners of the first position of each zone clockwise from it,
    /// nearest first, `replicationFactor` of them: what walking the ring would find, without the
    /// walk (which can be long when one zone has few nodes).
    ///
    /// Sweeps a twice-unrolled ring backwards, so that clockwise-with-wrapping becomes forwards
    /// and each zone's nearest position ahead is known at every step.
    /// - Complexity: O(P · Z · RF).
    private static func place(owners: [Int32], nodeZones: [Int32], zoneCount: Int, replicationFactor: Int) -> [Int32] {
        let count = owners.count
        var placements = [Int32](repeating: 0, count: count * replicationFactor)
        // Nearest unrolled position at or after the current one, per zone; .max until seen.
        var nextInZone = [Int](repeating: .max, count: zoneCount)
        // The nearest `replicationFactor` of those, ascending.
        var nearest = [Int](repeating: 0, count: replicationFactor)
        for unrolled in stride(from: 2 * count - 1, through: 0, by: -1) {
            let position = unrolled < count ? unrolled : unrolled - count
            nextInZone[Int(nodeZones[Int(owners[position])])] = unrolled
            // The first lap only records where each zone next appears.
            guard unrolled < count else { continue }
            var found = 0
            for candidate in nextInZone where candidate != .max {
                var slot: Int
                if found < replicationFactor {
                    slot = found
                    found += 1
                } else if candidate < nearest[replicationFactor - 1] {
                    slot = replicationFactor - 1
                } else {
                    continue
                }
                while slot > 0 && nearest[slot - 1] > candidate {
                    nearest[slot] = nearest[slot - 1]
                    slot -= 1
                }
                nearest[slot] = candidate
            }
            for (rank, ahead) in nearest.enumerated() {
                placements[position * replicationFactor + rank] = owners[ahead < count ? ahead : ahead - count]
            }
        }
        return placements
    }
}
