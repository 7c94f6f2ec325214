import SimKernel

/// The delivery component of a runtime: changes from teams (or a schedule) shipped per
/// deployable as immutable deploys with a canary, on real server groups. Its bookkeeping is the
/// `DeployLedger` the standalone delivery model keeps; its events ride in the runtime's event
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
    }

    let spec: RuntimeDeliverySpec
    var ledger = DeployLedger()
    /// The server group of each version, per deployable (`RuntimeModel.serverGroups`).
    var groupOfVersion: [[Int32]]
    /// The deployables each team owns, by index.
    let teamDeployables: [[Int]]
    let teamStreams: [(changes: RandomStream, bad: RandomStream, target: RandomStream)]
    /// Per deployable: the boot time of its new groups, and its rollback time.
    let deployStreams: [(boot: RandomStream, rollback: RandomStream)]
    /// Per service: the time to fix a bad change of it.
    let fixStreams: [RandomStream]
    /// Ends of user requests that failed, and that were degraded, after the warm-up, in time
    /// order [ns]: what each bad deploy cost users.
    var failedAt: [SimTime] = []
    var degradedAt: [SimTime] = []

    /// Random streams: `REGION.delivery.TEAM.changes|bad|target`, `REGION.DEPLOYABLE.deploy_boot`
    /// and `.rollback`, `REGION.SERVICE.fix`.
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
        teamDeployables = teams.map { team in team.services.map { name in packaging.firstIndex { $0.name == name }! } }
        teamStreams = teams.map { team in
            let path = "\(region).delivery.\(team.name)"
            return (streams.stream(path + ".changes"), streams.stream(path + ".bad"), streams.stream(path + ".target"))
        }
        deployStreams = packaging.map {
            (streams.stream("\(region).\($0.name).deploy_boot"), streams.stream("\(region).\($0.name).rollback"))
        }
        fixStreams = services.map { streams.stream("\(region).\($0).fix") }
    }

    /// Rate at which team `team`'s developers finish changes [1/s].
    func changeRate(team: Int) -> Double {
        guard let organisation = spec.organisation else { return 0 }
        return Double(organisation.teams[team].developers) * organisation.changeRate
    }
}
