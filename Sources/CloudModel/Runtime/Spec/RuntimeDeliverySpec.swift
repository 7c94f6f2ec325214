import SimKernel

/// Delivery inside a runtime (`runtime.delivery`): teams finish changes to the deployables they
/// own, and each deployable ships them as immutable deploys with a canary — new server groups
/// of real instances, taking a share of real calls — rolled back when monitoring alerts.
///
/// A team's `services` name the services (or deployables) it owns.
public struct RuntimeDeliverySpec: Sendable, Hashable, Codable {
    /// Teams and their changes; nil: changes come only from `deploys`.
    public var organisation: OrganisationSpec?
    /// Boot time of a new server group, canary share and bake, rollback time, how long the old
    /// group is kept; nil when no deployable deploys immutably.
    public var immutable: MicroserviceDelivery?
    /// Release trains with in-place rollouts in batches; nil when no deployable rides a train.
    public var train: ReleaseTrain?
    /// The process of every deployable not named in `releases`.
    public var release: ReleaseProcess
    /// Deployables whose process is not `release`, by name.
    public var releases: [String: ReleaseProcess]
    /// What a bad change does to the calls of the service it changes.
    public var bad: BadChangeEffect
    /// Changes ready at fixed times, in file order: one deploy each, unless one is in progress.
    public var deploys: [ScheduledDeploy]
    /// Changes shipped dark behind a feature flag; nil: none.
    public var flags: FeatureFlags?

    public init(
        organisation: OrganisationSpec? = nil, immutable: MicroserviceDelivery? = nil, train: ReleaseTrain? = nil,
        release: ReleaseProcess? = nil, releases: [String: ReleaseProcess] = [:], bad: BadChangeEffect,
        deploys: [ScheduledDeploy] = [], flags: FeatureFlags? = nil
    ) {
        self.organisation = organisation
        self.immutable = immutable
        self.train = train
        self.release = release ?? (immutable == nil && train != nil ? .train : .immutable)
        self.releases = releases
        self.bad = bad
        self.deploys = deploys
        self.flags = flags
    }

    /// Work to fix a bad change after its deploy was rolled back [s].
    public var fixTime: Distribution { organisation?.fixTime ?? .constant(3_600) }

    /// The process deployable `name` ships with.
    public func process(of name: String) -> ReleaseProcess { releases[name] ?? release }
}

/// How a deployable ships its changes.
public enum ReleaseProcess: String, Sendable, Hashable, Codable, CaseIterable {
    /// Changes board a release train; the release rolls out in place, batch by batch.
    case train
    /// Each change (or those that waited together) ships as a new server group with a canary.
    case immutable
}

/// A release train: departures, QA, an in-place rollout in batches, and a hotfix path. A
/// runtime's `train`.
public struct ReleaseTrain: Sendable, Hashable, Codable {
    /// Time between train departures [ns].
    public var trainPeriod: SimTime
    /// First departure [ns], in [0, period).
    public var trainOffset: SimTime
    /// Integration and QA of a release after its train departs [s].
    public var qa: Distribution
    /// Instances taken out of service and restarted on the new version at once [count], ≥ 1.
    public var batchSize: Int
    /// Restart of one batch [s].
    public var batchTime: Distribution
    /// Detection action to the start of a hotfix rollout carrying the fix [s]; nil: fixes wait
    /// for a train (ready `fix_time` after the action).
    public var hotfix: Distribution?

    public init(
        trainPeriod: SimTime, trainOffset: SimTime = 0, qa: Distribution, batchSize: Int, batchTime: Distribution,
        hotfix: Distribution? = nil
    ) {
        self.trainPeriod = trainPeriod
        self.trainOffset = trainOffset
        self.qa = qa
        self.batchSize = batchSize
        self.batchTime = batchTime
        self.hotfix = hotfix
    }
}


/// Feature flags: a share of changes ships dark (deployed, inactive) and is switched on
/// `enableAfter` once its deploy serves all traffic; a bad one is switched off in `flipTime`.
public struct FeatureFlags: Sendable, Hashable, Codable {
    /// [ratio] of changes shipped behind a flag.
    public var share: Double
    /// Full traffic on the change's deploy to its flag on [s].
    public var enableAfter: Distribution
    /// Monitoring's action to the flag off [ns].
    public var flipTime: SimTime

    public init(share: Double, enableAfter: Distribution, flipTime: SimTime) {
        self.share = share
        self.enableAfter = enableAfter
        self.flipTime = flipTime
    }
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
