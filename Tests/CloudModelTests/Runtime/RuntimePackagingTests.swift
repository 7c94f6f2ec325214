@testable import CloudModel
import SimKernel
import Testing

/// Services packaged into one deployable call each other in-process: no network, no client
/// policy, on the calling instance's server; the deployable's instances fail for all of them.
@Suite("Runtime: packaging services into deployables")
struct RuntimePackagingTests {
    /// `a` → `b` → `c` with constant work (5, 10, 20 ms) and a constant 1 ms network hop each way,
    /// in one zone, far below capacity: no queueing, so every request takes exactly the same time.
    static func chain(packaged: [String], client: ClientPolicy = ClientPolicy()) -> RuntimeSpec {
        let services = ["a", "b", "c"].map { RuntimeServiceSpec(name: $0, instances: 2, servers: 64) }
        let deployables = packaged.isEmpty ? [] : [DeployableSpec(name: "mono", services: packaged, instances: 2, servers: 64)]
        return RuntimeSpec(
            zones: ["a"], network: NetworkSpec(intraZone: .constant(0.001), crossZone: .constant(0.001)),
            services: services, deployables: deployables,
            endpoints: [
                EndpointSpec(
                    name: "get", arrivals: .constant(5),
                    root: CallNode(
                        service: "a", work: .constant(0.005),
                        children: [
                            CallNode(
                                service: "b", work: .constant(0.010),
                                children: [CallNode(service: "c", work: .constant(0.020), client: client)],
                                client: client)
                        ]))
            ])
    }

    @Test("an in-process call adds no network time: 35 ms packaged, 35 + 4 × 1 ms as microservices")
    func inProcessCallsHaveNoNetworkHop() {
        let cases: [(packaged: [String], seconds: Double)] = [
            ([], 0.039),  // two hops there and back
            (["a", "b"], 0.037),  // only b → c crosses the network
            (["a", "b", "c"], 0.035),  // work alone
        ]
        for (packaged, expected) in cases {
            let (_, metrics) = runRuntime(Self.chain(packaged: packaged), seconds: 200)
            #expect(metrics["requests"]! > 900)
            #expect(metrics["success"] == metrics["requests"]! - metrics["in_flight"]!)
            #expect(abs(metrics["response_time_mean"]! - expected) < 1e-9, "packaged \(packaged)")
            #expect(abs(metrics["response_time_p99"]! - expected) < expected * 1e-3, "packaged \(packaged)")
        }
    }

    @Test("an in-process call has no client policy: a 1 ms timeout on 10 ms work never fires")
    func inProcessCallsIgnoreTheClient() {
        let timeout = ClientPolicy(timeout: SimTime(seconds: 0.001), retry: RetryPolicy(maxAttempts: 3))
        let (_, packaged) = runRuntime(Self.chain(packaged: ["a", "b", "c"], client: timeout), seconds: 100)
        #expect(packaged["b.timeouts"] == 0 && packaged["c.retries"] == 0)
        #expect(packaged["availability"] == 1)
        let (_, remote) = runRuntime(Self.chain(packaged: [], client: timeout), seconds: 100)
        #expect(remote["b.timeouts"]! > 0 && remote["availability"]! < 0.01)
    }

    @Test("a fallback on an in-process call: the caller catches the failure, the request is degraded")
    func inProcessFallbackDegrades() {
        // `c` fails every call from 0 s on; `b` catches it and answers with 2 ms of fallback work.
        var spec = Self.chain(packaged: ["a", "b", "c"], client: ClientPolicy(fallback: FallbackPolicy(work: .constant(0.002))))
        spec.chaos = [.errors(service: "c", probability: 1, from: 0, to: SimTime(seconds: 1_000))]
        let (_, metrics) = runRuntime(spec, seconds: 100)
        let finished = metrics["requests"]! - metrics["in_flight"]!
        #expect(finished > 400 && metrics["degraded"] == finished && metrics["failed_error"] == 0)
        #expect(metrics["c.fallbacks"] == finished && metrics["b.fallbacks"] == 0)
        // a 5 ms, b 10 ms, c 20 ms then fails, b's fallback 2 ms: 37 ms, no network anywhere.
        #expect(abs(metrics["response_time_mean"]! - 0.037) < 1e-9)
    }

