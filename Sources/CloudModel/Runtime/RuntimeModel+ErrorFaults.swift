import SimKernel

/// A fault that makes a service's calls fail: an `errors` chaos item, or one incident of a
/// `random_errors` item. It ends at its own end (an `errors` item's `to`, an incident's drawn
/// `duration`) or when repaired after an alert (`runtime.monitoring.repair`), whichever comes
/// first.
struct ErrorFault {
    /// Position of its chaos item in `RuntimeSpec.chaos`.
    var chaosIndex: Int32
    /// Its number among its `random_errors` item's incidents, from 1; 0 for an `errors` item.
    var incident: Int32
    var service: Int32
    /// Share of the service's calls it fails.
    var probability: Double
    var start: SimTime
    /// When it ended (healed or repaired); nil while in force or not yet started.
    var ended: SimTime? = nil
    var active = false
    /// Whether a repair is on its way (one per fault, from the first action on it).
    var repairing = false
    /// End-to-end failed requests counted when it started and when it ended.
    var failedAtStart = 0
    var failedAtEnd = 0
}

/// Error faults in the runtime. Faults on one service combine as independent causes: a call
/// fails unless every fault in force spares it, so the service's chaos error probability is
/// 1 − ∏(1 − pᵢ) over them. Incidents of a `random_errors` item arrive as a Poisson process drawn
/// from the item's own stream (`REGION.chaos.N.incidents`, N its position from 1), so the
/// schedule of incidents does not depend on what else the run does.
extension RuntimeModel {
    /// Schedules the start and end of `errors` item `index`.
    mutating func scheduleErrors(
        _ index: Int, service: String, probability: Double, from: SimTime, to: SimTime,
        in simulator: inout Simulator<Event>
    ) {
        let fault = Int32(errorFaults.count)
        errorFaults.append(
            ErrorFault(chaosIndex: Int32(index), incident: 0, service: serviceIndex(service), probability: probability, start: from))
        simulator.schedule(.errorFaultStarts(fault), at: from)
        simulator.schedule(.errorFaultEnds(fault), at: to)
    }

    /// The first incident of `random_errors` item `index`.
    mutating func scheduleFirstIncident(_ index: Int, incidents: RandomIncidents, in simulator: inout Simulator<Event>) {
        let stream = streams.stream("\(spec.region).chaos.\(index + 1).incidents")
        incidentStreams[index] = stream
        let gap = Distribution.exponential(mean: 1 / incidents.rate).sampleTime(stream)
        simulator.schedule(.incidentArrives(chaos: Int32(index)), after: gap)
    }

    /// An incident of `random_errors` item `index` starts now: its share of failed calls and its
    /// healing time are drawn, and the next incident is scheduled.
    @inline(never)
    mutating func incidentArrives(chaos index: Int32, in simulator: inout Simulator<Event>) {
        guard case .randomErrors(let name, let incidents) = spec.chaos[Int(index)], let stream = incidentStreams[Int(index)]
        else { preconditionFailure("incident of chaos item \(index), not random_errors") }
        let probability = incidents.minErrorRatio + (incidents.maxErrorRatio - incidents.minErrorRatio) * stream.uniform()
        let heals = incidents.duration.map { $0.sampleTime(stream) }
        let number = Int32(errorFaults.count { $0.chaosIndex == index } + 1)
        let fault = Int32(errorFaults.count)
        errorFaults.append(
            ErrorFault(
                chaosIndex: index, incident: number, service: serviceIndex(name), probability: probability,
                start: simulator.now))
        errorFaultStarts(fault, at: simulator.now)
        if let heals { simulator.schedule(.errorFaultEnds(fault), after: heals) }
        let gap = Distribution.exponential(mean: 1 / incidents.rate).sampleTime(stream)
        simulator.schedule(.incidentArrives(chaos: index), after: gap)
    }

    @inline(never)
    mutating func errorFaultStarts(_ fault: Int32, at now: SimTime) {
        chaosWindowOpens(at: now)
        errorFaults[Int(fault)].active = true
        errorFaults[Int(fault)].failedAtStart = statistics.endToEnd.failedTotal
        updateChaosErrors(of: errorFaults[Int(fault)].service)
    }

    /// Ends the fault now, unless it already ended (healed before its repair, or repaired
    /// before its own end).
    @inline(never)
    mutating func errorFaultEnds(_ fault: Int32, at now: SimTime) {
        guard errorFaults[Int(fault)].active else { return }
        chaosWindowCloses(at: now)
        errorFaults[Int(fault)].active = false
        errorFaults[Int(fault)].ended = now
        errorFaults[Int(fault)].failedAtEnd = statistics.endToEnd.failedTotal
        updateChaosErrors(of: errorFaults[Int(fault)].service)
    }

    private mutating func updateChaosErrors(of service: Int32) {
        var spared = 1.0
        for fault in errorFaults where fault.active && fault.service == service { spared *= 1 - fault.probability }
        services[Int(service)].chaosErrorProbability = 1 - spared
    }

    /// The action on an alert of `service` repairs its error faults in force: each ends after its
    /// own draw of `repair` (unless it heals first).
    mutating func repairErrorFaults(of service: Int32, repair: Distribution, in simulator: inout Simulator<Event>) {
        for fault in errorFaults.indices
        where errorFaults[fault].active && !errorFaults[fault].repairing && errorFaults[fault].service == service {
            errorFaults[fault].repairing = true
            simulator.schedule(.errorFaultEnds(Int32(fault)), after: repair.sampleTime(repairStream))
        }
    }

    /// The error faults on watched services, as monitoring judges alerts against them: each spans
    /// its start to its end (or `end`, the run's, while still in force).
    func monitoredErrorFaults(watched: Set<Int32>, until end: SimTime) -> [MonitoredFault] {
        errorFaults.compactMap { fault in
            guard watched.contains(fault.service), fault.start < end else { return nil }
            let kind = fault.incident == 0 ? "errors" : "random_errors"
            var monitored = MonitoredFault(
                chaosIndex: Int(fault.chaosIndex), kind: kind, start: fault.start, end: fault.ended ?? end,
                services: [fault.service])
            monitored.incident = Int(fault.incident)
            if let ended = fault.ended {
                monitored.restored = ended
                monitored.failedRequests = fault.failedAtEnd - fault.failedAtStart
            }
            return monitored
        }
    }
}
