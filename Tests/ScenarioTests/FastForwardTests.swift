import CloudModel
import Foundation
import SimKernel
import Testing

@testable import Scenario

/// The fast path (`runtime.fast_forward`) against every request simulated, on a one-day horizon
/// of delivery through a five-service runtime; and what it refuses.
@Suite struct FastForwardTests {
    /// One day of a small world: teams deploying five microservices with canaries, a quarter of
    /// changes bad, minute monitoring with a person reacting, a breaker and fallback upstream of
    /// `ratings`. Variants share random numbers, so deploys happen at the same times in both.
    static let day = """
        name: fast-forward-day
        seed: 11
        duration: 1d
        replications: 4
        runtime:
          zones: [a, b, c]
          timeseries_resolution: 1h
          services:
            edge: {instances: 3, servers: 8}
            api: {instances: 3, servers: 8}
            catalog: {instances: 3, servers: 8}
            reviews: {instances: 3, servers: 8}
            ratings: {instances: 3, servers: 8}
          endpoints:
            home:
              arrival_rate: 4/s
              call:
                service: edge
                work: 1ms
                calls:
                  - service: api
                    work: 2ms
                    client: {timeout: 2s}
                    calls:
                      - service: catalog
                        work: {distribution: exponential, mean: 3ms}
                        client: {timeout: 1s}
                      - service: reviews
                        work: 2ms
                        client: {timeout: 1s, circuit_breaker: {}, fallback: {work: 1ms}}
                        calls:
                          - service: ratings
                            work: 2ms
                            client: {timeout: 500ms}
          monitoring:
            metric: error_ratio
            resolution: 1m
            stages: [{name: arrival, delay: 10s}, {name: processing}, {name: display, delay: 10s}]
            alert: {threshold: 0.02, consecutive: 3}
            reaction: {distribution: exponential, mean: 5m}
          delivery:
            organisation:
              change_rate: 1/d
              bad_change_probability: 0.25
              fix_time: 2h
              teams:
                front: {developers: 4, services: [edge, api]}
                shop: {developers: 4, services: [catalog]}
                social: {developers: 4, services: [reviews, ratings]}
            immutable:
              boot_time: {distribution: uniform, min: 2m, max: 4m}
              canary: {share: 0.05, bake: 10m}
              rollback_time: 5s
              keep_old: 1h
            bad: {error_ratio: 0.5}
        \(bothPaths(sample: "10m"))
        """

    /// The variants `every-request` and `fast-forward` (settling 30 s, sampling `sample`).
    static func bothPaths(sample: String) -> String {
        """
        variants:
          every-request:
            description: every request simulated
          fast-forward:
            description: steady stretches accounted from sampled rates
            runtime:
              fast_forward: {settle: 30s, sample: \(sample)}
        """
    }

    /// Each replication's value of `metric` in `variant`.
    static func values(_ metric: String, _ variant: String, in results: ScenarioResults) -> [Double] {
        let replications = results.variants.first { $0.name == variant }?.replications ?? []
        return replications.map { $0.metrics.first { $0.name == metric }?.value ?? .nan }
    }

    @Test("one day: DORA, failed and degraded requests, latency percentiles agree with every request simulated")
    func agreesWithEveryRequest() throws {
        // It did fast-forward: most of the day came from rates.
        let both = try Self.runBothPaths(Self.day, simulatedShare: 0..<0.15)
        // Delivery does not depend on how requests are counted: bad deploys are noticed alike.
        for metric in [
            "delivery.deploys", "delivery.change_failure_rate", "delivery.lead_time_mean", "delivery.time_to_restore_mean",
        ] {
            let (exact, fast) = both(metric)
            #expect(Self.overlap(exact, fast), "\(metric): \(exact) against \(fast)")
        }
        // Counts per replication within 4√n of every request's; means' confidence intervals overlap.
        for metric in [
            "requests", "success", "degraded", "delivery.bad_deploy_failed_requests", "delivery.bad_deploy_degraded_requests",
            "ratings.calls", "reviews.fallbacks",
        ] {
            Self.expectCountsAgree(metric, both(metric))
        }
        for metric in ["response_time_mean", "response_time_p50", "response_time_p99", "calls_per_request"] {
            let (exact, fast) = both(metric)
            #expect(Self.overlap(exact, fast), "\(metric): \(exact) against \(fast)")
        }
    }

