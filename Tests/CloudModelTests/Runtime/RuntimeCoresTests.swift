import SimKernel
import Testing

@testable import CloudModel

/// Cores apart from threads: processor sharing checked by hand on a few calls, then the runtime
/// against queueing theory (M/M/1, M/D/1-PS, M/M/c, a fraction of a core, a PS station visited
/// twice), a call waiting on a slow child that uses threads, not cores, and failures under load.
@Suite("Runtime cores")
struct RuntimeCoresTests {
    static func handle(_ slot: Int32) -> SlotHandle { SlotHandle(slot: slot, generation: 0) }

    /// Admits `works` [ns] at the given times, then runs the processor's completions in order;
    /// returns (execution slot, finish time) pairs.
    static func finishes(cores: Double, jobs: [(at: SimTime, work: SimTime)]) -> [(Int32, SimTime)] {
        var processor = ProcessorSharing(cores: cores)
        var pending = jobs.enumerated().map { ($0.offset, $0.element) }
        var done: [(Int32, SimTime)] = []
        var now: SimTime = 0
        while !pending.isEmpty || !processor.jobs.isEmpty {
            let next = processor.nextCompletion(at: now) ?? .max
            if let arrival = pending.first, arrival.1.at <= next {
                now = arrival.1.at
                processor.admit(handle(Int32(arrival.0)), work: arrival.1.work, at: now)
                pending.removeFirst()
                continue
            }
            now = next
            while let finished = processor.finishedJob(at: now) { done.append((finished.slot, now)) }
        }
        return done
    }

    @Test("processor sharing by hand: equal shares of a core, never more than one core a call")
    func byHand() {
        // One core, work 10 and 30 at 0: both at half speed until 20, then the second alone.
        #expect(Self.finishes(cores: 1, jobs: [(0, 10), (0, 30)]).map(\.1) == [20, 40])
        // Two cores: each call has its own.
        #expect(Self.finishes(cores: 2, jobs: [(0, 10), (0, 30)]).map(\.1) == [10, 30])
        // One core; 100 alone until 40 (60 left), then halved with a 20 that ends at 80; the first
        // then runs alone its last 40: 120.
        #expect(Self.finishes(cores: 1, jobs: [(0, 100), (40, 20)]).map { $0.0 } == [1, 0])
        #expect(Self.finishes(cores: 1, jobs: [(0, 100), (40, 20)]).map(\.1) == [80, 120])
        // Half a core: a call alone runs at half speed.
        #expect(Self.finishes(cores: 0.5, jobs: [(0, 10)]).map(\.1) == [20])
        // Three calls on two cores: two thirds of a core each until the 20 is done at 30; then
        // one core each.
        #expect(Self.finishes(cores: 2, jobs: [(0, 20), (0, 40), (0, 60)]).map(\.1) == [30, 50, 70])
        // Equal finishes leave in the order they came.
        #expect(Self.finishes(cores: 1, jobs: [(0, 10), (0, 10)]).map { $0.0 } == [0, 1])
    }

    @Test("a call node's record keeps its size with the cores flag")
    func callNodeLayout() {
        #expect(MemoryLayout<CallNodeState>.stride <= 96)
        #expect(MemoryLayout<RuntimeModel.Event>.size <= 16)
    }

