import SimKernel

/// Delivery inside a runtime (`runtime.delivery`): teams finish changes to the deployables they
/// own, and each deployable ships them as immutable deploys with a canary — new server groups
/// of real instances, taking a share of real calls — rolled back when monitoring alerts.
///
/// The organisation and the deploy settings are the standalone `delivery:` kind's types; here a
/// team's `services` name the deployables it owns.
public struct RuntimeDeliverySpec: Sendable, Hashable, Codable {
    /// Teams and their changes; nil: changes come only from `deploys`.
    public var organisation: OrganisationSpec?
    /// Boot time of a new server group, canary share and bake, rollback time, how long the old
    /// group is kept.
    public var immutable: MicroserviceDelivery
    /// What a bad change does to the calls of the service it changes.
    public var bad: BadChangeEffect
    /// Changes ready at fixed times, in file order: one deploy each, unless one is in progress.
    public var deploys: [ScheduledDeploy]

    public init(
        organisation: OrganisationSpec? = nil, immutable: MicroserviceDelivery, bad: BadChangeEffect,
        deploys: [ScheduledDeploy] = []
    ) {
        self.organisation = organisation
        self.immutable = immutable
        self.bad = bad
        self.deploys = deploys
    }

    /// Work to fix a bad change after its deploy was rolled back [s].
    public var fixTime: Distribution { organisation?.fixTime ?? .constant(3_600) }
}

/// What a bad change does to each call of its service on an instance running it: with
/// probability `shareOfCalls` the call is hit; a hit call works `extraLatency` longer and then
/// fails with probability `errorRatio`.
public struct BadChangeEffect: Sendable, Hashable, Codable {
    /// [ratio] of hit calls that fail.
    public var errorRatio: Double
    /// Extra work of a hit call [s]; nil for none.
    public var extraLatency: Distribution?
    /// [ratio] of the service's calls that are hit.
    public var shareOfCalls: Double

    public init(errorRatio: Double = 1, extraLatency: Distribution? = nil, shareOfCalls: Double = 1) {
        self.errorRatio = errorRatio
        self.extraLatency = extraLatency
        self.shareOfCalls = shareOfCalls
    }
}

/// A change ready at a fixed time, shipped by the same deploy process as teams' changes.
public struct ScheduledDeploy: Sendable, Hashable, Codable {
    public var deployable: String
    /// When the change is ready [ns].
    public var at: SimTime
    public var bad: Bool
    /// The service it changes; nil: the deployable's first.
    public var service: String?

    public init(deployable: String, at: SimTime, bad: Bool, service: String? = nil) {
        self.deployable = deployable
        self.at = at
        self.bad = bad
        self.service = service
    }
}
