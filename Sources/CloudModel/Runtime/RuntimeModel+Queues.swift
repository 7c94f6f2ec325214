import SimKernel

/// A message in a queue: when it was first published, and when it (last) entered the queue.
struct QueuedMessage {
    var published: SimTime
    var enqueued: SimTime
}

/// A message whose handling failed, due back in its queue.
struct Redelivery {
    var due: SimTime
    var published: SimTime
}

/// A message queue (`runtime.queues`): messages published by calls wait in a bounded FIFO; the
/// consumer's in-service instances take them, `concurrency` each at once, and handle each with a
/// root call (`consume`); a failed handling puts the message back after the redelivery delay.
struct QueueState {
    let name: String
    let capacity: Int
    let maxAge: SimTime?
    let concurrency: Int32
    let redeliveryDelay: SimTime
    /// The consume call's node, and the consumer's deployable.
    let root: Int32
    let deployable: Int32
    var waiting = FIFOQueue<QueuedMessage>()
    /// Failed messages on their way back, in due order (one delay for all).
    var redeliveries = FIFOQueue<Redelivery>()
    /// Messages being handled now.
    var handling: Int32 = 0
    /// The zone the next message is handled from, in turn (the consumer balancer's caller zone).
    var nextZone: Int32 = 0
    var measures = QueueMeasures()
}

/// What a queue saw since the warm-up ended.
struct QueueMeasures {
    /// Messages waiting (not those being handled) over time [count].
    var length = TimeWeighted()
    var longest = 0
    /// Messages whose handling failed, waiting out the redelivery delay before they are back in
    /// the queue, over time [count]: a backlog the queue's length does not show.
    var redelivering = TimeWeighted()
    var mostRedelivering = 0
    /// From entering the queue to a consumer taking it [s].
    var wait = Tally()
    /// From publication to handled successfully [s].
    var age = Tally()
    var published = 0
    var dropped = 0
    var expired = 0
    var handled = 0
    var redelivered = 0

    /// Restarts the measures at `time`, the queue holding `waiting` messages and `redelivering`
    /// more due back.
    mutating func restart(at time: SimTime, waiting: Int, redelivering count: Int) {
        self = QueueMeasures()
        length = TimeWeighted(value: Double(waiting), at: time)
        longest = waiting
        redelivering = TimeWeighted(value: Double(count), at: time)
        mostRedelivering = count
    }

    /// One more message (`change` 1) or one fewer (-1) waiting out its redelivery delay.
    mutating func redeliveryBacklog(_ change: Int, now count: Int, at time: SimTime) {
        redelivering.add(Double(change), at: time)
        mostRedelivering = max(mostRedelivering, count)
    }

    func metrics(prefix: String, to end: SimTime) -> [Metric] {
        [
            Metric(prefix + "published", .count, Double(published)),
            Metric(prefix + "dropped", .count, Double(dropped)),
            Metric(prefix + "expired", .count, Double(expired)),
            Metric(prefix + "handled", .count, Double(handled)),
            Metric(prefix + "redelivered", .count, Double(redelivered)),
            Metric(prefix + "length_mean", .count, length.average(at: end)),
            Metric(prefix + "length_max", .count, Double(longest)),
            Metric(prefix + "redelivering_mean", .count, redelivering.average(at: end)),
            Metric(prefix + "redelivering_max", .count, Double(mostRedelivering)),
        ] + Metric.mean(prefix + "wait_mean", wait) + Metric.mean(prefix + "age_mean", age)
    }
}

extension RuntimeModel {
    /// A call publishes a message to queue `queue`: the caller goes on at once; a full queue
    /// drops the message.
    mutating func publish(to queue: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        queues[queue].measures.published += 1
        enqueue(QueuedMessage(published: now, enqueued: now), in: queue, at: now)
        dispatchMessages(queue, in: &simulator)
    }

