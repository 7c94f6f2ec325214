/// How many replica answers a consistency level needs, and whether enough replicas are up.
extension ConsistencyLevel {
    /// Replicas that must answer [count] when each key has `rf` replicas in one region: ONE and
    /// LOCAL_ONE 1, QUORUM, LOCAL_QUORUM and EACH_QUORUM a majority (rf / 2 + 1), ALL rf. With
    /// several regions, ONE, QUORUM and ALL count every region's replicas (`rf` their sum); the
    /// others count per region (`StorageModel.needed`).
    /// - Complexity: O(1).
    func required(replicationFactor rf: Int) -> Int {
        precondition(rf >= 1, "a key has at least one replica")
        switch self {
        case .one, .localOne: return 1
        case .quorum, .localQuorum, .eachQuorum: return rf / 2 + 1
        case .all: return rf
        }
    }

    /// Whether an operation at this level can succeed with `replicasUp` of the key's
    /// `replicationFactor` replicas alive.
    /// - Complexity: O(1).
    func isAvailable(replicasUp: Int, replicationFactor: Int) -> Bool {
        replicasUp >= required(replicationFactor: replicationFactor)
    }
}
