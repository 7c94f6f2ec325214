import SimKernel

/// The delivery component of a runtime: changes from teams (or a schedule) shipped per
/// deployable as immutable deploys with a canary, or on release trains rolled out in place in
/// batches, on real server groups; some dark behind feature flags. Its bookkeeping is a
/// `DeployLedger` (changes, deploys, versions, DORA); its events ride in the runtime's event
/// list (`RuntimeModel.Event.delivery`), and it talks to the rest through few calls: a deploy
/// launches a server group and sets the balancer's canary share; an alert asks for a rollback.
public struct RuntimeDelivery {
    public enum Event {
        /// A developer of team `team` finished a change (Poisson, the team's rate).
        case changeArrives(team: Int32)
        /// The change of `deploys[index]` of the spec is ready.
        case scheduledChange(Int32)
        /// A change rolled back (and fixed, if bad) is ready to ship again.
        case changeReturns(change: Int32)
        /// The new server group of `deploy` has booted: the canary starts.
        case groupBooted(deploy: Int32)
        /// The canary's bake is over: all traffic moves.
        case fullTraffic(deploy: Int32)
        /// A superseded group's `keep_old` is over, if it is still due now.
        case retire(group: Int32)
        /// Traffic is back on version `target` of `deployable`.
        case rolledBack(deployable: Int32, target: Int32)
        /// A release train of `deployable` departs.
        case trainDeparts(deployable: Int32)
        /// A release is past QA, or a hotfix is ready: it waits for the deployable's rollout.
        case releaseReady(deploy: Int32)
        /// The batch of `deploy`'s in-place rollout restarted: its instances serve the new version.
        case batchDone(deploy: Int32)
        /// The flag of `change`, shipped dark by `deploy`, is switched on.
        case flagOn(change: Int32, deploy: Int32)
        /// The flag of `change` is off again, after monitoring's action.
        case flagOff(change: Int32)
    }

    /// An in-place rollout under way: the new version's group, and the batch restarting.
    struct TrainRollout {
        var deploy: Int
        /// The server group the instances move to.
        var group: Int32
        /// Instances of the batch restarting, in the new group, booting until the batch ends.
        var batch: [Int32] = []
        /// Instances the batch took out of service [count].
        var out = 0
        /// When the batch started [ns].
        var batchStart: SimTime = 0
    }

    let spec: RuntimeDeliverySpec
    var ledger = DeployLedger()
    /// The server group of each version, per deployable (`RuntimeModel.serverGroups`).
    var groupOfVersion: [[Int32]]
    /// The deployables each team changes, by index, with the services of each it owns.
    let teamTargets: [[(deployable: Int, services: [Int])]]
    let teamStreams: [(changes: RandomStream, bad: RandomStream, target: RandomStream)]
    /// Per deployable: the boot time of its new groups, and its rollback time.
    let deployStreams: [(boot: RandomStream, rollback: RandomStream)]
    /// Per service: the time to fix a bad change of it.
    let fixStreams: [RandomStream]
    /// The process of each deployable.
    let process: [ReleaseProcess]
    /// Per deployable: QA, batch and hotfix times of its trains.
    let trainStreams: [(qa: RandomStream, batch: RandomStream, hotfix: RandomStream)]
    /// Per service: whether a change of it ships behind a flag, and when the flag is switched on.
    let flagStreams: [RandomStream]
    /// The in-place rollout of each deployable, if one is under way.
    var rollouts: [TrainRollout?]
    /// Instances out of service while their batch restarts, after the warm-up [instance ns].
    var capacityLost = 0.0
    /// The end of the warm-up [ns]: capacity lost before it is not counted.
    var warmUp: SimTime = 0
    /// Bad changes a fix was asked for (roll-forward).
    var fixRequested: Set<Int> = []
    /// The flag record (a ledger deploy) of each flagged change switched on, by change.
    var flagRecords: [Int: Int] = [:]
    /// Flagged changes whose flag is being switched off.
    var flipping: Set<Int> = []
    /// Ends of user requests that failed, and that were degraded, after the warm-up, in time
    /// order: what each bad deploy cost users.
    var failedAt = TimedCounts()
    var degradedAt = TimedCounts()

    /// Random streams: `REGION.delivery.TEAM.changes|bad|target`, `REGION.DEPLOYABLE.deploy_boot`,
    /// `.rollback`, `.qa`, `.batch` and `.hotfix`, `REGION.SERVICE.fix` and `.flag`.
    init(
        spec: RuntimeDeliverySpec, packaging: [DeployableSpec], services: [String], region: String,
        streams: RandomStreams
    ) {
        self.spec = spec
        let index = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($1, $0) })
        ledger.deployables = packaging.map { deployable in
            Deployable(
                name: deployable.name, services: deployable.services.map { index[$0]! },
                instances: deployable.instances, pricePerHour: deployable.pricePerHour)
        }
        groupOfVersion = packaging.indices.map { [Int32($0)] }
        let teams = spec.organisation?.teams ?? []
        // A team owns a deployable by its name (all its services), or a service by its name.
        teamTargets = teams.map { team in
            var owned: [(deployable: Int, services: [Int])] = []
            for name in team.services {
                guard let unit = packaging.firstIndex(where: { $0.name == name || $0.services.contains(name) }) else {
                    continue
                }
                let names = packaging[unit].name == name ? packaging[unit].services : [name]
                let ids = names.map { index[$0]! }
                if let known = owned.firstIndex(where: { $0.deployable == unit }) {
                    owned[known].services += ids.filter { !owned[known].services.contains($0) }
                } else {
                    owned.append((unit, ids))
                }
            }
            return owned
        }
        teamStreams = teams.map { team in
            let path = "\(region).delivery.\(team.name)"
            return (streams.stream(path + ".changes"), streams.stream(path + ".bad"), streams.stream(path + ".target"))
        }
        deployStreams = packaging.map {
            (streams.stream("\(region).\($0.name).deploy_boot"), streams.stream("\(region).\($0.name).rollback"))
        }
        fixStreams = services.map { streams.stream("\(region).\($0).fix") }
        process = packaging.map { spec.process(of: $0.name) }
        trainStreams = packaging.map {
            let path = "\(region).\($0.name)"
            return (streams.stream(path + ".qa"), streams.stream(path + ".batch"), streams.stream(path + ".hotfix"))
        }
        flagStreams = services.map { streams.stream("\(region).\($0).flag") }
        rollouts = Array(repeating: nil, count: packaging.count)
    }

    /// Rate at which team `team`'s developers finish changes [1/s].
    func changeRate(team: Int) -> Double {
        guard let organisation = spec.organisation else { return 0 }
        return Double(organisation.teams[team].developers) * organisation.changeRate
    }
}
