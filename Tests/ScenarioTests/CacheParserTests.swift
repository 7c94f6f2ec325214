import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// `cache:` on a call: what loads, and a located diagnostic for each mistake.
@Suite struct CacheParserTests {
    /// An api calling `redis` (line 13 on), a cache whose settings follow.
    static func yaml(_ cache: String, client: String = "") -> String {
        """
        name: r
        duration: 1h
        runtime:
          zones: [a]
          services: {api: {}, redis: {}, db: {}}
          endpoints:
            home:
              arrival_rate: 1/s
              call:
                service: api
                work: 1ms
                calls:
                  - service: redis
                    work: 1ms\(client)
                    cache:
        \(cache)
        """
    }

    @Test func aCacheLoadsWithItsMissAndErrorCalls() throws {
        let text = Self.yaml(
            """
                          hit_ratio: 0.9
                          on_miss: {service: db, work: 5ms}
                          on_error: {service: db, work: 5ms, client: {timeout: 1s}}
                          refill: {service: db, work: 2ms}
            """)
        let runtime = try #require(try ScenarioLoader.parse(yaml: text, file: "r.yaml").variants[0].runtime)
        let cache = try #require(runtime.endpoints[0].root.children[0].cache)
        #expect(cache.hitRatio == 0.9)
        #expect(cache.onMiss == CallNode(service: "db", work: .constant(0.005)))
        #expect(cache.onError?.client.timeout == SimTime.nanosecondsPerSecond)
        #expect(cache.refill == CallNode(service: "db", work: .constant(0.002)))
    }

    @Test func refillMistakesAreLocated() {
        let miss = "              hit_ratio: 0.5\n              on_miss: {service: db, work: 5ms}\n"
        let nested = "cache: {hit_ratio: 1, on_miss: {service: db, work: 1ms}}"
        let cached = located(Self.yaml(miss + "              refill: {service: db, work: 1ms, \(nested)}"))
        #expect(
            cached.count == 1 && cached[0].hasPrefix("18:48: `cache` does not apply to the `refill` call"), "\(cached)")
        let misspelt = located(Self.yaml(miss + "              refil: {service: db, work: 1ms}"))
        #expect(misspelt.contains { $0.hasPrefix("18:15:") && $0.contains("`refill`") }, "\(misspelt)")
        let repeated = located(Self.yaml(miss + "              refill: {service: db, work: 1ms, repeat: 2}"))
        #expect(repeated.count == 1 && repeated[0].hasPrefix("18:48: `repeat` does not apply"), "\(repeated)")
    }

    @Test func mistakesAreLocated() {
        #expect(
            located(Self.yaml("              hit_ratio: 1.5\n              on_miss: {service: db, work: 5ms}"))
                == ["16:26: `hit_ratio` expects a number from 0 to 1, found `1.5`"])
        let misspelt = located(
            Self.yaml("              hit_ratoi: 0.5\n              on_miss: {service: db, work: 5ms}"))
        #expect(misspelt.contains { $0.hasPrefix("16:15:") && $0.contains("hit_ratio") })
        #expect(located(Self.yaml("              hit_ratio: 0.5")).contains { $0.contains("on_miss") })
        let probability = located(
            Self.yaml("              hit_ratio: 0.5\n              on_miss: {service: db, work: 5ms, probability: 0.5}")
        )
        #expect(
            probability.count == 1 && probability[0].hasPrefix("17:49: `probability` does not apply"), "\(probability)")
        let repeated = located(
            Self.yaml("              hit_ratio: 0.5\n              on_miss: {service: db, work: 5ms, repeat: 2}"))
        #expect(repeated.count == 1 && repeated[0].hasPrefix("17:49: `repeat` does not apply"), "\(repeated)")
        let both = located(
            Self.yaml(
                "              hit_ratio: 0.5\n              on_miss: {service: db, work: 5ms}\n"
                    + "              on_error: {service: db, work: 5ms}",
                client: "\n            client: {fallback: {}}"))
        #expect(both.count == 1 && both[0].hasPrefix("19:15: `on_error` and the client's `fallback`"), "\(both)")
        #expect(
            located(Self.yaml("              hit_ratio: 0.5\n              on_miss: {service: dbb, work: 5ms}"))
                .contains { $0.hasPrefix("17:34:") && $0.contains("`db`") })
    }
}
