import Testing

@testable import Scenario

/// Counts that would be allocated, and values that would make a result non-finite, are
/// refused at validation with the bound in the message.
@Suite struct ScenarioLimitsTests {
    @Test func countsPastAMillionAreRefusedWithTheBound() {
        let yaml = """
            name: m
            duration: 1m
            replications: 1000000000000
            model:
              services:
                api: {instances: 1000000000, servers: 1000001}
              requests:
                get:
                  arrival_rate: 10/s
                  path:
                    - service: api
                      service_time: 50ms
            """
        #expect(located(yaml) == [
            "3:15: `replications` expects a whole number from 1 to 1000000, found `1000000000000`",
            "6:22: `instances` expects a whole number from 1 to 1000000, found `1000000000`",
            "6:43: `servers` expects a whole number from 1 to 1000000, found `1000001`",
        ])
    }

    @Test func aRingOfTooManyTokensIsRefusedAtItsVirtualNodes() {
        let yaml = """
            name: s
            duration: 1m
            storage:
              zones: [a, b, c]
              cluster:
                ring:
                  nodes: 1000
                  virtual_nodes: 100000
                  node: \(StorageDiagnosticTests.node)
              workload:
                writes: {operation: write, rate: 100/s, consistency: QUORUM}
            """
        #expect(located(yaml) == [
            "8:22: a ring of 1000 nodes × 100000 virtual nodes holds 100000000 tokens, more than the limit of 10000000"
        ])
    }

    @Test func aPriceThatWouldMakeTheCostInfiniteIsRefused() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                api: {price_per_hour: 1e308}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
            """
        #expect(located(yaml) == [
            "6:27: `price_per_hour` expects a number from 0 to 1000000 (USD per instance-hour), found `1e308`"
        ])
    }

    @Test func aNameTooLongForAFolderIsRefused() {
        let name = String(repeating: "n", count: 300)
        let found = located("name: \(name)\nduration: 1m\n" + minimalModel)
        #expect(found == ["1:7: `name` expects at most 200 characters (it names a file or folder), found 300"])
    }

    /// Found by fuzzing: a duration under half a nanosecond rounded to none and crashed a run.
    @Test func aDurationShorterThanTheClocksTickIsRefused() {
        #expect(located("name: m\nduration: 0.0000001ms\n" + minimalModel) == [
            "2:11: `duration` expects at least 1ns, the clock's tick, found `0.0000001ms`"
        ])
    }
}
