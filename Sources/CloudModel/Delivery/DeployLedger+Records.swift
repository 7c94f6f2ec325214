import SimKernel

/// One change a developer finished: the unit of lead time.
struct Change {
    /// Index of the service (feature) it changes.
    var service: Int
    /// When it was ready to ship [ns]; kept when it returns after a rollback.
    var readyAt: SimTime
    /// Whether it breaks its service once it serves traffic.
    var bad: Bool
    /// When the deploy carrying it last moved all traffic [ns]; cleared by a rollback.
    var servingAt: SimTime?
    /// The bad change this one fixes (monolith roll-forward), if any.
    var fixes: Int?
    /// Shipped dark behind a feature flag: its code does nothing until the flag is on.
    var flagged = false
    /// Its flag is on (its code meets users).
    var flagOn = false
}

/// One code version of a deployable: the bad changes it contains and not yet fixed, and its
/// server group's life (immutable deploys launch a group per version).
struct Version {
    /// Ids of bad changes in it, not fixed.
    var openBad: Set<Int>
    /// Launch of its server group [ns].
    var launchedAt: SimTime
    /// Termination of its server group [ns]; `.max` while it lives.
    var terminatedAt: SimTime = .max
}

/// One deploy, one row of `deploys.csv`.
struct DeployRecord {
    var deployable: Int
    var changes: [Int]
    /// The bad changes among them.
    var badChanges: [Int]
    /// Whether it carries a bad change.
    var bad: Bool { !badChanges.isEmpty }
    /// A monolith hotfix (skips the train and QA).
    var hotfix = false
    /// Rollout start (monolith) or new group launch (microservices) [ns].
    var start: SimTime?
    /// Canary takes traffic [ns].
    var canary: SimTime?
    /// All traffic on the new version [ns].
    var full: SimTime?
    /// First user traffic on the new version [ns].
    var exposedAt: SimTime?
    /// The monitoring alert for the incident it opened [ns].
    var alertAt: SimTime?
    /// The reaction to that alert [ns].
    var actionAt: SimTime?
    /// No bad change of it serves traffic any more [ns].
    var restoredAt: SimTime?
    /// Traffic moved back off it (microservices).
    var rolledBack = false
    /// Index of its version in its deployable.
    var version: Int?
    /// A feature flag switched on rather than code deployed: its one change meets users at
    /// `exposedAt`, and `restoredAt` is the flag off.
    var flag = false
}

/// A unit of deployment: the monolith, or one microservice.
struct Deployable {
    /// Name used in paths and rows: `monolith`, or the service's name.
    var name: String
    /// Indices of the services it holds.
    var services: [Int]
    var instances: Int
    var pricePerHour: Double
    /// Changes ready and waiting to ship, in arrival order.
    var queue: [Int] = []
    var versions: [Version]
    /// The version serving (all traffic but `nextShare`).
    var live = 0
    /// The version being rolled in, and its share of traffic.
    var next: Int? = nil
    var nextShare = 0.0
    /// The deploy in progress, if any (holds the pipeline: one deploy at a time).
    var deploying: Int? = nil
    /// Deploys ready to roll out, in order (monolith: releases past QA, hotfixes first).
    var waiting: [Int] = []
    /// Traffic is moving back to an earlier version (holds the pipeline).
    var rollingBack = false
    /// A detection's action is scheduled for this deployable.
    var actionPending = false
    /// Versions that served all traffic, in order (rollback targets).
    var liveHistory: [Int] = [0]
    /// Deploys that exposed traffic, in order (so also in version order).
    var exposed: [Int] = []
    /// Exposed bad deploys not yet restored.
    var openIncidents: [Int] = []

    init(name: String, services: [Int], instances: Int, pricePerHour: Double) {
        self.name = name
        self.services = services
        self.instances = instances
        self.pricePerHour = pricePerHour
        versions = [Version(openBad: [], launchedAt: 0)]
    }

    /// Whether `version` breaks service `service`, given every change's service.
    func breaks(_ version: Int, service: Int, changes: [Change]) -> Bool {
        versions[version].openBad.contains { changes[$0].service == service }
    }
}