    /// Runs `yaml`'s variants `every-request` and `fast-forward`, expecting the latter's share
    /// simulated request by request above 0 and in `simulatedShare`; gives each one's values of a metric.
    static func runBothPaths(
        _ yaml: String, simulatedShare: Range<Double>
    ) throws -> (String) -> (exact: [Double], fast: [Double]) {
        let results = ScenarioRunner.run(try ScenarioLoader.parse(yaml: yaml, file: "paths.yaml"), workers: 2)
        let share = values("fast_forward.simulated_share", "fast-forward", in: results)
        #expect(share.allSatisfy { $0 > 0 && simulatedShare.contains($0) }, "simulated share \(share)")
        return { (values($0, "every-request", in: results), values($0, "fast-forward", in: results)) }
    }

    /// Counts per replication within 4√n of every request's, and the means' confidence intervals overlap.
    static func expectCountsAgree(_ metric: String, _ values: (exact: [Double], fast: [Double])) {
        let (exact, fast) = values
        for (n, m) in zip(exact, fast) {
            #expect(abs(n - m) <= 4 * max(1, n).squareRoot(), "\(metric): \(exact) against \(fast)")
        }
        #expect(Self.overlap(exact, fast), "\(metric): \(exact) against \(fast)")
    }

    /// Whether the 95% confidence intervals of the means of `a` and `b` overlap.
    static func overlap(_ a: [Double], _ b: [Double]) -> Bool {
        let (x, y) = (ReplicationSummary(a), ReplicationSummary(b))
        let (xLow, xHigh) = (x.ci95Low ?? x.mean, x.ci95High ?? x.mean)
        let (yLow, yHigh) = (y.ci95Low ?? y.mean, y.ci95High ?? y.mean)
        return xLow <= yHigh + 1e-12 && yLow <= xHigh + 1e-12
    }

    @Test("one regime all run: settle and sample simulated, the rest drawn at the exact arrival rate")
    func oneRegime() throws {
        let yaml = """
            name: calm
            seed: 5
            duration: 2h
            replications: 1
            runtime:
              zones: [a]
              fast_forward: {settle: 1m, sample: 4m}
              services: {api: {instances: 2, servers: 4, cores: 2}}
              endpoints: {home: {arrival_rate: 20/s, call: {service: api, work: 5ms}}}
            """
        let results = ScenarioRunner.run(try ScenarioLoader.parse(yaml: yaml, file: "calm.yaml"), workers: 1)
        func value(_ metric: String) -> Double { Self.values(metric, "base", in: results).first ?? .nan }
        // 5 of 120 minutes simulated request by request; one regime, never changed.
        #expect(abs(value("fast_forward.simulated_share") - 5.0 / 120) < 1e-12)
        #expect(value("fast_forward.regimes") == 1 && value("fast_forward.regime_changes") == 0)
        // 20/s over 2 h: 144 000 requests, Poisson; all of them end, none fail.
        let requests = value("requests")
        #expect(abs(requests - 144_000) <= 4 * 144_000.0.squareRoot())
        #expect(value("success") == requests && value("in_flight") == 0)
        // Calls follow requests one for one; the work is 5 ms, so is the response time.
        #expect(value("api.calls") == requests)
        #expect(abs(value("response_time_mean") - 0.005) < 0.0005)
        #expect(abs(value("api.utilisation") - 20 * 0.005 / 8) < 0.002)
        // The drawn stretches carry the cores' work too: 20/s × 5 ms over 2 × 2 cores.
        #expect(abs(value("api.core_utilisation") - 20 * 0.005 / 4) < 0.002)
    }

