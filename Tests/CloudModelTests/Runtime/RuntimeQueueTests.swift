@testable import CloudModel
import SimKernel
import Testing

@Suite("Runtime: message queues")
struct RuntimeQueueTests {
    /// `front` publishes one message to `jobs` per request (`rate` a second) and answers at once;
    /// `worker` (its instances, its work) handles the messages, `concurrency` each at once.
    static func published(
        rate: Double, work: Distribution, workers: Int = 1, concurrency: Int = 1, capacity: Int = 1_000_000,
        maxAge: SimTime? = nil, chaos: [ChaosSpec] = []
    ) -> RuntimeSpec {
        let front = CallNode(service: "front", work: .constant(0), children: [CallNode(publishTo: "jobs")])
        var spec = RuntimeSpec(
            zones: ["a"],
            services: [
                RuntimeServiceSpec(name: "front", instances: 1, servers: 1000),
                RuntimeServiceSpec(name: "worker", instances: workers, servers: 1000),
            ],
            endpoints: [EndpointSpec(name: "orders", arrivals: .constant(rate), root: front)], chaos: chaos)
        spec.queues = [
            QueueSpec(
                name: "jobs", capacity: capacity, maxAge: maxAge, concurrency: concurrency,
                consume: CallNode(service: "worker", work: work))
        ]
        return spec
    }

    @Test("one consumer, exponential work, Poisson publishes: M/M/1 queue length and wait inside the CI")
    func mm1() {
        let (lambda, mu) = (8.0, 10.0)
        let spec = Self.published(rate: lambda, work: .exponential(mean: 1 / mu))
        let runs = (0..<10).map { seed in runRuntime(spec, seconds: 1100, warmUp: 100, seed: UInt64(seed)).metrics }
        let waiting = QueueingTheory.mmcWaiting(arrivalRate: lambda, serviceRate: mu, servers: 1)
        let wait = ReplicationSummary(runs.map { $0["jobs.wait_mean"]! })
        let length = ReplicationSummary(runs.map { $0["jobs.length_mean"]! })
        // Wq = ρ/(μ − λ) = 0.4 s; Lq = λ Wq = 3.2 (Little).
        #expect(wait.ci95Low! <= waiting && waiting <= wait.ci95High!, "\(wait)")
        #expect(length.ci95Low! <= lambda * waiting && lambda * waiting <= length.ci95High!, "\(length)")
        // The publisher does not wait: requests answer at once.
        #expect(runs.allSatisfy { $0["response_time_mean"]! == 0 && $0["jobs.dropped"]! == 0 })
        // One message at a time: at most one straddles the warm-up's end, one the run's.
        #expect(runs.allSatisfy { abs($0["worker.calls"]! - $0["jobs.handled"]!) <= 1 })
    }

    @Test("a full queue drops what is published; a message past its max age expires unhandled")
    func dropsAndExpiry() {
        // 10/s published, at most 2/s handled: the queue stays full.
        let full = runRuntime(Self.published(rate: 10, work: .constant(0.5), capacity: 5), seconds: 100).metrics
        #expect(full["jobs.length_max"]! == 5)
        #expect(full["jobs.dropped"]! > 0.7 * full["jobs.published"]!)
        #expect(full["jobs.published"]! == full["requests"]!)
        let old = runRuntime(
            Self.published(rate: 10, work: .constant(0.5), capacity: 100, maxAge: SimTime(seconds: 3)), seconds: 100
        ).metrics
        #expect(old["jobs.expired"]! > 0.5 * old["jobs.published"]!)
        #expect(old["jobs.wait_mean"]! <= 3)
    }

    @Test("killed consumers back the queue up; messages wait, then drain once instances are replaced")
    func backUp() {
        var spec = Self.published(
            rate: 5, work: .constant(0.01), chaos: [.killInstances(service: "worker", count: 1, at: at(10))])
        spec.services[1].healthCheckDelay = SimTime(seconds: 20)
        spec.services[1].bootTime = .constant(10)
        let (model, metrics) = runRuntime(spec, seconds: 100)
        let lengths = model.timeseries.points.filter { $0.entity == "jobs" && $0.metric == "queue_length" }
        // Down from 10 s to 40 s (detected at 30 s, booted 10 s later): about 150 messages wait.
        let peak = lengths.map(\.value).max()!
        #expect(peak > 120 && peak < 180)
        #expect(lengths.last!.value == 0)
        #expect(metrics["jobs.wait_mean"]! > 1)
        #expect(metrics["jobs.handled"]! >= metrics["jobs.published"]! - 2)
        #expect(model.invariantViolations().isEmpty)
    }

    @Test("an erroring consumer fails its messages, which come back after the redelivery delay")
    func redelivery() {
        let spec = Self.published(
            rate: 5, work: .constant(0.01),
            chaos: [.errors(service: "worker", probability: 1, from: at(10), to: at(20))])
        let (model, metrics) = runRuntime(spec, seconds: 60)
        #expect(metrics["jobs.redelivered"]! > 100)
        #expect(metrics["jobs.handled"]! >= metrics["jobs.published"]! - 2)
        #expect(metrics["availability"]! == 1)
        // Every message published from 10 s to 20 s fails at once and waits out the 1 s delay,
        // again and again: by 20 s about 5/s × 10 s = 50 are waiting to come back (Poisson, so
        // within 4 σ ≈ 28), none in the queue itself; by the end, none.
        #expect(abs(metrics["jobs.redelivering_max"]! - 50) < 28)
        #expect(metrics["jobs.length_max"]! < 10)
        #expect(metrics["jobs.redelivering_mean"]! > 0)
        let backlog = model.timeseries.points.filter { $0.entity == "jobs" && $0.metric == "redelivering" }
        #expect(backlog.map(\.value).max()! > 20)
        #expect(backlog.last!.value == 0)
    }
}