    /// One instance of one service, `cores` cores and threads enough never to wait for one, no
    /// network: a processor-sharing queue. Means of `response_time_mean` over 10 replications.
    static func singleQueue(
        cores: Double, rate: Double, work: Distribution, seconds: Double = 1_000
    ) -> ReplicationSummary {
        let spec = RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [RuntimeServiceSpec(name: "server", instances: 1, servers: 10_000, cores: cores)],
            endpoints: [
                EndpointSpec(name: "customer", arrivals: .constant(rate), root: CallNode(service: "server", work: work))
            ])
        let means = ParallelRunner.map(count: 10, workers: 2) { replication in
            let run = RuntimeReplication.run(
                spec,
                settings: RunSettings(
                    seed: 5, replication: replication, duration: at(seconds), warmUp: at(seconds / 10)))
            return run.metrics.first { $0.name == "response_time_mean" }!.value
        }
        return ReplicationSummary(means)
    }

    @Test("one core, threads unlimited, exponential work, ρ = 0.8: M/M/1's 1/(μ − λ) inside the 95% CI")
    func mm1() {
        let mu = 10.0
        let summary = Self.singleQueue(cores: 1, rate: 8, work: .exponential(mean: 1 / mu))
        let theory = 1 / (mu - 8)  // 0.5 s
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }

    @Test("one core, constant work: M/D/1-PS's S / (1 − ρ), not FIFO's M/D/1")
    func md1ProcessorSharing() {
        let summary = Self.singleQueue(cores: 1, rate: 8, work: .constant(0.1))
        let sharing = 0.1 / (1 - 0.8)  // 0.5 s
        let firstComeFirstServed = 0.1 + 0.8 * 0.1 / (2 * (1 - 0.8))  // 0.3 s (Pollaczek-Khinchine)
        #expect(summary.ci95Low! <= sharing && sharing <= summary.ci95High!, "\(summary) vs \(sharing)")
        #expect(summary.ci95High! < firstComeFirstServed || summary.ci95Low! > firstComeFirstServed)
    }

    @Test("four cores, exponential work, ρ = 0.8: Erlang C's mean response inside the 95% CI")
    func mmc() {
        // With exponential work the number of calls working is M/M/c's birth-death process
        // whatever the discipline, so its mean response (Little) is Erlang C's.
        let mu = 10.0
        let summary = Self.singleQueue(cores: 4, rate: 32, work: .exponential(mean: 1 / mu), seconds: 300)
        let theory = QueueingTheory.mmcWaiting(arrivalRate: 32, serviceRate: mu, servers: 4) + 1 / mu
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }

    @Test("half a core: M/M/1 at half the speed, 1/(μ/2 − λ)")
    func halfCore() {
        let mu = 10.0
        let summary = Self.singleQueue(cores: 0.5, rate: 4, work: .exponential(mean: 1 / mu))
        let theory = 1 / (mu / 2 - 4)  // 1 s
        #expect(summary.ci95Low! <= theory && theory <= summary.ci95High!, "\(summary) vs \(theory)")
    }

    @Test("an in-process callee works on its caller's core: one PS station visited twice, D / (1 − ρ)")
    func inProcessOnTheCallersCores() {
        // web (10 ms) calls catalog (10 ms) in-process, both exponential, on one core of the
        // monolith's one instance: a processor-sharing station with two visits a request, whose
        // mean time in it is the demand over 1 − ρ (product form), ρ = 40/s × 20 ms = 0.8.
        let spec = RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [RuntimeServiceSpec(name: "web"), RuntimeServiceSpec(name: "catalog")],
            deployables: [DeployableSpec(name: "shop", services: ["web", "catalog"], servers: 10_000, cores: 1)],
            endpoints: [
                EndpointSpec(
                    name: "page", arrivals: .constant(40),
                    root: CallNode(
                        service: "web", work: .exponential(mean: 0.01),
                        children: [CallNode(service: "catalog", work: .exponential(mean: 0.01))]))
            ])
        let means = ParallelRunner.map(count: 10, workers: 2) { replication in
            let run = RuntimeReplication.run(
                spec, settings: RunSettings(seed: 3, replication: replication, duration: at(200), warmUp: at(20)))
            let metrics = Dictionary(uniqueKeysWithValues: run.metrics.map { ($0.name, $0.value) })
            return [metrics["response_time_mean"]!, metrics["shop.core_utilisation"]!]
        }
        let response = ReplicationSummary(means.map { $0[0] })
        let theory = 0.02 / (1 - 0.8)  // 0.1 s
        #expect(response.ci95Low! <= theory && theory <= response.ci95High!, "\(response) vs \(theory)")
        let utilisation = ReplicationSummary(means.map { $0[1] })
        #expect(utilisation.ci95Low! <= 0.8 && 0.8 <= utilisation.ci95High!, "\(utilisation)")
    }

    @Test("threads are the bottleneck: calls wait on a slow child holding threads, the cores idle")
    func threadsBottleneck() {
        // api: 4 threads, 8 cores, 1 ms of its own work, then a 200 ms call to slow. Each call
        // holds a thread about 201 ms: at most about 20 calls/s get through, offered 30/s.
        let spec = RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [
                RuntimeServiceSpec(name: "api", instances: 1, servers: 4, cores: 8, queueCapacity: 8),
                RuntimeServiceSpec(name: "slow", instances: 1, servers: 1_000),
            ],
            endpoints: [
                EndpointSpec(
                    name: "page", arrivals: .constant(30),
                    root: CallNode(
                        service: "api", work: .exponential(mean: 0.001),
                        children: [CallNode(service: "slow", work: .constant(0.2))]))
            ])
        let (_, metrics) = runRuntime(spec, seconds: 120, warmUp: 10)
        #expect(metrics["api.utilisation"]! > 0.97, "\(metrics["api.utilisation"]!)")
        #expect(metrics["api.core_utilisation"]! < 0.01, "\(metrics["api.core_utilisation"]!)")
        // The cores did the work of the calls served and no more: calls a second × 1 ms / 8 cores.
        let served = metrics["api.succeeded"]! / 110
        let expected = served * 0.001 / 8
        let cores = metrics["api.core_utilisation"]!
        #expect(abs(cores / expected - 1) < 0.1, "\(cores) vs \(expected)")
        // Threads, not cores, limit the throughput: about 4 / 0.201 calls a second succeed.
        #expect(abs(served - 4 / 0.201) < 1, "\(served)")
        // A service without cores reports no core utilisation.
        #expect(metrics["slow.core_utilisation"] == nil)
    }

    @Test("instances failing under load with cores: invariants hold, requests conserved")
    func failuresUnderLoad() {
        var spec = twoTier(
            rate: 400, backend: RuntimeServiceSpec(name: "backend", instances: 3, servers: 16, cores: 1.5),
            chaos: [
                .killInstances(service: "backend", count: 2, at: at(5)),
                .zoneOutage(zone: "b", from: at(8), to: at(14)),
                .latency(service: "backend", extra: .exponential(mean: 0.02), from: at(3), to: at(12)),
            ])
        spec.services[0].cores = 2
        let (model, problems) = runCheckingInvariants(spec, seconds: 20, step: 0.5, seed: 9)
        #expect(problems == [])
        let metrics = Dictionary(uniqueKeysWithValues: model.metrics(from: 0, to: at(20)).map { ($0.name, $0.value) })
        #expect(metrics["backend.instance_failures"]! >= 2)
        #expect((0...1).contains(metrics["backend.core_utilisation"]!))
        #expect(metrics["frontend.core_utilisation"]! > 0)
    }

    /// One instance of `server`, 1 core and 1 000 threads, 60 calls/s of 10 ms of work: the core
    /// is 60 % busy, the threads 1.5 of 1 000 on average (ρ/(1 − ρ)). Autoscaling at a target
    /// utilisation of 0.4 every 20 s, instances booting in 5 s.
    static func autoscaled(cores: Double?) -> RuntimeSpec {
        RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0)),
            services: [
                RuntimeServiceSpec(
                    name: "server", instances: 1, servers: 1_000, cores: cores, bootTime: .constant(5),
                    autoscaling: AutoscalingSpec(
                        minInstances: 1, maxInstances: 10, target: .utilisation(0.4), evaluationPeriod: at(20),
                        cooldown: at(20)))
            ],
            endpoints: [
                EndpointSpec(
                    name: "customer", arrivals: .constant(60), root: CallNode(service: "server", work: .exponential(mean: 0.01)))
            ])
    }

    @Test("with cores, autoscaling's target_utilisation tracks the cores; without, the threads")
    func autoscalingTracksCores() {
        // Cores: at the first evaluation the core is about 0.6 busy, so ⌈1 × 0.6 / 0.4⌉ = 2
        // instances; then each is about 0.3 busy and ⌈2 × 0.3 / 0.4⌉ = 2 holds.
        let (withCores, metrics) = runRuntime(Self.autoscaled(cores: 1), seconds: 300, warmUp: 100)
        #expect(withCores.deployables[0].inService.value == 2)
        #expect(metrics["server.scale_outs"]! == 0, "scaled out once, during the warm-up")
        #expect(abs(metrics["server.core_utilisation"]! - 0.3) < 0.05)
        // Threads (the same service without cores): 1.5 of 1 000 busy, far under 0.4: one instance.
        let (threads, _) = runRuntime(Self.autoscaled(cores: nil), seconds: 300, warmUp: 100)
        #expect(threads.deployables[0].inService.value == 1)
    }
}
