import SimKernel

/// Whether a parent makes each of its child calls this time (the child's `probability`), one
/// place per entry of `RuntimeModel.childNodes`.
///
/// A parent with many optional children (the synthetic graph's edge tries a hundred, making two
/// on average) draws once per child per request. Drawn through each child's stream object, every
/// draw was a load of a node and of a generator block of its own, and forty instructions of
/// taus2. A child whose call stream is its alone keeps that stream's state here instead: four
/// neighbouring places share a block whose taus2 states step side by side in one vector, 32
/// decisions at a time, and a decision is then one bit. The draws are the same taus2 sequence
/// compared as `RandomDraws.bernoulli` compares them, and the stream draws nothing else, so when
/// they are drawn changes nothing: results are the same to the byte.
struct CallDecisions {
    enum Rule: UInt8 {
        /// `probability` of 1 or more: made without a draw.
        case always
        /// `probability` of 0 or less: never made, without a draw.
        case never
        /// Drawn here (`Block`).
        case own
        /// Drawn from the node's `callStream`, which something else also draws from (a repeated
        /// call's group, whose stream also draws the count) or which sits in several places.
        case shared
    }

    /// The taus2 states of four neighbouring places, lane = place % 4 (GSL's three words, each
    /// below 2³²), and their thresholds: `bernoulli(p)` makes a call when x / 2³² < p for the
    /// 32-bit draw x, that is x < p · 2³² (a power-of-two scale is exact), that is
    /// x < ⌈p · 2³²⌉ = `below` for an integer x. A lane of a place that is not `own` stays 0.
    struct Block {
        var s1 = SIMD4<UInt32>()
        var s2 = SIMD4<UInt32>()
        var s3 = SIMD4<UInt32>()
        var below = SIMD4<UInt32>()
    }

    /// Decisions drawn per lane at a time: a lane with fewer left than this gets as many more,
    /// so the lanes of siblings decided one after the other (a request decides each of a
    /// parent's children once) are drawn in the same batch.
    static let batch = 32

    /// Per place: the decisions of an `own` place drawn ahead, lowest bit next (1: made), under
    /// a sentinel bit just above the last; 1 when none are left, 0 for the other rules. The scan
    /// reads nothing else while a place has decisions.
    var pending: [UInt64]
    var rules: [Rule]
    var blocks: [Block]

    /// The decisions of `children`, a node table's places (`RuntimeModel.childNodes`). A call's
    /// `PATH.call` stream draws nothing else, so a call in one place only keeps its state here;
    /// a group's stream also draws its repetitions, and a call in several places (a repeat's)
    /// shares one stream between them.
    init(_ nodes: [CallNodeState], children: [Int32]) {
        var placesOf = [Int](repeating: 0, count: nodes.count)
        for child in children { placesOf[Int(child)] += 1 }
        pending = Array(repeating: 0, count: children.count)
        rules = []
        blocks = Array(repeating: Block(), count: (children.count + 3) / 4)
        for (place, child) in children.enumerated() {
            let node = nodes[Int(child)]
            let probability = node.probability
            // ⌈p · 2³²⌉ reaching 2³² would make every draw a call: as `always` (no draw is then
            // ever seen, so none need be made).
            let below = (probability * 4_294_967_296.0).rounded(.up)
            if probability >= 1 || below >= 4_294_967_296.0 {
                rules.append(.always)
            } else if !(probability > 0) {
                rules.append(.never)
            } else if node.kind != .call || placesOf[Int(child)] != 1 {
                rules.append(.shared)
            } else {
                rules.append(.own)
                pending[place] = 1
                let (s1, s2, s3) = node.callStream.taus2Words
                let (block, lane) = place.quotientAndRemainder(dividingBy: 4)
                blocks[block].s1[lane] = s1
                blocks[block].s2[lane] = s2
                blocks[block].s3[lane] = s3
                blocks[block].below[lane] = UInt32(below)
            }
        }
    }

    /// Where a scan of a parent's children for the next call made stopped.
    enum Stop {
        /// At a call made (the place before `next`).
        case made
        /// At a child whose stream is shared (`Rule.shared`), not drawn yet.
        case shared
        /// After the skip that gives the parent as many successes as it waits for.
        case answer
        /// At the end of the children.
        case exhausted
    }

    /// Decides the children at places `from..<end` in turn until one is made, one must be drawn
    /// from a shared stream, `skipsToAnswer` were skipped (each a success), or none is left.
    /// `next` is the place after the last one decided.
    @inline(__always)
    mutating func nextMade(from: Int, to end: Int, skipsToAnswer: Int) -> (next: Int, skipped: Int, stop: Stop) {
        Self.scan(&pending, rules, &blocks, from: from, to: end, skipsToAnswer: skipsToAnswer)
    }

    @inline(__always)
    static func scan(
        _ pending: inout [UInt64], _ rules: [Rule], _ blocks: inout [Block], from: Int, to end: Int,
        skipsToAnswer: Int
    ) -> (next: Int, skipped: Int, stop: Stop) {
        // Every place decided and not made is a skip, so the skips are `place - from` and the
        // parent has enough successes once `place` reaches `answerAt`.
        let answerAt = from &+ Swift.max(skipsToAnswer, 1)
        let limit = Swift.min(end, answerAt)
        return pending.withUnsafeMutableBufferPointer { pending in
            var place = from
            while place < limit {
                let bits = pending[place]
                if bits > 1 {
                    pending[place] = bits &>> 1
                    place &+= 1
                    if bits & 1 != 0 { return (place, place &- 1 &- from, .made) }
                    continue
                }
                switch rules[place] {
                case .always: return (place &+ 1, place &- from, .made)
                case .shared: return (place &+ 1, place &- from, .shared)
                case .never: place &+= 1
                case .own: refill(block: place &>> 2, pending: pending, rules: rules, blocks: &blocks)
                }
            }
            return (place, place &- from, place == answerAt ? .answer : .exhausted)
        }
    }

    /// Draws the next `batch` decisions of every `own` place of block `block` that has fewer
    /// than `batch` left, after those; the other lanes keep their state.
    static func refill(
        block: Int, pending: UnsafeMutableBufferPointer<UInt64>, rules: [Rule], blocks: inout [Block]
    ) {
        @inline(__always)
        func step(_ s: SIMD4<UInt32>, _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> SIMD4<UInt32> {
            ((s & c) &<< d) ^ (((s &<< a) ^ s) &>> b)
        }
        let first = block &* 4
        let old = blocks[block]
        var (s1, s2, s3) = (old.s1, old.s2, old.s3)
        var decisions = SIMD4<UInt32>()
        for bit in 0..<UInt32(batch) {
            s1 = step(s1, 13, 19, 4_294_967_294, 12)
            s2 = step(s2, 2, 25, 4_294_967_288, 4)
            s3 = step(s3, 3, 11, 4_294_967_280, 17)
            decisions.replace(with: decisions | (1 &<< bit), where: (s1 ^ s2 ^ s3) .< old.below)
        }
        for lane in 0..<4 where first + lane < pending.count && rules[first + lane] == .own {
            let bits = pending[first + lane]
            // Decisions left: the bits under the sentinel.
            let left = UInt64(63 &- bits.leadingZeroBitCount)
            guard left < UInt64(batch) else { continue }
            blocks[block].s1[lane] = s1[lane]
            blocks[block].s2[lane] = s2[lane]
            blocks[block].s3[lane] = s3[lane]
            let kept = bits & ((1 &<< left) &- 1)
            pending[first + lane] = kept | UInt64(decisions[lane]) &<< left | 1 &<< (left &+ UInt64(batch))
        }
    }
}
