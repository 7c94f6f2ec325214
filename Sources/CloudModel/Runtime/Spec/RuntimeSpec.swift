import SimKernel

/// A cloud runtime: services of instances spread over availability zones, serving endpoints
/// whose requests fan out into trees of calls, with client-side resilience and chaos.
///
/// Plain values only, validated by the scenario layer; `RuntimeModel` runs it.
public struct RuntimeSpec: Sendable, Hashable, Codable {
    /// Region name, the first element of every component path (`us-east-1.a.api.3`); with
    /// `regions`, the first region's, which names the world's random streams.
    public var region: String
    /// Availability zones, e.g. `["a", "b", "c"]`; at least one. With `regions`, every region's
    /// zones in file order (zone names are unique across regions).
    public var zones: [String]
    /// The regions of a multi-region runtime (`runtime.regions`), each with its zones; empty for
    /// one region, `region` with `zones`.
    public var regions: [RegionSpec]
    /// A region's entry service without an instance in service to its users going to another
    /// region: the DNS health check and record's TTL [ns].
    public var dnsFailover: SimTime
    /// Network delay of one message between two instances.
    public var network: NetworkSpec
    /// Services in file order.
    public var services: [RuntimeServiceSpec]
    /// Services packaged together, in file order; a service in none is its own deployable
    /// (`packaging` lists them all).
    public var deployables: [DeployableSpec]
    /// Endpoints (request types) in file order.
    public var endpoints: [EndpointSpec]
    /// Storage clusters that calls may target, in file order.
    public var storage: [RuntimeStorageSpec]
    /// Message queues that calls may publish to, in file order.
    public var queues: [QueueSpec] = []
    /// Failures injected on a schedule.
    public var chaos: [ChaosSpec]
    /// Width of one time bucket of `timeseries.csv` [ns].
    public var timeseriesResolution: SimTime
    /// Datapoints of the watched services through a metric pipeline to alerts; nil for none.
    public var monitoring: RuntimeMonitoringSpec?
    /// Teams' changes shipped as immutable deploys with a canary; nil for none.
    public var delivery: RuntimeDeliverySpec?
    /// Steady stretches accounted from a sample instead of request by request; nil: every
    /// request is simulated.
    public var fastForward: FastForwardSpec?
    /// A response time users count as good [ns]: requests answered within it are reported as
    /// `within_target` (a share of all requests, failures counting against it) and `goodput`;
    /// nil for none.
    public var latencyTarget: SimTime? = nil

    public init(
        region: String = "us-east-1", zones: [String], regions: [RegionSpec] = [],
        dnsFailover: SimTime = 60 * SimTime.nanosecondsPerSecond, network: NetworkSpec = NetworkSpec(),
        services: [RuntimeServiceSpec], deployables: [DeployableSpec] = [], endpoints: [EndpointSpec],
        storage: [RuntimeStorageSpec] = [], chaos: [ChaosSpec] = [],
        timeseriesResolution: SimTime = SimTime.nanosecondsPerSecond, monitoring: RuntimeMonitoringSpec? = nil,
        delivery: RuntimeDeliverySpec? = nil, fastForward: FastForwardSpec? = nil
    ) {
        self.region = region
        self.zones = zones
        self.regions = regions
        self.dnsFailover = dnsFailover
        self.network = network
        self.services = services
        self.deployables = deployables
        self.endpoints = endpoints
        self.storage = storage
        self.chaos = chaos
        self.timeseriesResolution = timeseriesResolution
        self.monitoring = monitoring
        self.delivery = delivery
        self.fastForward = fastForward
    }
}

/// A region of a multi-region runtime: its zones, and the share of users who start in it.
public struct RegionSpec: Sendable, Hashable, Codable {
    public var name: String
    /// Availability zones, unique across the runtime's regions; at least one.
    public var zones: [String]
    /// Share of each endpoint's users whose requests start in this region [ratio].
    public var traffic: Double

    public init(name: String, zones: [String], traffic: Double) {
        self.name = name
        self.zones = zones
        self.traffic = traffic
    }
}

extension RuntimeSpec {
    /// The regions the world runs in: `regions`, or the one region `region` with `zones`.
    public var regionList: [RegionSpec] {
        regions.isEmpty ? [RegionSpec(name: region, zones: zones, traffic: 1)] : regions
    }

    /// The region of each zone (`zones` order), by index in `regionList`.
    public var zoneRegions: [Int] {
        regionList.enumerated().flatMap { index, region in region.zones.map { _ in index } }
    }
}

/// The runtime's fast path over weeks (`runtime.fast_forward`). Whatever decides how requests
/// are served — versions and flaws taking traffic and their shares, instances in service,
/// zones, faults — is the world's *regime*. After each change of regime every request is
/// simulated for `settle`, then for `sample` more while the run measures what a second of this
/// regime produces (outcomes, latencies, calls, retries, breaker activity, datapoints). From
/// then on, until the regime changes again, requests are not simulated one by one: each stretch
/// of time gets counts drawn from those rates — Poisson arrivals at the schedule's exact rate,
/// multinomial outcomes, latencies drawn from the sample's histogram — and monitoring gets
/// datapoints drawn the same way, so an alert can still end the stretch. A regime seen before
/// reuses its sample: only `settle` is simulated again.
///
/// Deploys of good versions change no regime (a canary of the same code serves as the old
/// group does), so weeks of routine delivery cost only their events.
public struct FastForwardSpec: Sendable, Hashable, Codable {
    /// Simulated request by request after a change of regime, before sampling [ns].
    public var settle: SimTime
    /// Simulated request by request to measure a new regime's rates [ns].
    public var sample: SimTime

