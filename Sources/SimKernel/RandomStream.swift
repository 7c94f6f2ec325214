import CGSL
import Foundation

/// An independent random-number stream, seeded from the component it serves.
///
/// GSL's `taus2` (L'Ecuyer's maximally equidistributed combined Tausworthe generator, period
/// 2^88): as good as MT19937 for simulation, faster, and 24 bytes of state instead of 5 KiB. A
/// runtime model keeps thousands of streams; with MT19937 their states missed the cache so
/// often that drawing numbers took a sixth of the run.
///
/// Owns its generator: it lives as long as anything holds the stream. The draws themselves are
/// `RandomDraws`', a view of the generator that records on a model's hot path can hold without
/// the extra load (and cache miss) of going through this object.
public final class RandomStream {
    /// The generator, drawn from directly.
    public let draws: RandomDraws

    /// Bytes of the block: the header (2 pointers) and taus2's state (3 words), rounded up to
    /// a cache line, so that no other stream shares its line.
    static let blockSize = 64

    init(seed: UInt) {
        GSL.switchOffAbortingErrorHandler()
        let type = cnsim_rng_taus2()!
        precondition(type.pointee.size == 3 * MemoryLayout<UInt>.size, "GSL's taus2 state is not three words")
        let block = UnsafeMutableRawPointer.allocate(byteCount: Self.blockSize, alignment: Self.blockSize)
        block.initializeMemory(as: UInt8.self, repeating: 0, count: Self.blockSize)
        let state = (block + RandomDraws.stateOffset).bindMemory(to: UInt.self, capacity: 3)
        let generator = block.bindMemory(to: gsl_rng.self, capacity: 1)
        generator.initialize(to: gsl_rng(type: type, state: UnsafeMutableRawPointer(state)))
        gsl_rng_set(generator, seed)
        draws = RandomDraws(generator: generator)
    }

    deinit { UnsafeMutableRawPointer(draws.generator).deallocate() }

    /// GSL's generator, for GSL's samplers.
    @inlinable
    public var generator: UnsafeMutablePointer<gsl_rng> { draws.generator }

    /// A uniform draw from the open interval (0, 1).
    @inlinable
    public func uniform() -> Double { draws.uniform() }

    /// A uniform whole number in 0 ..< bound (bound > 0).
    @inlinable
    public func integer(below bound: Int) -> Int { draws.integer(below: bound) }

    /// True with probability `p`.
    @inlinable
    public func bernoulli(_ p: Double) -> Bool { draws.bernoulli(p) }

    /// A normal draw of mean 0 and standard deviation `stddev` (may be negative).
    @inlinable
    public func gaussian(stddev: Double) -> Double { gsl_ran_gaussian_ziggurat(generator, stddev) }

    /// Successes in `trials` independent trials of probability `p` (GSL's BTPE for large counts).
    public func binomial(trials: Int, p: Double) -> Int {
        guard trials > 0, p > 0 else { return 0 }
        return Int(gsl_ran_binomial(generator, Swift.min(1, p), UInt32(clamping: trials)))
    }

    /// A Poisson count of mean `mean` (0 when `mean` is 0).
    @inlinable
    public func poisson(mean: Double) -> Int {
        mean > 0 ? Int(gsl_ran_poisson(generator, mean)) : 0
    }
}

/// The draws of a `RandomStream`, without owning it: the stream's generator block, whose header
/// GSL's samplers take and whose state the uniform draws that most of a run makes (`uniform`,
/// `bernoulli`, the exponential) step here, inline. Both advance one sequence: `RandomStreamTests`
/// compares it with GSL's draw for draw.
///
/// Valid while its stream lives: a model keeps its `RandomStreams`, which keeps every stream it
/// handed out, for as long as the model runs.
public struct RandomDraws {
    /// The `gsl_rng` GSL's samplers take; its state follows it in the same block.
    public let generator: UnsafeMutablePointer<gsl_rng>

    @usableFromInline static var stateOffset: Int { MemoryLayout<gsl_rng>.stride }

    @inlinable
    init(generator: UnsafeMutablePointer<gsl_rng>) { self.generator = generator }

    /// taus2's three words, each below 2³², for a caller that steps the same sequence in a
    /// state of its own (`CallDecisions` in the runtime); this stream must not draw afterwards.
    public var taus2Words: (UInt32, UInt32, UInt32) {
        (UInt32(truncatingIfNeeded: state[0]), UInt32(truncatingIfNeeded: state[1]), UInt32(truncatingIfNeeded: state[2]))
    }

    /// taus2's three words (`unsigned long` in GSL's state), right after the header.
    @inlinable
    var state: UnsafeMutablePointer<UInt> {
        (UnsafeMutableRawPointer(generator) + Self.stateOffset).assumingMemoryBound(to: UInt.self)
    }

