import Testing

@testable import CloudModel

@Suite("Storage: consistency levels")
struct StorageConsistencyTests {
    @Test(
        "replicas required for RF 1 to 5",
        arguments: [
            (ConsistencyLevel.one, [1, 1, 1, 1, 1]),
            (.quorum, [1, 2, 2, 3, 3]),
            (.localQuorum, [1, 2, 2, 3, 3]),
            (.all, [1, 2, 3, 4, 5]),
        ])
    func required(level: ConsistencyLevel, expected: [Int]) {
        #expect((1...5).map { level.required(replicationFactor: $0) } == expected)
    }

    @Test(
        "availability at RF 3 with 0, 1 and 2 replicas down",
        arguments: [
            (ConsistencyLevel.one, [true, true, true]),
            (.quorum, [true, true, false]),
            (.localQuorum, [true, true, false]),
            (.all, [true, false, false]),
        ])
    func availability(level: ConsistencyLevel, expected: [Bool]) {
        #expect((0...2).map { level.isAvailable(replicasUp: 3 - $0, replicationFactor: 3) } == expected)
    }

    @Test("no level is available with every replica down")
    func allDown() {
        #expect(ConsistencyLevel.allCases.allSatisfy { !$0.isAvailable(replicasUp: 0, replicationFactor: 3) })
    }
}
