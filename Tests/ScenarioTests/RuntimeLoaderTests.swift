import CloudModel
import SimKernel
import Testing

@testable import Scenario

@Suite struct RuntimeLoaderTests {
    static let fullFile = """
        name: shop
        duration: 1h
        seed: 7
        runtime:
          region: eu-west-1
          zones: [a, b, c]
          timeseries_resolution: 10s
          network:
            intra_zone: 100us
            cross_zone: {distribution: lognormal, mu: -7, sigma: 0.4}
          services:
            api:
              instances: 6
              zones: [a, b]
              servers: 8
              queue_capacity: 100
              boot_time: 90s
              time_to_failure: {distribution: exponential, mean: 2h}
              health_check_delay: 5s
              price_per_hour: 0.192
              load_balancing: least_outstanding
              error_probability: 0.001
              autoscaling:
                min: 3
                max: 30
                target_utilisation: 0.6
                evaluation_period: 30s
                cooldown: 2m
                scale_in_protection: 10m
            db:
              queue_capacity: unlimited
              load_balancing: round_robin
              autoscaling: {min: 1, max: 4, target_requests_per_instance: 50/s}
            cache: {}
          endpoints:
            home:
              arrival_rate: 100/s
              entry_zone: a
              call:
                service: api
                work: 5ms
                fan_out: parallel
                wait_for: 1
                calls:
                  - service: cache
                    work: {distribution: exponential, mean: 1ms}
                    probability: 0.9
                    client:
                      timeout: 50ms
                      retries:
                        {max_attempts: 3, backoff: 10ms, multiplier: 3, max_backoff: 1s, jitter: full, budget: 0.2}
                      circuit_breaker: {}
                      bulkhead: 10
                      fallback: {work: 1ms, success_probability: 0.5}
                  - service: db
                    work: 20ms
                    fan_out: parallel
                    client:
                      circuit_breaker:
                        error_threshold_percentage: 25
                        request_volume_threshold: 5
                        sleep_window: 2s
                        rolling_window: 20s
                        buckets: 20
                      fallback: {}
                    calls:
                      - {service: cache, work: 1ms}
            checkout:
              rate_schedule:
                - {at: 0s, rate: 10/s}
                - {at: 30m, rate: 1200/min}
                - {at: 45m, rate: 50/s}
              call: {service: api, work: 10ms}
          chaos:
            - kill_instances: {service: api, count: 2, at: 10m}
            - zone_outage: {zone: a, from: 10m, to: 20m}
            - latency: {service: db, extra: 50ms, from: 5m, to: 15m}
            - errors: {service: db, probability: 0.5, from: 5m, to: 15m}
        """

    static func seconds(_ value: Double) -> SimTime { SimTime(seconds: value) }

