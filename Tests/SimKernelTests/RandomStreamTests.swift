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
