import SimKernel

/// Developers, how often they finish changes, and how often a change is bad.
public struct OrganisationSpec: Sendable, Hashable, Codable {
    /// Changes one developer finishes per second [1/s], as a Poisson process around the clock
    /// (working hours are not modelled: a week's changes arrive spread over the week).
    public var changeRate: Double
    /// Chance that a change is bad [ratio].
    public var badChangeProbability: Double
    /// Work to fix a bad change once production shows it is bad [s].
    public var fixTime: Distribution
    public var teams: [TeamSpec]

    public init(changeRate: Double, badChangeProbability: Double, fixTime: Distribution, teams: [TeamSpec]) {
        self.changeRate = changeRate
        self.badChangeProbability = badChangeProbability
        self.fixTime = fixTime
        self.teams = teams
    }

    /// Developers of all teams [count].
    public var developers: Int { teams.reduce(0) { $0 + $1.developers } }
}

/// A team: its developers' changes go to its services, each change to one of them at random.
public struct TeamSpec: Sendable, Hashable, Codable {
    public var name: String
    /// [count], at least 1.
    public var developers: Int
    /// Names of the services it owns, non-empty.
    public var services: [String]

    public init(name: String, developers: Int, services: [String]) {
        self.name = name
        self.developers = developers
        self.services = services
    }
}

/// A feature of the product, deployed alone as a microservice or inside the monolith.
///
/// Its criticality is explicit: a share of user requests call it; when its calls fail, those
/// requests fail, unless the caller has a fallback, in which case they are degraded instead.
/// How the services reach production.
/// One deployable holding every service, released on a train and updated in place.
/// Every service deployed by its team when a change is ready, as an immutable server group
/// with a canary, and rolled back by moving traffic.
public struct MicroserviceDelivery: Sendable, Hashable, Codable {
    /// Launch of a new server group to serving [s].
    public var bootTime: Distribution
    /// Share of the service's traffic the canary group takes during the bake [ratio], in (0, 1).
    public var canaryShare: Double
    /// How long the canary serves before all traffic moves [ns].
    public var bake: SimTime
    /// Decision to roll back to traffic back on the previous group [s].
    public var rollbackTime: Distribution
    /// How long the previous group is kept (and paid for) after all traffic moved [ns].
    public var keepOld: SimTime

    public init(
        bootTime: Distribution, canaryShare: Double, bake: SimTime, rollbackTime: Distribution, keepOld: SimTime
    ) {
        self.bootTime = bootTime
        self.canaryShare = canaryShare
        self.bake = bake
        self.rollbackTime = rollbackTime
        self.keepOld = keepOld
    }
}