    /// The next 32-bit output of taus2 (L'Ecuyer 1996, "Maximally equidistributed combined
    /// Tausworthe generators", with the 1999 seeding fix GSL calls taus2): three shift-register
    /// components, each `((s & c) << d) ^ (((s << a) ^ s) >> b)` on 32 bits, XORed together.
    @inlinable @inline(__always)
    public func next() -> UInt32 {
        @inline(__always)
        func step(_ s: UInt, _ a: UInt, _ b: UInt, _ c: UInt, _ d: UInt) -> UInt {
            (((s & c) << d) & 0xffff_ffff) ^ ((((s << a) & 0xffff_ffff) ^ s) >> b)
        }
        let state = self.state
        let s1 = step(state[0], 13, 19, 4_294_967_294, 12)
        let s2 = step(state[1], 2, 25, 4_294_967_288, 4)
        let s3 = step(state[2], 3, 11, 4_294_967_280, 17)
        state[0] = s1
        state[1] = s2
        state[2] = s3
        return UInt32(truncatingIfNeeded: s1 ^ s2 ^ s3)
    }

    /// A uniform draw from [0, 1) (GSL's `gsl_rng_uniform`).
    @inlinable @inline(__always)
    public func uniformIncludingZero() -> Double { Double(next()) / 4_294_967_296.0 }

    /// A uniform draw from the open interval (0, 1) (GSL's `gsl_rng_uniform_pos`).
    @inlinable
    public func uniform() -> Double {
        while true {
            let x = uniformIncludingZero()
            if x != 0 { return x }
        }
    }

    /// A uniform whole number in 0 ..< bound (bound > 0), as `gsl_rng_uniform_int` draws it.
    @inlinable
    public func integer(below bound: Int) -> Int {
        Int(gsl_rng_uniform_int(generator, UInt(bound)))
    }

    /// True with probability `p`.
    @inlinable
    public func bernoulli(_ p: Double) -> Bool {
        p >= 1 || (p > 0 && uniformIncludingZero() < p)
    }

    /// An exponential draw of mean `mean`, as `gsl_ran_exponential` makes it (inverse transform
    /// of a uniform), without leaving Swift.
    @inlinable
    public func exponential(mean: Double) -> Double {
        -mean * log1p(-uniformIncludingZero())
    }
}

/// Hands out the random streams of one replication, one per component path.
///
/// Streams are derived from (scenario seed, replication index, component path) through a stable
/// hash, so a new component or variant never shifts another component's draws.
public final class RandomStreams {
    public let seed: UInt64
    public let replication: Int
    private var streams: [String: RandomStream] = [:]

    public init(seed: UInt64, replication: Int) {
        self.seed = seed
        self.replication = replication
    }

    /// The stream of the component at `path`, e.g. `us-east-1.a.api.3`; the same path always
    /// gives the same stream (created on first use).
    public func stream(_ path: String) -> RandomStream {
        if let stream = streams[path] { return stream }
        let stream = RandomStream(seed: StreamSeed.derive(seed: seed, replication: replication, path: path))
        streams[path] = stream
        return stream
    }
}

/// Stable derivation of a generator seed; identical on every platform and run.
public enum StreamSeed {
    /// GSL's seeding of `taus2` keeps 32 bits of its seed, so the 64-bit mix is folded to 32
    /// non-zero bits.
    public static func derive(seed: UInt64, replication: Int, path: String) -> UInt {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64 offset basis
        for byte in path.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let mixed = splitMix(seed ^ splitMix(UInt64(truncatingIfNeeded: replication) ^ splitMix(hash)))
        let folded = (mixed ^ (mixed >> 32)) & 0xffff_ffff
        return UInt(folded == 0 ? 1 : folded)
    }

    /// SplitMix64's finaliser: a bijective avalanche of 64 bits.
    static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

extension RandomStream {
    /// Splits `trials` among outcomes in proportion to `weights` (non-negative, not all 0 unless
    /// `trials` is 0): a multinomial draw by conditional binomials, O(outcomes).
    public func multinomial(trials: Int, weights: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: weights.count)
        var remaining = trials
        var weightLeft = weights.reduce(0, +)
        for index in weights.indices where remaining > 0 && weightLeft > 0 {
            let weight = weights[index]
            let count = weight >= weightLeft ? remaining : binomial(trials: remaining, p: weight / weightLeft)
            counts[index] = count
            remaining -= count
            weightLeft -= weight
        }
        return counts
    }
}

extension RandomStream {
    /// `value` (≥ 0) rounded down or up at random, up with probability its fractional part: an
    /// integer whose mean is `value`.
    public func roundRandomly(_ value: Double) -> Int {
        guard value > 0 else { return 0 }
        let whole = value.rounded(.down)
        return Int(whole) + (uniform() < value - whole ? 1 : 0)
    }
}
