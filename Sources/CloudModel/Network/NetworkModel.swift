import SimKernel

/// An open queueing network: request types arrive, visit a sequence of services, and leave.
///
/// Each instance has `servers` concurrent slots and a FIFO queue (bounded or not). State is kept
/// in flat arrays of values and requests live in a recycled pool, so memory grows with requests
/// in flight, not with events processed.
public struct NetworkModel: EventHandler {
    public enum Event {
        /// The next request of a type arrives.
        case arrival(requestType: Int32)
        /// An instance finishes serving a request.
        case completion(instance: Int32, request: Int32)
        /// Statistics restart: the warm-up is over.
        case endWarmUp
    }

    struct Request {
        var type: Int32
        /// Index into `steps` of the call in progress (before the first: `firstStep - 1`).
        var step: Int32
        var instance: Int32
        var arrival: SimTime
        var stepArrival: SimTime
        var serviceStart: SimTime
        /// Waiting summed over the steps done so far.
        var totalWaited: SimTime
    }

    struct Step {
        var service: Int32
        var serviceTime: Distribution
        var probability: Double
        var serviceTimeStream: RandomStream
        var callStream: RandomStream
    }

    struct RequestType {
        var interarrival: Distribution
        var arrivalStream: RandomStream
        /// This type's calls are `steps[firstStep..<endStep]`.
        var firstStep: Int32
        var endStep: Int32
    }

    struct Instance {
        var servers: Int32
        var busy: Int32 = 0
        var queueCapacity: Int
        var queue = FIFOQueue<Int32>()
    }

    struct Service {
        var name: String
        var firstInstance: Int32
        var instanceCount: Int32
        var routing: Routing
        var routingStream: RandomStream
        var nextRoundRobin: Int32 = 0
    }

    let streams: RandomStreams
    var requestTypes: [RequestType]
    /// The calls of every request type, one flat array so the hot path copies no arrays.
    var steps: [Step]
    var requestTypeNames: [String]
    var services: [Service]
    var instances: [Instance]
    var requests: ContiguousArray<Request> = []
    var freeRequests: [Int32] = []

    var endToEnd = FlowStatistics()
    var perType: [FlowStatistics]
    var perService: [ServiceStatistics]
    /// What each request type saw at each service, `type * services.count + service`, when there
    /// are several types.
    var perTypeAtService: [CompletionStatistics]

    // MARK: Events

