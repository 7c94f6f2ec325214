import SimKernel

/// The talk's product development timelines (non-cloud, IaaS, PaaS, SaaS): ideas pass a chain of
/// stages — business need, approval, hardware purchase, development, deployment and testing,
/// customer feedback — each done by a team, handed from team to team.
public struct ProductDevelopmentSpec: Sendable, Hashable, Codable {
    /// Time between ideas [s].
    public var ideaInterarrival: Distribution
    /// Stages in order; an idea gets its customer feedback when it leaves the last.
    public var stages: [DevelopmentStage]

    public init(ideaInterarrival: Distribution, stages: [DevelopmentStage]) {
        self.ideaInterarrival = ideaInterarrival
        self.stages = stages
    }
}

/// One stage: a hand-off to the team (documents, tickets, meetings), then a wait for one of the
/// team's `capacity` slots (first come, first served), then the work.
public struct DevelopmentStage: Sendable, Hashable, Codable {
    /// Name in reports, e.g. `approval`.
    public var name: String
    /// Work on one idea once the team takes it [s].
    public var duration: Distribution
    /// Ideas the team works on at once; nil for as many as come (no queue).
    public var capacity: Int?
    /// Delay before the team can take the idea up [s].
    public var handoff: Distribution

    public init(name: String, duration: Distribution, capacity: Int? = nil, handoff: Distribution = .constant(0)) {
        self.name = name
        self.duration = duration
        self.capacity = capacity
        self.handoff = handoff
    }
}
