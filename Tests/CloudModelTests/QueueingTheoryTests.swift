import CloudModel
import SimKernel
import Testing

@Suite("Queueing network against closed forms")
struct QueueingTheoryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var servers: Int
        var rho: Double
        /// Simulated seconds per replication (service times have mean 1 s).
        var duration: Double
        var testDescription: String { "M/M/\(servers) at rho \(rho)" }
    }

    static let cases = [
        Case(servers: 1, rho: 0.5, duration: 20_000),
        Case(servers: 1, rho: 0.8, duration: 40_000),
        // Near saturation the queue forgets its past slowly (relaxation ~ 1/(1 - sqrt(rho))^2 ≈ 1600
        // service times), so these runs are longer.
        Case(servers: 1, rho: 0.95, duration: 200_000),
        Case(servers: 4, rho: 0.5, duration: 5_000),
        Case(servers: 4, rho: 0.8, duration: 10_000),
        Case(servers: 4, rho: 0.95, duration: 50_000),
    ]

    @Test("mean waiting time lies inside the 95% CI around the Erlang C value", arguments: cases)
    func waitingTime(_ testCase: Case) {
        let lambda = testCase.rho * Double(testCase.servers)
        let summary = summarise(
            mmc(servers: testCase.servers, arrivalRate: lambda), metric: "waiting_time_mean",
            duration: testCase.duration, warmUp: testCase.duration / 10)
        let theory = QueueingTheory.mmcWaiting(arrivalRate: lambda, serviceRate: 1, servers: testCase.servers)
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
        // And the interval is informative: narrower than a fifth of the value.
        #expect(summary.halfWidth! < theory / 5)
    }

    @Test("Little's law: time-average number in system = throughput × mean response time")
    func littlesLaw() throws {
        let model = mmc(servers: 2, arrivalRate: 1.6)
        let result = Replication.run(
            model, settings: RunSettings(seed: 5, replication: 0, duration: SimTime(seconds: 50_000), warmUp: 0))
        let l = value(of: "in_system_mean", in: result)
        let lambda = value(of: "throughput", in: result)
        let w = value(of: "response_time_mean", in: result)
        // Only requests still in the system at the end separate the two sides.
        #expect(abs(l - lambda * w) / l < 0.01, "L \(l) vs lambda W \(lambda * w)")
    }

    @Test("M/M/1/K rejects the closed-form share of arrivals")
    func blocking() {
        // Queue capacity 3 plus one in service: K = 4 places.
        let summary = summarise(
            mmc(servers: 1, arrivalRate: 0.9, queueCapacity: 3), metric: "rejection_ratio", duration: 20_000,
            warmUp: 100)
        let theory = QueueingTheory.mm1kBlocking(rho: 0.9, places: 4)
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }

    @Test("tandem of M/M/1 stations: mean response is the Jackson-network sum")
    func tandem() {
        let lambda = 0.5
        let rates = [1.0, 0.8, 2.0]
        let model = ModelSpec(
            services: rates.indices.map { ServiceSpec(name: "s\($0)") },
            requests: [
                RequestTypeSpec(
                    name: "job", interarrival: .exponential(mean: 1 / lambda),
                    path: rates.indices.map { CallSpec(service: "s\($0)", serviceTime: .exponential(mean: 1 / rates[$0])) })
            ])
        let summary = summarise(model, metric: "response_time_mean", duration: 20_000, warmUp: 1_000)
        let theory = rates.reduce(0) { $0 + 1 / ($1 - lambda) }
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }
}
