import SimKernel

/// A queueing network of services: the validated, typed description a scenario builds.
///
/// Plain values only; `NetworkModel` turns it into something that runs.
public struct ModelSpec: Sendable, Hashable, Codable {
    /// Services in the order the scenario file lists them.
    public var services: [ServiceSpec]
    /// Request types (endpoints) in file order.
    public var requests: [RequestTypeSpec]

    public init(services: [ServiceSpec], requests: [RequestTypeSpec]) {
        self.services = services
        self.requests = requests
    }
}

/// A service: a pool of identical instances behind a load balancer.
public struct ServiceSpec: Sendable, Hashable, Codable {
    public var name: String
    /// Number of instances [count], at least 1.
    public var instances: Int
    /// Concurrency limit of one instance (requests served at once) [count], at least 1.
    public var servers: Int
    /// Waiting room of one instance [count]; `nil` means unbounded. A request that finds
    /// every server busy and the queue full is rejected.
    public var queueCapacity: Int?
    /// How a request picks one of the service's instances.
    public var routing: Routing

    public init(
        name: String, instances: Int = 1, servers: Int = 1, queueCapacity: Int? = nil,
        routing: Routing = .roundRobin
    ) {
        self.name = name
        self.instances = instances
        self.servers = servers
        self.queueCapacity = queueCapacity
        self.routing = routing
    }
}

/// Load-balancing rule across a service's instances.
public enum Routing: String, Sendable, Hashable, Codable, CaseIterable {
    /// Instances in turn.
    case roundRobin = "round_robin"
    /// The instance with the fewest requests in service or waiting (lowest index on ties).
    case leastOutstanding = "least_outstanding"
    /// An instance drawn uniformly at random.
    case random = "random"
}

/// A request type: open arrivals that visit a sequence of services.
public struct RequestTypeSpec: Sendable, Hashable, Codable {
    public var name: String
    /// Time between arrivals [s].
    public var interarrival: Distribution
    /// The services visited, in order.
    public var path: [CallSpec]

    public init(name: String, interarrival: Distribution, path: [CallSpec]) {
        self.name = name
        self.interarrival = interarrival
        self.path = path
    }
}

/// One visit of a request to a service.
public struct CallSpec: Sendable, Hashable, Codable {
    /// Name of the service called; must be one of `ModelSpec.services`.
    public var service: String
    /// Work the call needs from one server [s].
    public var serviceTime: Distribution
    /// Chance that the request makes this call at all (a cache miss rate, say) [ratio].
    public var probability: Double

    public init(service: String, serviceTime: Distribution, probability: Double = 1) {
        self.service = service
        self.serviceTime = serviceTime
        self.probability = probability
    }
}
