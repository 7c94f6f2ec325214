import SimKernel
import Testing

@testable import CloudModel

@Suite("Product development: ideas through team stages")
struct ProductDevelopmentTests {
    static let day = 86_400.0

    static func metric(_ name: String, _ result: ReplicationResult) -> Double {
        result.metrics.first { $0.name == name }?.value ?? .nan
    }

    static func run(_ spec: ProductDevelopmentSpec, days: Double, replication: Int = 0) -> ReplicationResult {
        ProductDevelopmentReplication.run(
            spec,
            settings: RunSettings(
                seed: 3, replication: replication, duration: SimTime(seconds: days * day), warmUp: 0))
    }

    @Test("constant stages and hand-offs without queues: every idea takes their sum")
    func constantPipeline() {
        let spec = ProductDevelopmentSpec(
            ideaInterarrival: .exponential(mean: Self.day),
            stages: [
                DevelopmentStage(name: "need", duration: .constant(2 * Self.day), handoff: .constant(Self.day)),
                DevelopmentStage(name: "build", duration: .constant(3 * Self.day), handoff: .constant(Self.day)),
            ])
        let result = Self.run(spec, days: 100)
        // 1 + 2 + 1 + 3 days, for every idea.
        #expect(Self.metric("idea_to_feedback_mean", result) == 7 * Self.day)
        #expect(Self.metric("idea_to_feedback_p95", result) == 7 * Self.day)
        #expect(Self.metric("ideas_completed", result) > 80)
    }

    @Test("one slot, work longer than the time between ideas: idea k waits, taking k + 2 days")
    func queueAtATeam() {
        // Ideas at 1, 2, 3… days; 2 days of work each on one slot: idea k (from 0) finishes at
        // 1 + 2(k + 1) and arrived at k + 1, so it takes 2k + 2 − k = k + 2 days.
        let spec = ProductDevelopmentSpec(
            ideaInterarrival: .constant(Self.day),
            stages: [DevelopmentStage(name: "team", duration: .constant(2 * Self.day), capacity: 1)])
        let result = Self.run(spec, days: 20.5)
        // Finished by 20.5 days: ideas 0…8 (idea 8 at 19 days); mean of k + 2 over k = 0…8 is 6 days.
        #expect(Self.metric("ideas_completed", result) == 9)
        #expect(Self.metric("idea_to_feedback_mean", result) == 6 * Self.day)
        // Idea k waits k days for the slot; ideas 0…9 have started by then (idea 9 at 19 days).
        #expect(Self.metric("team.wait_mean", result) == 4.5 * Self.day)
    }

    @Test("exponential stages without queues: mean idea-to-feedback is the sum of the means, within the CI")
    func exponentialStages() {
        let spec = ProductDevelopmentSpec(
            ideaInterarrival: .exponential(mean: Self.day),
            stages: [
                DevelopmentStage(name: "a", duration: .exponential(mean: 2 * Self.day)),
                DevelopmentStage(name: "b", duration: .exponential(mean: 5 * Self.day), handoff: .constant(Self.day)),
            ])
        let means = (0..<10).map { Self.metric("idea_to_feedback_mean", Self.run(spec, days: 400, replication: $0)) }
        let summary = ReplicationSummary(means)
        let halfWidth = summary.halfWidth ?? .infinity
        #expect(abs(summary.mean - 8 * Self.day) < halfWidth, "\(summary.mean / Self.day) days ± \(halfWidth / Self.day)")
        #expect(halfWidth < 0.5 * Self.day)
    }
}
