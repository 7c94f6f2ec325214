import SimKernel

/// A deployable's instance group: its instances, its load-balancer pool and its scaling state.
/// A microservice's is its own; a monolith's instances serve all of its services.
struct DeployableState {
    var name: String
    /// A service on its own, whose group figures are reported under the service's name.
    var isMicroservice: Bool
    var servers: Int32
    var queueCapacity: Int
    var allowedZones: [Int32]
    var bootTime: Distribution
    var timeToFailure: Distribution?
    var healthCheckDelay: SimTime
    var pricePerHour: Double
    var loadBalancing: LoadBalancing
    var autoscaling: AutoscalingSpec?
    /// Instances the group wants alive (booting or in service).
    var desired: Int
    /// Instances launched and not terminated.
    var alive: Int = 0
    /// Instances the balancer may pick: in service, or failed but not yet detected.
    var pool: [Int32] = []
    var nextRoundRobin = 0
    /// Launches so far; numbers instances in their paths.
    var launched = 0
    var lifecycleStream: RandomStream
    var routingStream: RandomStream
    var lastScalingAction: SimTime = .min
    /// Running integrals for the autoscaler [busy-server ns], [in-service-instance ns], and
    /// calls that reached an instance, with their values at the last evaluation.
    var busyServers = TimeWeighted()
    var inService = TimeWeighted()
    var arrivalsSoFar = 0
    var lastEvaluation: (time: SimTime, busy: Double, inService: Double, arrivals: Int) = (0, 0, 0, 0)

    /// The group of `spec`, whose random streams are named under `REGION.DEPLOYABLE` (for a
    /// microservice, the service's name: the streams it always had).
    init(_ spec: DeployableSpec, region: String, zones: [String], streams: RandomStreams) {
        let path = "\(region).\(spec.name)"
        let allowed = spec.zones.isEmpty ? zones : spec.zones
        name = spec.name
        isMicroservice = spec.isMicroservice
        servers = Int32(clamping: spec.servers)
        queueCapacity = spec.queueCapacity ?? .max
        allowedZones = allowed.map { Int32(zones.firstIndex(of: $0)!) }
        bootTime = spec.bootTime
        timeToFailure = spec.timeToFailure
        healthCheckDelay = spec.healthCheckDelay
        pricePerHour = spec.pricePerHour
        loadBalancing = spec.loadBalancing
        autoscaling = spec.autoscaling
        desired = spec.instances
        lifecycleStream = streams.stream("\(path).lifecycle")
        routingStream = streams.stream("\(path).routing")
    }
}
