import SimKernel

/// A named message queue of a runtime: calls with `publish` put messages in it without waiting
/// for them to be handled, and a consumer service drains it, each message handled by a call to
/// the consumer (`consume`, a root call, as an endpoint's).
public struct QueueSpec: Sendable, Hashable, Codable {
    public var name: String
    /// Most messages waiting; a message published to a full queue is dropped [count].
    public var capacity: Int
    /// A message older than this when it reaches the head of the queue is dropped unhandled
    /// (expired) [ns]; nil: messages wait as long as it takes.
    public var maxAge: SimTime?
    /// Messages each in-service instance of the consumer handles at once [count].
    public var concurrency: Int
    /// A message whose handling failed goes back to the queue after this [ns] (at-least-once
    /// delivery: a failing consumer keeps its messages waiting).
    public var redeliveryDelay: SimTime
    /// The call that handles one message; its `service` is the consumer.
    public var consume: CallNode

    public init(
        name: String, capacity: Int, maxAge: SimTime? = nil, concurrency: Int = 1,
        redeliveryDelay: SimTime = SimTime.nanosecondsPerSecond, consume: CallNode
    ) {
        self.name = name
        self.capacity = capacity
        self.maxAge = maxAge
        self.concurrency = concurrency
        self.redeliveryDelay = redeliveryDelay
        self.consume = consume
    }
}
