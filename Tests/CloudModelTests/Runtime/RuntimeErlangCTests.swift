import SimKernel
import Testing

@testable import CloudModel

/// The runtime reduced to one queue: a single instance of one service with c servers,
/// exponential work and no network is an M/M/c queue, whose mean response time is Erlang C's.
@Suite("Runtime against Erlang C")
struct RuntimeErlangCTests {
    @Test("one service, no network, ρ = 0.8: mean response inside the 95% CI of Erlang C", arguments: [1, 4])
    func mmc(servers: Int) {
        let mu = 10.0  // work of mean 100 ms
        let lambda = 0.8 * Double(servers) * mu
        let spec = RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [RuntimeServiceSpec(name: "server", instances: 1, servers: servers)],
            endpoints: [
                EndpointSpec(
                    name: "customer", arrivals: .constant(lambda),
                    root: CallNode(service: "server", work: .exponential(mean: 1 / mu)))
            ])
        let means = ParallelRunner.map(count: 10, workers: 2) { replication in
            let run = RuntimeReplication.run(
                spec, settings: RunSettings(seed: 11, replication: replication, duration: at(200), warmUp: at(20)))
            return run.metrics.first { $0.name == "response_time_mean" }!.value
        }
        let summary = ReplicationSummary(means)
        // W = Wq + 1/μ: 0.4 s for c = 1, about 0.1 + 0.0596 s for c = 4.
        let theory = QueueingTheory.mmcWaiting(arrivalRate: lambda, serviceRate: mu, servers: servers) + 1 / mu
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }
}