    @Test func aFullRuntimeLoadsIntoTheExpectedSpec() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.fullFile, file: "shop.yaml")
        #expect(scenario.variants.map(\.name) == ["base"])
        let runtime = try #require(scenario.variants[0].runtime)
        let api = RuntimeServiceSpec(
            name: "api", instances: 6, zones: ["a", "b"], servers: 8, queueCapacity: 100, bootTime: .constant(90),
            timeToFailure: .exponential(mean: 7_200), healthCheckDelay: Self.seconds(5), pricePerHour: 0.192,
            loadBalancing: .leastOutstanding, errorProbability: 0.001,
            autoscaling: AutoscalingSpec(
                minInstances: 3, maxInstances: 30, target: .utilisation(0.6), evaluationPeriod: Self.seconds(30),
                cooldown: Self.seconds(120), scaleInProtection: Self.seconds(600)))
        let db = RuntimeServiceSpec(
            name: "db", loadBalancing: .roundRobin,
            autoscaling: AutoscalingSpec(minInstances: 1, maxInstances: 4, target: .requestsPerInstance(50)))
        let cacheClient = ClientPolicy(
            timeout: Self.seconds(0.05),
            retry: RetryPolicy(
                maxAttempts: 3, baseBackoff: Self.seconds(0.01), multiplier: 3, maxBackoff: Self.seconds(1),
                jitter: .full, budget: 0.2),
            circuitBreaker: CircuitBreakerPolicy(), bulkhead: 10,
            fallback: FallbackPolicy(work: .constant(0.001), successProbability: 0.5))
        let dbClient = ClientPolicy(
            circuitBreaker: CircuitBreakerPolicy(
                errorThresholdPercentage: 25, requestVolumeThreshold: 5, sleepWindow: Self.seconds(2),
                rollingWindow: Self.seconds(20), buckets: 20),
            fallback: FallbackPolicy())
        let home = EndpointSpec(
            name: "home", arrivals: .constant(100), entryZone: "a",
            root: CallNode(
                service: "api", work: .constant(0.005), fanOut: .parallel(waitFor: 1),
                children: [
                    CallNode(service: "cache", work: .exponential(mean: 0.001), probability: 0.9, client: cacheClient),
                    CallNode(
                        service: "db", work: .constant(0.02), fanOut: .parallel(waitFor: nil),
                        children: [CallNode(service: "cache", work: .constant(0.001))], client: dbClient),
                ]))
        let checkout = EndpointSpec(
            name: "checkout",
            arrivals: RateSchedule(points: [
                .init(time: 0, rate: 10), .init(time: Self.seconds(1_800), rate: 20),
                .init(time: Self.seconds(2_700), rate: 50),
            ]),
            root: CallNode(service: "api", work: .constant(0.01)))
        let expected = RuntimeSpec(
            region: "eu-west-1", zones: ["a", "b", "c"],
            network: NetworkSpec(intraZone: .constant(0.0001), crossZone: .lognormal(mu: -7, sigma: 0.4)),
            services: [api, db, RuntimeServiceSpec(name: "cache")], endpoints: [home, checkout],
            chaos: [
                .killInstances(service: "api", count: 2, at: Self.seconds(600)),
                .zoneOutage(zone: "a", from: Self.seconds(600), to: Self.seconds(1_200)),
                .latency(service: "db", extra: .constant(0.05), from: Self.seconds(300), to: Self.seconds(900)),
                .errors(service: "db", probability: 0.5, from: Self.seconds(300), to: Self.seconds(900)),
            ],
            timeseriesResolution: Self.seconds(10))
        #expect(runtime == expected)
    }

    static let minimalRuntime = """
        name: r
        duration: 1h
        runtime:
          zones: [a]
          services: {api: {}}
          endpoints:
            home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
        """

    @Test func defaultsAreTheSpecsOwn() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.minimalRuntime, file: "r.yaml")
        let runtime = try #require(scenario.variants[0].runtime)
        let home = EndpointSpec(
            name: "home", arrivals: .constant(1), root: CallNode(service: "api", work: .constant(0.001)))
        let expected = RuntimeSpec(zones: ["a"], services: [RuntimeServiceSpec(name: "api")], endpoints: [home])
        #expect(runtime == expected)
        #expect(runtime.region == "us-east-1")
        #expect(runtime.timeseriesResolution == SimTime.nanosecondsPerSecond)
    }

    @Test func aGeneratedGraphJoinsTheHandWrittenServicesAndEndpoints() throws {
        let yaml = """
            name: g
            duration: 10m
            seed: 99
            runtime:
              zones: [a, b, c]
              services:
                auth: {instances: 2}
              endpoints:
                login:
                  arrival_rate: 5/s
                  call:
                    service: auth
                    work: 2ms
                    calls: [{service: svc-1-0, work: 1ms}]
              generate:
                services: 20
                layers: 3
                fan_out: 2
                arrival_rate: 1000/s
                instances: 4
                servers: 16
                work: 3ms
                price_per_hour: 0.05
                client: {timeout: 100ms}
              chaos:
                - errors: {service: svc-2-3, probability: 0.1, from: 1m, to: 2m}
            """
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "g.yaml").variants[0].runtime)
        let spec = SyntheticGraphSpec(
            services: 20, layers: 3, fanOut: 2, instancesPerService: 4, servers: 16, work: .constant(0.003),
            arrivalRate: 1000, pricePerHour: 0.05, client: ClientPolicy(timeout: 100_000_000))
        // Drawn from the scenario's seed, so every variant and replication has the same graph.
        let generated = SyntheticGraph.generate(spec, seed: 99)
        #expect(runtime.services == [RuntimeServiceSpec(name: "auth", instances: 2)] + generated.services)
        #expect(runtime.endpoints.map(\.name) == ["login", "synthetic"])
        #expect(runtime.endpoints[1] == generated.endpoint)
        let errors = ChaosSpec.errors(service: "svc-2-3", probability: 0.1, from: Self.seconds(60), to: Self.seconds(120))
        #expect(runtime.chaos == [errors])
    }

    @Test func generateAloneNeedsNoServicesOrEndpoints() throws {
        let yaml = """
            name: g
            duration: 10m
            runtime:
              zones: [a]
              generate: {services: 5, layers: 2, fan_out: 3, arrival_rate: 10/s}
            """
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "g.yaml").variants[0].runtime)
        #expect(runtime.services.map(\.name) == ["edge", "svc-1-0", "svc-1-1", "svc-1-2", "svc-1-3"])
        #expect(runtime.services[0] == RuntimeServiceSpec(name: "edge", instances: 3, servers: 8))
        #expect(runtime.endpoints.map(\.name) == ["synthetic"])
        #expect(runtime.endpoints[0].root.work == .exponential(mean: 0.002))
    }

    @Test func aRateScheduleHoldsItsPointsInTime() throws {
        let yaml = Self.minimalRuntime.replacingOccurrences(
            of: "home: {arrival_rate: 1/s,",
            with: "home: {rate_schedule: [{at: 1m, rate: 1/s}, {at: 1m0.5s, rate: 3/s}, {at: 2h, rate: 60/min}],")
        let runtime = try #require(try ScenarioLoader.parse(yaml: yaml, file: "r.yaml").variants[0].runtime)
        #expect(runtime.endpoints[0].arrivals.points == [
            .init(time: 60_000_000_000, rate: 1), .init(time: 60_500_000_000, rate: 3),
            .init(time: 7_200_000_000_000, rate: 1),
        ])
    }
}