    /// One hour through a cache with a refill, the database failing half its calls for ten
    /// minutes of it.
    static let cachedHour = """
        name: fast-forward-cache
        seed: 3
        duration: 1h
        replications: 4
        runtime:
          zones: [a, b]
          services: {api: {instances: 2, servers: 8}, redis: {instances: 2, servers: 8}, db: {instances: 2, servers: 8}}
          endpoints:
            home:
              arrival_rate: 20/s
              call:
                service: api
                work: 1ms
                calls:
                  - service: redis
                    work: 1ms
                    cache: {hit_ratio: 0.8, on_miss: {service: db, work: 5ms}, refill: {service: db, work: 2ms}}
          chaos:
            - errors: {service: db, probability: 0.5, from: 20m, to: 30m}
        \(bothPaths(sample: "5m"))
        """

    @Test("a cache's counters and the chaos window's `during_chaos` measures agree with every request simulated")
    func cachesAndChaosAgreeWithEveryRequest() throws {
        // The first settle and sample (5.5 min), the window (10 min), a settle after it: 16 of 60 minutes.
        let both = try Self.runBothPaths(Self.cachedHour, simulatedShare: 0.2..<0.4)
        for metric in [
            "redis.cache_hits", "redis.cache_misses", "redis.cache_refills", "redis.cache_refill_failures",
            "during_chaos.requests", "during_chaos.failed",
        ] {
            #expect(both(metric).exact.allSatisfy { $0 > 100 }, "\(metric): \(both(metric).exact)")
            Self.expectCountsAgree(metric, both(metric))
        }
        let availability = both("during_chaos.availability")
        #expect(Self.overlap(availability.exact, availability.fast), "\(availability)")
        // The window is the file's: ten minutes, whichever way requests are counted.
        let duration = both("during_chaos.duration")
        #expect(duration.exact == duration.fast && duration.exact.allSatisfy { $0 == 600 }, "\(duration)")
    }

    @Test func diagnostics() {
        let typos = """
            name: f
            duration: 1h
            runtime:
              zones: [a]
              fast_forward: {settle: 0s, sampel: 1m}
              services: {api: {}}
              endpoints: {home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}}
            """
        #expect(located(typos) == [
            "5:26: `settle` must be longer than zero, found `0s`",
            "5:30: unknown key `sampel` in `fast_forward`; did you mean `sample`?",
        ])
        // What rates cannot stand for: a changing load, an autoscaler, a latency percentile.
        let limits = """
            name: f
            duration: 1h
            runtime:
              zones: [a]
              fast_forward: {}
              services:
                api: {autoscaling: {min: 1, max: 3, target_utilisation: 0.6}}
              endpoints:
                home:
                  rate_schedule: [{at: 0s, rate: 1/s}, {at: 30m, rate: 2/s}]
                  call: {service: api, work: 1ms}
              monitoring:
                metric: latency_p99
                resolution: 1m
                stages: [{name: display}]
                alert: {threshold: 0.5}
                reaction: 1m
            """
        let remedy = "; remove `fast_forward` to simulate every request"
        #expect(located(limits) == [
            "5:17: `fast_forward` needs fixed instance counts, but `api` autoscales" + remedy,
            "5:17: `fast_forward` needs constant arrival rates, but endpoint `home` has a schedule" + remedy,
            "5:17: `fast_forward` needs monitoring of `error_ratio` or `request_rate` (a latency percentile is not drawn)"
                + remedy,
        ])
        let regions = """
            name: f
            duration: 1h
            runtime:
              regions: {east: {zones: [e1]}, west: {zones: [w1]}}
              fast_forward: {}
              services: {api: {}}
              endpoints: {home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}}
            """
        #expect(located(regions) == ["5:17: `fast_forward` needs a single region, but the runtime has 2 (`regions`)" + remedy])
    }
}