    /// M/G/1: one instance with one server, a → b in-process, exponential work of 10 and 20 ms:
    /// service time S = the sum, E[S] = 30 ms, E[S²] = Var + E[S]² = (100 + 400 + 900) ms².
    @Test("in-process calls take no server of their own: one server, no deadlock, Pollaczek–Khinchine")
    func oneServerServesTheWholeChain() {
        let rate = 20.0
        let spec = RuntimeSpec(
            zones: ["a"], services: [RuntimeServiceSpec(name: "a"), RuntimeServiceSpec(name: "b")],
            deployables: [DeployableSpec(name: "mono", services: ["a", "b"], instances: 1, servers: 1)],
            endpoints: [
                EndpointSpec(
                    name: "get", arrivals: .constant(rate),
                    root: CallNode(
                        service: "a", work: .exponential(mean: 0.010),
                        children: [CallNode(service: "b", work: .exponential(mean: 0.020))]))
            ])
        let (meanService, secondMoment) = (0.030, 1400e-6)
        let rho = rate * meanService
        let theory = meanService + rate * secondMoment / (2 * (1 - rho))  // 65 ms
        let (model, metrics) = runRuntime(spec, seconds: 4000, warmUp: 100)
        #expect(metrics["failed"] == 0)
        #expect(metrics["in_flight"]! < 20)
        // Within 5% of theory (the run's standard error is about 2%).
        #expect(abs(metrics["response_time_mean"]! - theory) / theory < 0.05, "\(metrics["response_time_mean"]!)")
        #expect(abs(metrics["mono.utilisation"]! - rho) < 0.02)
        // The server is the deployable's, reported once: its services share it.
        #expect(metrics["a.utilisation"] == nil && metrics["b.utilisation"] == nil)
        #expect(model.statistics.services[1].busyServers.integral(at: at(4000)) == 0, "b holds no server of its own")
        // Every call to `a` calls `b`, but those near the warm-up's end or the run's can be counted at one only.
        #expect(abs(metrics["a.calls"]! - metrics["b.calls"]!) <= 1 + metrics["in_flight"]!)
    }

    /// Two endpoints: `order` enters `a`, which calls `b`; `view` enters `c`. Every call works a
    /// second, so about ten of each are in flight when chaos kills the one instance serving `a`.
    static func killing(packaged: Bool) -> RuntimeSpec {
        let group = (instances: 1, servers: 100)
        let services = ["a", "b", "c"].map {
            RuntimeServiceSpec(
                name: $0, instances: group.instances, servers: group.servers, bootTime: .constant(0),
                healthCheckDelay: 0)
        }
        return RuntimeSpec(
            zones: ["z"], services: services,
            deployables: packaged
                ? [
                    DeployableSpec(
                        name: "mono", services: ["a", "b", "c"], instances: group.instances, servers: group.servers,
                        bootTime: .constant(0), healthCheckDelay: 0)
                ] : [],
            endpoints: [
                EndpointSpec(
                    name: "order", arrivals: .constant(10),
                    root: CallNode(service: "a", work: .constant(0), children: [CallNode(service: "b", work: .constant(1))])),
                EndpointSpec(name: "view", arrivals: .constant(10), root: CallNode(service: "c", work: .constant(1))),
            ],
            chaos: [.killInstances(service: "a", count: 1, at: at(30))])
    }

    @Test("killing a monolith's instance fails the in-flight work of all its services")
    func killedMonolithFailsEveryService() {
        let (_, mono) = runRuntime(Self.killing(packaged: true), seconds: 60)
        #expect(mono["mono.instance_failures"] == 1)
        #expect(mono["b.failed_error"]! >= 3, "in-process calls die with their instance")
        #expect(mono["c.failed_error"]! >= 3, "so does another service's work")
        #expect(mono["a.failed_error"] == mono["b.failed_error"])
        #expect(mono["failed"] == mono["a.failed_error"]! + mono["c.failed_error"]!)
        let (_, micro) = runRuntime(Self.killing(packaged: false), seconds: 60)
        #expect(micro["a.instance_failures"] == 1 && micro["c.instance_failures"] == 0)
        #expect(micro["c.failed"] == 0)
    }

    @Test("a monolith reports its group once; its services keep their own call figures")
    func metricsPerDeployable() {
        let (model, metrics) = runRuntime(Self.chain(packaged: ["a", "b"]), seconds: 100)
        #expect(model.deployables.map(\.name) == ["mono", "c"])
        #expect(metrics["mono.instances_mean"] == 2 && metrics["c.instances_mean"] == 2)
        #expect(metrics["a.instances_mean"] == nil && metrics["a.cost"] == nil)
        #expect(metrics["a.calls"]! > 0 && metrics["b.calls"] == metrics["a.calls"])
        #expect(abs(metrics["instance_hours"]! - 4 * 100 / 3600) < 1e-9)
    }
}
