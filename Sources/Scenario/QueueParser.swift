import CloudModel
import SimKernel
import Yams

/// Message queues of a runtime (`runtime.queues`) and calls that publish to one.
extension NodeReader {
    /// Every key a queue may have.
    static let queueKeys = ["capacity", "max_age", "concurrency", "redelivery_delay", "consume"]

    /// Every key a call that publishes to a queue may have.
    static let publishCallKeys = ["publish", "probability", "repeat"]

    /// One queue; `scope` holds the names its consume call may use.
    func queue(_ entry: Entry, scope: CallScope) -> QueueSpec? {
        let name = name(entry.key, what: "a queue name")
        let place = "queue `\(entry.name)`"
        let expected = "a mapping with `capacity:` and `consume:`"
        guard let mapping = mapping(entry.value, what: place, expected: expected) else { return nil }
        let fields = fields(of: entry.value, mapping, place: place, allowed: Self.queueKeys)
        let capacity = required("capacity", in: fields).flatMap { wholeNumber($0, key: "capacity", atLeast: 1) }
        let maxAge = optionalSetting("max_age", in: fields) { simTime($0, key: "max_age", positive: true) }
        let defaults = QueueSpec(name: "", capacity: 1, consume: CallNode(service: "", work: .constant(0)))
        let concurrency = optional("concurrency", in: fields, default: defaults.concurrency) {
            wholeNumber($0, key: "concurrency", atLeast: 1)
        }
        let redelivery = optional("redelivery_delay", in: fields, default: defaults.redeliveryDelay) {
            simTime($0, key: "redelivery_delay", positive: true)
        }
        var queueScope = scope
        queueScope.tree = place
        queueScope.rootCaller = "the queue, which"
        queueScope.rootRule = "every message taken from the queue is handled by its root call"
        let consume = required("consume", in: fields).flatMap {
            call($0, place: "the consume call of \(place)", caller: nil, scope: queueScope)
        }
        guard let name, let capacity, let maxAge, let concurrency, let redelivery, let consume else { return nil }
        return QueueSpec(
            name: name, capacity: capacity, maxAge: maxAge, concurrency: concurrency, redeliveryDelay: redelivery,
            consume: consume)
    }

    /// A call that publishes a message to a queue (`fields` has `publish:`); `queues` (nil when
    /// they could not be read) are those it may name.
    func publishCall(_ fields: Fields, place: String, isRoot: Bool, queues: [String]?) -> CallNode? {
        let queueNode = fields["publish"]!
        let queue = reference(queueNode, key: "publish", kind: "queue", among: queues)
        let applies = onlyKeys(
            Self.publishCallKeys, in: fields, of: "\(place), a message published to queue `\(text(of: queueNode))`")
        if isRoot {
            report("\(place) may not publish to a queue: a root call calls a service", at: queueNode)
            return nil
        }
        let probability = optional("probability", in: fields, default: 1) { ratio($0, key: "probability") }
        guard applies, let queue, let probability else { return nil }
        return CallNode(publishTo: queue, probability: probability)
    }

    /// Reports queue names that clash with another entity's (each names an entity of the
    /// results): a service's, an endpoint's or a storage cluster's.
    func reportQueueClashes(_ queues: [Entry], others: [(kind: String, entries: [Entry])], generated: [String]) {
        for queue in queues {
            for (kind, entries) in others {
                if let other = entries.first(where: { $0.name == queue.name }) {
                    reportSameName(queue, kind: "queue", otherKind: kind, givenAt: other.key)
                }
            }
            if generated.contains(queue.name) {
                reportSameName(queue, kind: "queue", otherKind: "service", givenAt: nil)
            }
        }
    }
}
