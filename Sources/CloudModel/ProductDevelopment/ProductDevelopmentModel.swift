import SimKernel

/// A discrete-event simulation of ideas flowing through a `ProductDevelopmentSpec`.
///
/// Random streams: `ideas.arrival`, and `stage.NAME.handoff` and `stage.NAME.work` per stage.
public struct ProductDevelopmentModel: EventHandler {
    public enum Event {
        /// A new idea.
        case idea
        /// Idea `idea` has been handed to stage `stage` and joins its queue.
        case handedOff(idea: Int, stage: Int)
        /// Stage `stage` has finished its work on idea `idea`.
        case finished(idea: Int, stage: Int)
        /// Statistics restart.
        case warmUpEnds
    }

    let spec: ProductDevelopmentSpec
    let warmUp: SimTime
    private let arrivals: RandomStream
    private let handoffStreams: [RandomStream]
    private let workStreams: [RandomStream]
    /// Arrival time of each idea, by idea number [ns].
    private var arrivalTimes: [SimTime] = []
    /// Per stage: ideas waiting for a slot with the time they joined [ns], first come first
    /// served (from `queueHeads` on), and slots in use.
    private var queues: [[(idea: Int, joined: SimTime)]]
    private var queueHeads: [Int]
    private var busy: [Int]
    /// Time from idea to customer feedback of each idea that arrived after the warm-up [s].
    private(set) var leadTimes: [Double] = []
    /// Waits for a slot per stage [s], of ideas that arrived after the warm-up.
    private(set) var waits: [Tally]
    /// Ideas between arrival and feedback.
    private(set) var inProgress = TimeWeighted()
    /// Ideas that got feedback after the warm-up (whenever they arrived).
    private(set) var completed = 0

    public init(spec: ProductDevelopmentSpec, streams: RandomStreams, warmUp: SimTime) {
        self.spec = spec
        self.warmUp = warmUp
        arrivals = streams.stream("ideas.arrival")
        handoffStreams = spec.stages.map { streams.stream("stage.\($0.name).handoff") }
        workStreams = spec.stages.map { streams.stream("stage.\($0.name).work") }
        queues = spec.stages.map { _ in [] }
        queueHeads = spec.stages.map { _ in 0 }
        busy = spec.stages.map { _ in 0 }
        waits = spec.stages.map { _ in Tally() }
    }

    public mutating func start(in simulator: inout Simulator<Event>) {
        simulator.schedule(.idea, after: spec.ideaInterarrival.sampleTime(arrivals))
        if warmUp > 0 { simulator.schedule(.warmUpEnds, at: warmUp) }
    }

    public mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) {
        let now = simulator.now
        switch event {
        case .idea:
            arrivalTimes.append(now)
            inProgress.add(1, at: now)
            handOff(arrivalTimes.count - 1, to: 0, in: &simulator)
            simulator.schedule(.idea, after: spec.ideaInterarrival.sampleTime(arrivals))
        case .handedOff(let idea, let stage):
            queues[stage].append((idea, now))
            startWork(at: stage, in: &simulator)
        case .finished(let idea, let stage):
            busy[stage] -= 1
            startWork(at: stage, in: &simulator)
            if stage + 1 < spec.stages.count {
                handOff(idea, to: stage + 1, in: &simulator)
            } else {
                inProgress.add(-1, at: now)
                if now >= warmUp { completed += 1 }
                guard arrivalTimes[idea] >= warmUp else { return }
                leadTimes.append(Double(now - arrivalTimes[idea]) / 1e9)
            }
        case .warmUpEnds:
            inProgress.restart(at: now)
        }
    }

    private mutating func handOff(_ idea: Int, to stage: Int, in simulator: inout Simulator<Event>) {
        let delay = spec.stages[stage].handoff.sampleTime(handoffStreams[stage])
        simulator.schedule(.handedOff(idea: idea, stage: stage), after: delay)
    }

    /// Starts work on waiting ideas while the team has a free slot.
    private mutating func startWork(at stage: Int, in simulator: inout Simulator<Event>) {
        let capacity = spec.stages[stage].capacity ?? .max
        while busy[stage] < capacity, queueHeads[stage] < queues[stage].count {
            let (idea, joined) = queues[stage][queueHeads[stage]]
            queueHeads[stage] += 1
            busy[stage] += 1
            if arrivalTimes[idea] >= warmUp { waits[stage].record(Double(simulator.now - joined) / 1e9) }
            let work = spec.stages[stage].duration.sampleTime(workStreams[stage])
            simulator.schedule(.finished(idea: idea, stage: stage), after: work)
        }
    }
}
