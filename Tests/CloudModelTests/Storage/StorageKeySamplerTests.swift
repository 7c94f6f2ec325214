import SimKernel
import Testing

@testable import CloudModel

@Suite("Storage: key sampling")
struct StorageKeySamplerTests {
    func stream(_ seed: UInt64 = 3) -> RandomStream {
        RandomStreams(seed: seed, replication: 0).stream("test.keys")
    }

    @Test("Zipf: rank 1 is drawn 2^s times as often as rank 2", arguments: [0.8, 1.0, 1.5])
    func zipfRankRatio(exponent: Double) {
        let sampler = KeySampler(distribution: .zipf(exponent: exponent), keys: 1000)
        let stream = stream()
        var first = 0
        var second = 0
        for _ in 0..<200_000 {
            let key = sampler.next(stream)
            if key == sampler.key(ofRank: 0) { first += 1 } else if key == sampler.key(ofRank: 1) { second += 1 }
        }
        let theory = Double.pow(2, exponent)
        #expect(abs(Double(first) / Double(second) / theory - 1) < 0.1, "\(first) / \(second) vs \(theory)")
    }

    @Test("Zipf: rank 1's share is 1 / H(keys, s)")
    func zipfTopShare() {
        let keys = 500
        let sampler = KeySampler(distribution: .zipf(exponent: 1), keys: keys)
        let stream = stream(4)
        let draws = 100_000
        let top = sampler.key(ofRank: 0)
        let hits = (0..<draws).count { _ in sampler.next(stream) == top }
        let harmonic = (1...keys).reduce(0.0) { $0 + 1 / Double($1) }
        let theory = 1 / harmonic
        // Binomial standard deviation about 0.001; allow four.
        #expect(abs(Double(hits) / Double(draws) - theory) < 0.004)
    }

    @Test(
        "ranks map to keys one to one, whatever the key count", arguments: [1, 2, 10, 97, 1000, 1024, 3 * 5 * 7 * 11])
    func rankPermutation(keys: Int) {
        let sampler = KeySampler(distribution: .zipf(exponent: 1), keys: keys)
        #expect(Set((0..<keys).map(sampler.key(ofRank:))) == Set(0..<keys))
    }

    @Test("Zipf: the hottest ranks are scattered, not neighbours")
    func hotKeysScattered() {
        let keys = 10_000
        let sampler = KeySampler(distribution: .zipf(exponent: 1), keys: keys)
        let hot = (0..<10).map(sampler.key(ofRank:)).sorted()
        // Ten points nearly evenly spread leave gaps near keys / 10; none is tiny.
        #expect(zip(hot, hot.dropFirst()).allSatisfy { $1 - $0 > keys / 50 }, "\(hot)")
    }

    @Test("uniform keys: every key drawn, each within 10% of its expected count")
    func uniformCoverage() {
        let keys = 100
        let sampler = KeySampler(distribution: .uniform, keys: keys)
        let stream = stream(5)
        var counts = [Int](repeating: 0, count: keys)
        for _ in 0..<200_000 { counts[sampler.next(stream)] += 1 }
        // Expected 2000 each, standard deviation about 45.
        #expect(counts.allSatisfy { abs($0 - 2000) < 200 }, "\(counts.min()!) ... \(counts.max()!)")
    }

    @Test("a single key is always drawn")
    func singleKey() {
        let stream = stream()
        for distribution in [KeyDistribution.uniform, .zipf(exponent: 1.2)] {
            let sampler = KeySampler(distribution: distribution, keys: 1)
            #expect((0..<100).allSatisfy { _ in sampler.next(stream) == 0 })
        }
    }
}