    /// Puts a message at the tail of the queue, or drops it when the queue is full.
    mutating func enqueue(_ message: QueuedMessage, in queue: Int, at now: SimTime) {
        guard queues[queue].waiting.count < queues[queue].capacity else {
            queues[queue].measures.dropped += 1
            return
        }
        queues[queue].waiting.push(message)
        queues[queue].measures.length.add(1, at: now)
    }

    /// Hands waiting messages to the consumer while it has room: `concurrency` per instance in
    /// service. A message past its `max_age` is dropped as it reaches the head. Called after every
    /// message enqueued, so the longest queue counts only messages that had to wait.
    mutating func dispatchMessages(_ queue: Int, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let room = queues[queue].concurrency * Int32(deployables[Int(queues[queue].deployable)].inService.value)
        while queues[queue].handling < room, let message = queues[queue].waiting.pop() {
            queues[queue].measures.length.add(-1, at: now)
            if let maxAge = queues[queue].maxAge, now - message.published > maxAge {
                queues[queue].measures.expired += 1
                continue
            }
            queues[queue].measures.wait.record((now - message.enqueued).seconds)
            queues[queue].handling += 1
            let zone = queues[queue].nextZone
            queues[queue].nextZone = (zone + 1) % zoneCount
            let call = calls.allocate(
                CallState(
                    node: queues[queue].root, parent: SlotHandle(slot: Self.queueCaller, generation: UInt32(queue)),
                    request: SlotHandle(slot: -1, generation: 0), callerInstance: -1, callerZone: zone, client: -1))
            messagePublished[call.slot] = message.published
            launchAttempt(call.slot, in: &simulator)
        }
        queues[queue].measures.longest = max(queues[queue].measures.longest, queues[queue].waiting.count)
    }

    /// The parent slot of a consume call, its generation the queue's index (a user's root call
    /// has slot -1).
    static let queueCaller: Int32 = -2

    /// A consume call (slot `slot`, released) ended: a success is a handled message, a failure
    /// puts it back after the redelivery delay; either way the consumer has room for another.
    mutating func messageHandled(
        _ slot: Int32, queue: Int, outcome: Outcome, in simulator: inout Simulator<Event>
    ) {
        let now = simulator.now
        let published = messagePublished.removeValue(forKey: slot)!
        queues[queue].handling -= 1
        if outcome.answered {
            queues[queue].measures.handled += 1
            queues[queue].measures.age.record((now - published).seconds)
        } else {
            queues[queue].measures.redelivered += 1
            let due = now + queues[queue].redeliveryDelay
            if queues[queue].redeliveries.isEmpty { simulator.schedule(.redeliveriesDue(queue: Int32(queue)), at: due) }
            queues[queue].redeliveries.push(Redelivery(due: due, published: published))
            queues[queue].measures.redeliveryBacklog(1, now: queues[queue].redeliveries.count, at: now)
        }
        dispatchMessages(queue, in: &simulator)
    }

    /// Failed messages due now go back to the tail of their queue.
    mutating func redeliveriesDue(queue: Int32, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        let index = Int(queue)
        while let next = queues[index].redeliveries.first {
            guard next.due <= now else {
                simulator.schedule(.redeliveriesDue(queue: queue), at: next.due)
                break
            }
            _ = queues[index].redeliveries.pop()
            queues[index].measures.redeliveryBacklog(-1, now: queues[index].redeliveries.count, at: now)
            enqueue(QueuedMessage(published: next.published, enqueued: now), in: index, at: now)
        }
        dispatchMessages(index, in: &simulator)
    }

    /// An instance of `deployable` came into service: the queues it consumes may hand it messages.
    mutating func consumerJoined(_ deployable: Int32, in simulator: inout Simulator<Event>) {
        for queue in queues.indices where queues[queue].deployable == deployable {
            dispatchMessages(queue, in: &simulator)
        }
    }

    /// Each queue's measures, named `QUEUE.metric`.
    func queueMetrics(to end: SimTime) -> [Metric] {
        queues.flatMap { $0.measures.metrics(prefix: $0.name + ".", to: end) }
    }
}
