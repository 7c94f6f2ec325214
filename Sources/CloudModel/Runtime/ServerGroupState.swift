import SimKernel

/// A server group: the instances of one version of a deployable, launched together and retired
/// together (immutable deploys). Without a `delivery` block each deployable has exactly one, at
/// the deployable's own index, for the whole run.
struct ServerGroupState {
    /// The deployable it belongs to (`RuntimeModel.deployables`).
    var deployable: Int32
    /// The version it runs: its index in the deployable's delivery versions (0: the first).
    var version: Int32
    /// Instances the group wants alive (booting or in service); 0 once retired.
    var desired: Int
    /// Instances launched and not terminated.
    var alive: Int = 0
    /// Instances the balancer may pick: in service, or failed but not yet detected.
    var pool: [Int32] = []
    var nextRoundRobin = 0
    /// What the bad changes in its version do to its services' calls; empty for a good version.
    var flaws: [Flaw] = []
    /// When a superseded group's `keep_old` ends [ns]; `.max` while none is due.
    var retireAt: SimTime = .max
}

/// What a bad change does to the calls of one service on instances running a version with it.
struct Flaw {
    /// The service, by index in `RuntimeModel.services`.
    var service: Int32
    var effect: BadChangeEffect
    /// The bad change, by index in the delivery's ledger.
    var change: Int32
    /// Whether its code runs: false while its feature flag is off.
    var active = true
}