    public init(settle: SimTime = 30 * SimTime.nanosecondsPerSecond, sample: SimTime = 60 * SimTime.nanosecondsPerSecond) {
        self.settle = settle
        self.sample = sample
    }
}

/// A storage cluster of a runtime, in the runtime's zones and on its network: the cluster a
/// storage scenario describes, with a name that calls target.
public struct RuntimeStorageSpec: Sendable, Hashable, Codable {
    public var name: String
    public var cluster: StorageClusterSpec

    public init(name: String, cluster: StorageClusterSpec) {
        self.name = name
        self.cluster = cluster
    }
}

/// One-way message delay between instances [s].
public struct NetworkSpec: Sendable, Hashable, Codable {
    /// Both ends in the same zone.
    public var intraZone: Distribution
    /// Ends in different zones of one region.
    public var crossZone: Distribution
    /// Ends in different regions.
    public var crossRegion: Distribution

    public init(
        intraZone: Distribution = .lognormal(mu: -8.517193191416238, sigma: 0.5),  // median 0.2 ms
        crossZone: Distribution = .lognormal(mu: -7.013115794639964, sigma: 0.5),  // median 0.9 ms
        crossRegion: Distribution = .lognormal(mu: -2.8134107167600364, sigma: 0.2)  // median 60 ms
    ) {
        self.intraZone = intraZone
        self.crossZone = crossZone
        self.crossRegion = crossRegion
    }
}

/// A stateless service: a group of identical instances ("cattle") spread over zones.
///
/// The group settings (all but `name` and `errorProbability`) describe the service's own
/// deployable; a service packaged in a `DeployableSpec` runs on that deployable's instances and
/// its own group settings are not used.
public struct RuntimeServiceSpec: Sendable, Hashable, Codable {
    public var name: String
    /// Instances at the start (autoscaling may change the count) [count], at least 1.
    public var instances: Int
    /// Zones the group places instances in; empty means every zone of every region.
    public var zones: [String]
    /// Requests one instance serves at once [count]: its threads (`DeployableSpec.servers`).
    public var servers: Int
    /// Processor cores of one instance [count, fractions allowed]; nil: the threads are the
    /// processor (`DeployableSpec.cores`).
    public var cores: Double?
    /// Waiting room per instance [count]; nil is unbounded.
    public var queueCapacity: Int?
    /// Launch to in-service [s].
    public var bootTime: Distribution
    /// In-service to failure [s]; nil: instances never fail by themselves.
    public var timeToFailure: Distribution?
    /// Failure to leaving the load balancer's pool: the health check's detection delay [ns].
    /// Until then the balancer still sends requests, which fail.
    public var healthCheckDelay: SimTime
    /// Price of one instance [USD/h].
    public var pricePerHour: Double
    /// How callers pick an instance.
    public var loadBalancing: LoadBalancing
    /// Share of calls that fail by themselves (a bug rate) [ratio].
    public var errorProbability: Double
    public var autoscaling: AutoscalingSpec?

    public init(
        name: String, instances: Int = 1, zones: [String] = [], servers: Int = 1, cores: Double? = nil,
        queueCapacity: Int? = nil, bootTime: Distribution = .constant(60), timeToFailure: Distribution? = nil,
        healthCheckDelay: SimTime = 10 * SimTime.nanosecondsPerSecond, pricePerHour: Double = 0,
        loadBalancing: LoadBalancing = .zoneAware, errorProbability: Double = 0,
        autoscaling: AutoscalingSpec? = nil
    ) {
        self.name = name
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
        self.errorProbability = errorProbability
        self.autoscaling = autoscaling
    }
}

/// Load-balancing rule of a service's callers.
public enum LoadBalancing: String, Sendable, Hashable, Codable, CaseIterable {
    /// Least-outstanding among healthy instances in the caller's zone; other zones (paying
    /// cross-zone latency) when the local zone has none, or all local ones are saturated
    /// (every server busy and a queue longer than the servers).
    case zoneAware = "zone_aware"
    /// Healthy instances in turn, any zone.
    case roundRobin = "round_robin"
    /// The healthy instance with the fewest requests, any zone.
    case leastOutstanding = "least_outstanding"
}

/// Target tracking for a service group.
public struct AutoscalingSpec: Sendable, Hashable, Codable {
    /// Instances never fewer / more than these (booting ones count).
    public var minInstances: Int
    public var maxInstances: Int
    /// What the group keeps near its target.
    public var target: Target
    /// How often the policy looks at the metric, which is averaged over that period [ns].
    public var evaluationPeriod: SimTime
    /// After a scaling action, no other action for this long [ns].
    public var cooldown: SimTime
    /// A new instance may not be removed before it has served this long [ns].
    public var scaleInProtection: SimTime

    public enum Target: Sendable, Hashable, Codable {
        /// Busy servers / servers of in-service instances [ratio].
        case utilisation(Double)
        /// Requests arriving per in-service instance [1/s].
        case requestsPerInstance(Double)
    }

    public init(
        minInstances: Int, maxInstances: Int, target: Target, evaluationPeriod: SimTime = 60 * SimTime.nanosecondsPerSecond,
        cooldown: SimTime = 300 * SimTime.nanosecondsPerSecond, scaleInProtection: SimTime = 0
    ) {
        self.minInstances = minInstances
        self.maxInstances = maxInstances
        self.target = target
        self.evaluationPeriod = evaluationPeriod
        self.cooldown = cooldown
        self.scaleInProtection = scaleInProtection
    }
}
