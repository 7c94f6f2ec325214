import SimKernel

extension NetworkModel {
    /// Builds the runnable network from a validated description.
    ///
    /// Random streams are named by component path: `requests.TYPE.arrivals`,
    /// `requests.TYPE.STEP.service_time`, `requests.TYPE.STEP.call` and `services.NAME.routing`,
    /// so changing one component leaves every other component's draws alone.
    public init(spec: ModelSpec, streams: RandomStreams) {
        self.streams = streams
        var serviceIndex: [String: Int32] = [:]
        var services: [Service] = []
        var instances: [Instance] = []
        for service in spec.services {
            serviceIndex[service.name] = Int32(services.count)
            services.append(
                Service(
                    name: service.name, firstInstance: Int32(instances.count),
                    instanceCount: Int32(service.instances), routing: service.routing,
                    routingStream: streams.stream("services.\(service.name).routing")))
            let instance = Instance(servers: Int32(service.servers), queueCapacity: service.queueCapacity ?? .max)
            instances.append(contentsOf: repeatElement(instance, count: service.instances))
        }
        self.services = services
        self.instances = instances
        var steps: [Step] = []
        requestTypes = spec.requests.map { type in
            let prefix = "requests.\(type.name)"
            let first = Int32(steps.count)
            for (index, call) in type.path.enumerated() {
                guard let service = serviceIndex[call.service] else {
                    preconditionFailure("unknown service \(call.service); scenarios are validated first")
                }
                steps.append(
                    Step(
                        service: service, serviceTime: call.serviceTime, probability: call.probability,
                        serviceTimeStream: streams.stream("\(prefix).\(index).service_time"),
                        callStream: streams.stream("\(prefix).\(index).call")))
            }
            return RequestType(
                interarrival: type.interarrival, arrivalStream: streams.stream("\(prefix).arrivals"),
                firstStep: first, endStep: Int32(steps.count))
        }
        self.steps = steps
        requestTypeNames = spec.requests.map(\.name)
        perType = Array(repeating: FlowStatistics(), count: spec.requests.count)
        perService = spec.services.map { ServiceStatistics(instances: $0.instances) }
        perTypeAtService =
            spec.requests.count > 1
            ? Array(repeating: CompletionStatistics(), count: spec.requests.count * spec.services.count) : []
    }

    /// Schedules the first arrival of every request type (after one inter-arrival time) and the
    /// end of the warm-up.
    public mutating func start(in simulator: inout Simulator<Event>, warmUp: SimTime) {
        for (index, type) in requestTypes.enumerated() {
            simulator.schedule(.arrival(requestType: Int32(index)), after: type.interarrival.sampleTime(type.arrivalStream))
        }
        if warmUp > 0 {
            // Priority -1: statistics restart before anything else happening at that instant.
            simulator.schedule(.endWarmUp, at: warmUp, priority: -1)
        }
    }

    /// Everything observed since the warm-up, as metrics: end to end, per request type (when
    /// there are several), per service.
    public func metrics(from start: SimTime, to end: SimTime) -> [Metric] {
        let seconds = (end - start).seconds
        var metrics = endToEnd.metrics(prefix: "", observed: seconds, at: end)
        if perType.count > 1 {
            for (name, statistics) in zip(requestTypeNames, perType) {
                metrics += statistics.metrics(prefix: name + ".", observed: seconds, at: end)
            }
        }
        for (service, statistics) in zip(services, perService) {
            let servers = (service.firstInstance..<(service.firstInstance + service.instanceCount))
                .map { Int(instances[Int($0)].servers) }
            metrics += statistics.metrics(service: service.name, servers: servers, observed: seconds, at: end)
        }
        // What each request type saw at each service it reached: `TYPE.SERVICE.metric`.
        for (type, name) in requestTypeNames.enumerated() where !perTypeAtService.isEmpty {
            for (index, service) in services.enumerated() {
                let visits = perTypeAtService[type * services.count + index]
                guard visits.completed > 0 else { continue }
                metrics.append(Metric("\(name).\(service.name).completed", .count, Double(visits.completed)))
                metrics += visits.metrics(prefix: "\(name).\(service.name).")
            }
        }
        return metrics
    }

    /// Requests arrived and not yet finished.
    public var requestsInFlight: Int { requests.count - freeRequests.count }

    /// Slots in the request pool: the most requests ever in flight at once.
    public var requestPoolSize: Int { requests.count }
}
