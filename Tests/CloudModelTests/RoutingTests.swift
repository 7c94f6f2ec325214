import CloudModel
import SimKernel
import Testing

@Suite("Routing and optional calls")
struct RoutingTests {
    func run(_ model: ModelSpec, seconds: Double = 20_000) -> ReplicationResult {
        Replication.run(
            model, settings: RunSettings(seed: 9, replication: 0, duration: SimTime(seconds: seconds), warmUp: 0))
    }

    @Test("random routing splits Poisson arrivals into independent M/M/1 queues")
    func randomSplit() {
        var model = mmc(servers: 1, arrivalRate: 1.2)
        model.services[0].instances = 2
        model.services[0].routing = .random
        let summary = summarise(model, metric: "server.waiting_time_mean", duration: 20_000, warmUp: 500)
        let theory = QueueingTheory.mmcWaiting(arrivalRate: 0.6, serviceRate: 1, servers: 1)
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }

    @Test("round robin and least outstanding both beat random on waiting time")
    func smarterRouting() {
        var waits: [Routing: Double] = [:]
        for routing in Routing.allCases {
            var model = mmc(servers: 1, arrivalRate: 1.6)
            model.services[0].instances = 2
            model.services[0].routing = routing
            waits[routing] = value(of: "waiting_time_mean", in: run(model))
        }
        #expect(waits[.roundRobin]! < waits[.random]!)
        #expect(waits[.leastOutstanding]! < waits[.roundRobin]!)
    }

    @Test("a call made with probability p sees p of the traffic")
    func optionalCall() {
        let model = ModelSpec(
            services: [ServiceSpec(name: "cache", servers: 8), ServiceSpec(name: "db", servers: 8)],
            requests: [
                RequestTypeSpec(
                    name: "read", interarrival: .exponential(mean: 0.1),
                    path: [
                        CallSpec(service: "cache", serviceTime: .constant(0.001)),
                        CallSpec(service: "db", serviceTime: .constant(0.01), probability: 0.3),
                    ])
            ])
        let result = run(model, seconds: 10_000)
        let share = value(of: "db.arrivals", in: result) / value(of: "cache.arrivals", in: result)
        // Binomial with n ~ 100 000: standard error 0.0015.
        #expect(abs(share - 0.3) < 0.006)
        #expect(value(of: "completed", in: result) == value(of: "cache.completed", in: result))
    }

    @Test("memory follows requests in flight, not requests served")
    func boundedPool() {
        let streams = RandomStreams(seed: 1, replication: 0)
        var model = NetworkModel(spec: mmc(servers: 1, arrivalRate: 0.5), streams: streams)
        var simulator = Simulator<NetworkModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        simulator.run(&model, until: SimTime(seconds: 100_000))
        #expect(simulator.eventsProcessed > 90_000)
        #expect(model.requestPoolSize < 100)
    }
}
