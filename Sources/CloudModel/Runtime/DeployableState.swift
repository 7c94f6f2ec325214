import SimKernel

/// A deployable: its server groups' settings, which group serves, and its scaling state. A
/// microservice's is its own; a monolith's instances serve all of its services.
struct DeployableState {
    var name: String
    /// A service on its own, whose group figures are reported under the service's name.
    var isMicroservice: Bool
    /// Threads per instance: a call holds one from its start until it answers.
    var servers: Int32
    /// Cores per instance, shared by the calls doing their own work; nil: the threads are the
    /// processor.
    var cores: Double?
    var queueCapacity: Int
    var allowedZones: [Int32]
    var bootTime: Distribution
    var timeToFailure: Distribution?
    var healthCheckDelay: SimTime
    var pricePerHour: Double
    var loadBalancing: LoadBalancing
    var autoscaling: AutoscalingSpec?
    /// Instances at the start, and of each new server group [count].
    var instances: Int
    /// The server group taking all traffic but the canary's (`RuntimeModel.serverGroups`).
    var liveGroup: Int32
    /// The server group of a deploy's canary, -1 for none, and its share of calls [ratio].
    var canaryGroup: Int32 = -1
    var canaryShare = 0.0
    /// During an in-place rollout: the second group (`canaryGroup`) takes calls in proportion to
    /// the instances each group has in service, not a fixed share.
    var sharesByInstances = false
    /// Launches so far, over all its groups; numbers instances in their paths.
    var launched = 0
    var lifecycleStream: RandomStream
    var routingStream: RandomStream
    var lastScalingAction: SimTime = .min
    /// Running integrals for the autoscaler [busy-server ns] (with `cores`, [busy-core ns]),
    /// [in-service-instance ns], and calls that reached an instance, with their values at the
    /// last evaluation.
    var busyServers = TimeWeighted()
    var busyCores = TimeWeighted()
    var inService = TimeWeighted()
    var arrivalsSoFar = 0
    var lastEvaluation: (time: SimTime, busy: Double, inService: Double, arrivals: Int) = (0, 0, 0, 0)

    /// The group of `spec`, whose random streams are named under `REGION.DEPLOYABLE` (for a
    /// microservice, the service's name: the streams it always had).
    init(_ spec: DeployableSpec, liveGroup: Int32, region: String, zones: [String], streams: RandomStreams) {
        let path = "\(region).\(spec.name)"
        let allowed = spec.zones.isEmpty ? zones : spec.zones
        name = spec.name
        isMicroservice = spec.isMicroservice
        servers = Int32(clamping: spec.servers)
        cores = spec.cores
        queueCapacity = spec.queueCapacity ?? .max
        allowedZones = allowed.map { Int32(zones.firstIndex(of: $0)!) }
        bootTime = spec.bootTime
        timeToFailure = spec.timeToFailure
        healthCheckDelay = spec.healthCheckDelay
        pricePerHour = spec.pricePerHour
        loadBalancing = spec.loadBalancing
        autoscaling = spec.autoscaling
        instances = spec.instances
        self.liveGroup = liveGroup
        lifecycleStream = streams.stream("\(path).lifecycle")
        routingStream = streams.stream("\(path).routing")
    }
}
