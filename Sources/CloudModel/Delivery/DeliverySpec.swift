import SimKernel

/// A software organisation delivering changes to production, and the users who feel the bad
/// ones: the talk's "monolithic vs microservices delivery" table as a model.
///
/// The same features (`services`) are deployed either as one monolith or as independent
/// microservices; the organisation, the traffic and the failure a bad change causes stay the
/// same, so a comparison isolates the delivery process.
public struct DeliverySpec: Sendable, Hashable, Codable {
    /// How user requests are simulated.
    public var traffic: TrafficMode
    /// User requests per second, all features together [1/s].
    public var requestRate: Double
    /// Error ratio of a service's calls while they run code with a bad change [ratio].
    public var badErrorRatio: Double
    public var organisation: OrganisationSpec
    /// The features (services), in file order; every one owned by exactly one team.
    public var services: [DeliveredServiceSpec]
    public var architecture: DeliveryArchitecture
    /// How bad deploys are noticed.
    public var monitoring: MonitoringSpec

    public init(
        traffic: TrafficMode = .rate, requestRate: Double, badErrorRatio: Double, organisation: OrganisationSpec,
        services: [DeliveredServiceSpec], architecture: DeliveryArchitecture, monitoring: MonitoringSpec
    ) {
        self.traffic = traffic
        self.requestRate = requestRate
        self.badErrorRatio = badErrorRatio
        self.organisation = organisation
        self.services = services
        self.architecture = architecture
        self.monitoring = monitoring
    }
}

/// How user requests are simulated.
public enum TrafficMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Failed requests = ∫ rate × user-visible error ratio dt, exact between events: fast over weeks.
    case rate
    /// Poisson arrivals one by one as kernel events, each failing with the error probability of its
    /// moment: a check of `rate`, slow over long horizons.
    case requests
}

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
public struct DeliveredServiceSpec: Sendable, Hashable, Codable {
    public var name: String
    /// Share of user requests that call this service [ratio].
    public var share: Double
    /// Whether callers fall back (degrade) when its calls fail.
    public var fallback: Bool
    /// Instances it runs on as a microservice [count].
    public var instances: Int
    /// Price of one instance [USD/h].
    public var pricePerHour: Double

    public init(name: String, share: Double, fallback: Bool = false, instances: Int = 3, pricePerHour: Double = 0) {
        self.name = name
        self.share = share
        self.fallback = fallback
        self.instances = instances
        self.pricePerHour = pricePerHour
    }

    /// Share of user requests that fail when every call to this service fails [ratio].
    public var criticality: Double { fallback ? 0 : share }
    /// Share of user requests degraded when every call to this service fails [ratio].
    public var degradation: Double { fallback ? share : 0 }
}

/// How the services reach production.
public enum DeliveryArchitecture: Sendable, Hashable, Codable {
    case monolith(MonolithDelivery)
    case microservices(MicroserviceDelivery)
}

/// One deployable holding every service, released on a train and updated in place.
public struct MonolithDelivery: Sendable, Hashable, Codable {
    /// Servers of the monolith [count].
    public var instances: Int
    /// [USD/h] per instance.
    public var pricePerHour: Double
    /// Its release process: train period and offset, QA, batches, hotfix — the same type a
    /// runtime's `train` is, so both models read one description of a release train.
    public var train: ReleaseTrain

    public init(
        instances: Int, pricePerHour: Double = 0, trainPeriod: SimTime, trainOffset: SimTime = 0, qa: Distribution,
        batchSize: Int, batchTime: Distribution, hotfix: Distribution? = nil
    ) {
        self.instances = instances
        self.pricePerHour = pricePerHour
        train = ReleaseTrain(
            trainPeriod: trainPeriod, trainOffset: trainOffset, qa: qa, batchSize: batchSize, batchTime: batchTime,
            hotfix: hotfix)
    }
}

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
