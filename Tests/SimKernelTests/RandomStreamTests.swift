import CGSL
import Foundation
import Testing

@testable import SimKernel

@Suite("Random streams")
struct RandomStreamTests {
    func draws(_ stream: RandomStream, _ count: Int = 100) -> [Double] {
        (0..<count).map { _ in stream.uniform() }
    }

    @Test("adding a component leaves another component's draws unchanged")
    func independenceOfComponents() {
        let alone = RandomStreams(seed: 7, replication: 3)
        let expected = draws(alone.stream("us-east-1.a.api.3"))

        let crowded = RandomStreams(seed: 7, replication: 3)
        let newcomer = crowded.stream("us-east-1.b.db.1")
        _ = draws(newcomer, 1000)
        let api = crowded.stream("us-east-1.a.api.3")
        _ = draws(crowded.stream("another.component"), 17)
        #expect(draws(api) == expected)
    }

    @Test("the same path gives the same stream; paths, seeds and replications differ")
    func derivation() {
        let streams = RandomStreams(seed: 1, replication: 0)
        let a = streams.stream("a")
        let first = a.uniform()
        #expect(streams.stream("a").uniform() != first)  // same generator, advanced
        let reference = draws(RandomStreams(seed: 1, replication: 0).stream("a"))
        #expect(reference != draws(RandomStreams(seed: 1, replication: 0).stream("b")))
        #expect(reference != draws(RandomStreams(seed: 2, replication: 0).stream("a")))
        #expect(reference != draws(RandomStreams(seed: 1, replication: 1).stream("a")))
    }

    @Test("seed derivation is stable across runs and platforms")
    func stableSeed() {
        // Recorded once; a change here changes every published result, so it must be deliberate.
        #expect(StreamSeed.derive(seed: 42, replication: 0, path: "requests.customer.arrivals") == 3_961_243_062)
        #expect(StreamSeed.derive(seed: 0, replication: 0, path: "") != 0)
    }

    @Test("uniform draws lie in (0, 1); integers in range; bernoulli edge cases")
    func ranges() {
        let stream = RandomStreams(seed: 3, replication: 0).stream("x")
        for _ in 0..<10_000 {
            let u = stream.uniform()
            #expect(u > 0 && u < 1)
            let k = stream.integer(below: 7)
            #expect((0..<7).contains(k))
        }
        #expect(stream.bernoulli(1))
        #expect(!stream.bernoulli(0))
    }
}


@Suite("Random streams drawn inline")
struct InlineDrawTests {
    /// A stream made by GSL's own allocator, to compare against.
    final class GSLReference {
        let rng: UnsafeMutablePointer<gsl_rng>
        init(seed: UInt) {
            rng = gsl_rng_alloc(cnsim_rng_taus2())!
            gsl_rng_set(rng, seed)
        }
        deinit { gsl_rng_free(rng) }
    }

    static let seeds: [UInt] = [1, 2, 7, 2026, 4_294_967_295, 123_456_789]

    @Test("the inline Tausworthe steps give GSL's taus2 sequence, word for word", arguments: seeds)
    func words(seed: UInt) {
        let stream = RandomStream(seed: seed)
        let reference = GSLReference(seed: seed)
        for _ in 0..<100_000 {
            #expect(UInt(stream.draws.next()) == gsl_rng_get(reference.rng))
        }
    }

    @Test("uniforms, Bernoulli trials and exponentials are GSL's, bit for bit", arguments: seeds)
    func draws(seed: UInt) {
        let stream = RandomStream(seed: seed)
        let reference = GSLReference(seed: seed)
        var mismatches = 0
        for index in 0..<30_000 {
            switch index % 4 {
            case 0: if stream.uniform() != gsl_rng_uniform_pos(reference.rng) { mismatches += 1 }
            case 1: if stream.draws.uniformIncludingZero() != gsl_rng_uniform(reference.rng) { mismatches += 1 }
            case 2:
                if stream.draws.exponential(mean: 0.002) != gsl_ran_exponential(reference.rng, 0.002) { mismatches += 1 }
            default:
                let p = Double(index % 97) / 96
                let expected = p >= 1 || (p > 0 && gsl_rng_uniform(reference.rng) < p)
                if stream.bernoulli(p) != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("GSL's samplers and the inline draws advance one shared state")
    func interleaved() {
        let stream = RandomStream(seed: 99)
        let reference = GSLReference(seed: 99)
        for _ in 0..<10_000 {
            #expect(Distribution.lognormal(mu: -7, sigma: 0.5).sample(stream)
                == exp(-7 + gsl_ran_gaussian_ziggurat(reference.rng, 0.5)))
            #expect(stream.uniform() == gsl_rng_uniform_pos(reference.rng))
            #expect(Distribution.gamma(shape: 2, scale: 0.1).sample(stream) == gsl_ran_gamma(reference.rng, 2, 0.1))
        }
    }
}
