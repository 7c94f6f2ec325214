import Foundation
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

    @Test(
        "mean waiting time, P(wait > 0) and the waiting time's 90th percentile lie inside the 95% CIs around Erlang C",
        arguments: cases)
    func waitingTime(_ testCase: Case) {
        let lambda = testCase.rho * Double(testCase.servers)
        let summaries = summarise(
            mmc(servers: testCase.servers, arrivalRate: lambda),
            metrics: ["waiting_time_mean", "wait_probability", "waiting_time_p90"],
            duration: testCase.duration, warmUp: testCase.duration / 10)
        let mean = QueueingTheory.mmcWaiting(arrivalRate: lambda, serviceRate: 1, servers: testCase.servers)
        let delayed = QueueingTheory.erlangC(servers: testCase.servers, offeredLoad: lambda)
        // P(W > t) = C exp(-(c mu - lambda) t), so the 90th percentile is ln(C / 0.1) / (c mu - lambda)
        // (every case here has C > 0.1).
        let p90 = log(delayed / 0.1) / (Double(testCase.servers) - lambda)
        for (metric, theory) in [("waiting_time_mean", mean), ("wait_probability", delayed), ("waiting_time_p90", p90)] {
            let summary = summaries[metric]!
            #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(metric): \(summary) vs \(theory)")
            // And the interval is informative: narrower than a fifth of the value.
            #expect(summary.halfWidth! < theory / 5, "\(metric)")
        }
    }

    @Test("a request that never queued waits exactly 0 at the median, not the histogram's lowest bucket")
    func waitingPercentilesOfFewWaits() {
        // M/M/4 at rho 0.3: Erlang C is about 0.03, so at least half the requests find a free server.
        let summaries = summarise(
            mmc(servers: 4, arrivalRate: 1.2), metrics: ["waiting_time_p50", "wait_probability"], duration: 2_000,
            warmUp: 100, replications: 2)
        #expect(summaries["waiting_time_p50"]!.mean == 0)
        #expect(summaries["wait_probability"]!.mean > 0 && summaries["wait_probability"]!.mean < 0.1)
    }

    @Test("each of two round-robin instances is busy λ/(2μ) of the time; their mean is the service's utilisation")
    func perInstanceUtilisation() {
        var model = mmc(servers: 1, arrivalRate: 1.2)
        model.services[0].instances = 2
        let summaries = summarise(
            model, metrics: ["server.utilisation", "server.1.utilisation", "server.2.utilisation"], duration: 5_000,
            warmUp: 500, replications: 4)
        for metric in ["server.1.utilisation", "server.2.utilisation"] {
            let summary = summaries[metric]!
            #expect(summary.ci95Low! <= 0.6 && 0.6 <= summary.ci95High!, "\(metric): \(summary)")
        }
        // Equal servers per instance: the service's share is the instances' mean, replication by replication.
        let mean = (summaries["server.1.utilisation"]!.mean + summaries["server.2.utilisation"]!.mean) / 2
        #expect(abs(summaries["server.utilisation"]!.mean - mean) < 1e-12)
    }

    @Test("two request types through one M/M/1 station each see its mean response 1/(μ-λ) (PASTA)")
    func perTypeAtService() {
        let model = ModelSpec(
            services: [ServiceSpec(name: "server")],
            requests: [("a", 0.3), ("b", 0.2)].map { name, rate in
                RequestTypeSpec(
                    name: name, interarrival: .exponential(mean: 1 / rate),
                    path: [CallSpec(service: "server", serviceTime: .exponential(mean: 1))])
            })
        let metrics = ["a.server.response_time_mean", "b.server.response_time_mean", "a.server.completed",
            "b.server.completed", "server.completed"]
        let summaries = summarise(model, metrics: metrics, duration: 20_000, warmUp: 1_000, replications: 6)
        for metric in metrics.prefix(2) {
            let summary = summaries[metric]!
            #expect(summary.ci95Low! <= 2 && 2 <= summary.ci95High!, "\(metric): \(summary)")
        }
        #expect(summaries["a.server.completed"]!.mean + summaries["b.server.completed"]!.mean
            == summaries["server.completed"]!.mean)
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