    public mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) {
        switch event {
        case .arrival(let type):
            arrive(type: type, in: &simulator)
        case .completion(let instance, let request):
            complete(request: request, at: instance, in: &simulator)
        case .endWarmUp:
            restartStatistics(at: simulator.now)
        }
    }

    mutating func arrive(type: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let gap = requestTypes[Int(type)].interarrival.sampleTime(requestTypes[Int(type)].arrivalStream)
        simulator.schedule(.arrival(requestType: type), after: gap)
        let request = Request(
            type: type, step: requestTypes[Int(type)].firstStep - 1, instance: -1, arrival: now, stepArrival: now,
            serviceStart: now, totalWaited: 0)
        let slot: Int32
        if let free = freeRequests.popLast() {
            slot = free
            requests[Int(slot)] = request
        } else {
            slot = Int32(requests.count)
            requests.append(request)
        }
        endToEnd.recordArrival(at: now)
        if perType.count > 1 { perType[Int(type)].recordArrival(at: now) }
        advance(slot, in: &simulator)
    }

    /// Sends a request to its next step that is taken, or finishes it.
    mutating func advance(_ slot: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let end = Int(requestTypes[Int(requests[Int(slot)].type)].endStep)
        var step = Int(requests[Int(slot)].step) + 1
        while step < end, !steps[step].callStream.bernoulli(steps[step].probability) {
            step += 1
        }
        guard step < end else {
            finish(slot, rejected: false, at: now)
            return
        }
        let service = Int(steps[step].service)
        let instance = route(service)
        requests[Int(slot)].step = Int32(step)
        requests[Int(slot)].instance = instance
        requests[Int(slot)].stepArrival = now
        perService[service].arrivals += 1
        if instances[Int(instance)].busy < instances[Int(instance)].servers {
            instances[Int(instance)].busy += 1
            perService[service].serverBusy(1, instance: Int(instance - services[service].firstInstance), at: now)
            startService(slot, at: instance, in: &simulator)
        } else if instances[Int(instance)].queue.count < instances[Int(instance)].queueCapacity {
            instances[Int(instance)].queue.push(slot)
            perService[service].queueLength.add(1, at: now)
        } else {
            perService[service].rejected += 1
            finish(slot, rejected: true, at: now)
        }
    }

    /// A server of `instance` (already counted busy) begins work on the request.
    mutating func startService(_ slot: Int32, at instance: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let step = Int(requests[Int(slot)].step)
        requests[Int(slot)].serviceStart = now
        requests[Int(slot)].totalWaited += now - requests[Int(slot)].stepArrival
        let work = steps[step].serviceTime.sampleTime(steps[step].serviceTimeStream)
        simulator.schedule(.completion(instance: instance, request: slot), after: work)
    }

    mutating func complete(request slot: Int32, at instance: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let request = requests[Int(slot)]
        let service = Int(steps[Int(request.step)].service)
        let response = now - request.stepArrival, waited = request.serviceStart - request.stepArrival
        perService[service].served.record(response: response, waited: waited)
        if !perTypeAtService.isEmpty {
            perTypeAtService[Int(request.type) * services.count + service].record(response: response, waited: waited)
        }
        if let next = instances[Int(instance)].queue.pop() {
            perService[service].queueLength.add(-1, at: now)
            startService(next, at: instance, in: &simulator)
        } else {
            instances[Int(instance)].busy -= 1
            perService[service].serverBusy(-1, instance: Int(instance - services[service].firstInstance), at: now)
        }
        advance(slot, in: &simulator)
    }

    /// Picks one of the service's instances by its routing rule.
    mutating func route(_ service: Int) -> Int32 {
        let first = services[service].firstInstance
        let count = services[service].instanceCount
        guard count > 1 else { return first }
        switch services[service].routing {
        case .roundRobin:
            let offset = services[service].nextRoundRobin
            services[service].nextRoundRobin = offset + 1 == count ? 0 : offset + 1
            return first + offset
        case .random:
            return first + Int32(services[service].routingStream.integer(below: Int(count)))
        case .leastOutstanding:
            var best = first
            var bestLoad = Int.max
            for index in first..<(first + count) {
                let load = Int(instances[Int(index)].busy) + instances[Int(index)].queue.count
                if load < bestLoad {
                    best = index
                    bestLoad = load
                }
            }
            return best
        }
    }

    // MARK: Bookkeeping

    mutating func finish(_ slot: Int32, rejected: Bool, at now: SimTime) {
        let request = requests[Int(slot)]
        let type = Int(request.type)
        let response = now - request.arrival
        endToEnd.record(response: response, waited: request.totalWaited, rejected: rejected, at: now)
        if perType.count > 1 {
            perType[type].record(response: response, waited: request.totalWaited, rejected: rejected, at: now)
        }
        freeRequests.append(slot)
    }

    mutating func restartStatistics(at time: SimTime) {
        endToEnd.restart(at: time)
        for index in perType.indices { perType[index].restart(at: time) }
        for index in perService.indices { perService[index].restart(at: time) }
        for index in perTypeAtService.indices { perTypeAtService[index].reset() }
    }
}

extension FlowStatistics {
    mutating func recordArrival(at now: SimTime) {
        arrivals += 1
        inSystem.add(1, at: now)
    }

    mutating func record(response: SimTime, waited: SimTime, rejected: Bool, at now: SimTime) {
        inSystem.add(-1, at: now)
        if rejected {
            self.rejected += 1
            return
        }
        served.record(response: response, waited: waited)
    }
}
