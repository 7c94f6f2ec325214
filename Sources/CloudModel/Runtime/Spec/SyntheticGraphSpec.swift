import SimKernel

/// Parameters of a generated "death star": services in layers, each calling a few services of
/// the next layer, placed over every zone. `SyntheticGraph.generate` turns it into services and
/// one endpoint.
public struct SyntheticGraphSpec: Sendable, Hashable, Codable {
    /// Services in all, at least `layers`.
    public var services: Int
    /// Layers of the call tree (depth), at least 1; layer 0 is the single edge service.
    public var layers: Int
    /// Distinct services of the next layer each service calls, at least 1.
    public var fanOut: Int
    /// Instances per service.
    public var instancesPerService: Int
    /// Servers (threads) per instance.
    public var servers: Int
    /// Cores per instance [count, fractions allowed]; nil: the threads are the processor.
    public var cores: Double?
    /// Work of every call [s].
    public var work: Distribution
    /// Requests per second entering the edge.
    public var arrivalRate: Double
    /// Price of one instance [USD/h].
    public var pricePerHour: Double
    /// Client policy on every generated call.
    public var client: ClientPolicy

    public init(
        services: Int, layers: Int, fanOut: Int, instancesPerService: Int = 3, servers: Int = 8, cores: Double? = nil,
        work: Distribution = .exponential(mean: 0.002), arrivalRate: Double, pricePerHour: Double = 0,
        client: ClientPolicy = ClientPolicy()
    ) {
        self.services = services
        self.layers = layers
        self.fanOut = fanOut
        self.instancesPerService = instancesPerService
        self.servers = servers
        self.cores = cores
        self.work = work
        self.arrivalRate = arrivalRate
        self.pricePerHour = pricePerHour
        self.client = client
    }
}
