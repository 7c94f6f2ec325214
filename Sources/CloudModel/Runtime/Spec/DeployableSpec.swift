import SimKernel

/// What ships and runs as one unit: a group of identical instances ("cattle") spread over zones,
/// serving every service packaged in it.
///
/// A service not packaged explicitly is its own deployable (a microservice), with the group
/// settings of its `RuntimeServiceSpec`; a monolith packages several. Calls between services of
/// one deployable are in-process: no network, no client policy, on the caller's server.
public struct DeployableSpec: Sendable, Hashable, Codable {
    public var name: String
    /// The services it packages, at least one.
    public var services: [String]
    /// Instances at the start (autoscaling may change the count) [count], at least 1.
    public var instances: Int
    /// Zones the group places instances in; empty means every zone of the region.
    public var zones: [String]
    /// Requests one instance serves at once [count]: its threads, each held by a call from its
    /// start until it answers, waiting on children included; an in-process call uses its caller's.
    public var servers: Int
    /// Processor cores of one instance [count, fractions allowed], shared by the calls doing their
    /// own work (`RuntimeModel` processor sharing); nil: the threads are the processor, as a
    /// call's work then only needs its server.
    public var cores: Double?
    /// Waiting room per instance [count]; nil is unbounded.
    public var queueCapacity: Int?
    /// Launch to in-service [s].
    public var bootTime: Distribution
    /// In-service to failure [s]; nil: instances never fail by themselves.
    public var timeToFailure: Distribution?
    /// Failure to leaving the load balancer's pool: the health check's detection delay [ns].
    public var healthCheckDelay: SimTime
    /// Price of one instance [USD/h].
    public var pricePerHour: Double
    /// How callers pick an instance.
    public var loadBalancing: LoadBalancing
    public var autoscaling: AutoscalingSpec?

    public init(
        name: String, services: [String], instances: Int = 1, zones: [String] = [], servers: Int = 1,
        cores: Double? = nil, queueCapacity: Int? = nil, bootTime: Distribution = .constant(60),
        timeToFailure: Distribution? = nil,
        healthCheckDelay: SimTime = 10 * SimTime.nanosecondsPerSecond, pricePerHour: Double = 0,
        loadBalancing: LoadBalancing = .zoneAware, autoscaling: AutoscalingSpec? = nil
    ) {
        self.name = name
        self.services = services
        self.instances = instances
        self.zones = zones
        self.servers = servers
        self.cores = cores
        self.queueCapacity = queueCapacity
        self.bootTime = bootTime
        self.timeToFailure = timeToFailure
        self.healthCheckDelay = healthCheckDelay
        self.pricePerHour = pricePerHour
        self.loadBalancing = loadBalancing
        self.autoscaling = autoscaling
    }

    /// A service on its own: the deployable named after it, with its group settings.
    public init(microservice service: RuntimeServiceSpec) {
        self.init(
            name: service.name, services: [service.name], instances: service.instances, zones: service.zones,
            servers: service.servers, cores: service.cores, queueCapacity: service.queueCapacity,
            bootTime: service.bootTime,
            timeToFailure: service.timeToFailure, healthCheckDelay: service.healthCheckDelay,
            pricePerHour: service.pricePerHour, loadBalancing: service.loadBalancing, autoscaling: service.autoscaling)
    }

    /// Whether it is a service on its own, so its group figures are reported under the service.
    public var isMicroservice: Bool { services == [name] }
}

extension RuntimeSpec {
    /// Every deployable of the runtime: those `deployables` gives, and each service packaged in
    /// none on its own. Ordered by their first service in `services` order, so a runtime without
    /// `deployables` has one per service in service order (and the instances, paths and random
    /// streams it always had).
    public var packaging: [DeployableSpec] {
        var owner: [String: Int] = [:]
        for (index, deployable) in deployables.enumerated() {
            for service in deployable.services { owner[service] = index }
        }
        var placed = Set<Int>()
        var packaging: [DeployableSpec] = []
        for service in services {
            if let index = owner[service.name] {
                if placed.insert(index).inserted { packaging.append(deployables[index]) }
            } else {
                packaging.append(DeployableSpec(microservice: service))
            }
        }
        return packaging
    }
}
