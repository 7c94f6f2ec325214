import Testing

@testable import Scenario

/// Each class of problem in a `runtime:` is reported at the right line and column.
@Suite struct RuntimeDiagnosticTests {
    @Test func runtimeAndServiceSettings() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              region: "us east"
              zones: [a, b]
              zone: x
              timeseries_resolution: 0s
              network: {intra_zone: fast}
              services:
                api:
                  zones: [a, d]
                  instans: 2
                  load_balancing: zone-aware
                  error_probability: 2
                  price_per_hour: -1
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
            """
        #expect(located(yaml) == [
            "4:11: `region` expects letters, digits, `-`, `_` or `.` (but not `.` or `..`), found `us east`",
            "6:3: unknown key `zone` in `runtime`; did you mean `zones`?",
            "7:26: `timeseries_resolution` must be longer than zero, found `0s`",
            "8:25: `intra_zone` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `fast`",
            "11:18: unknown zone `d`; the zones are `a` and `b`",
            "12:7: unknown key `instans` in service `api`; did you mean `instances`?",
            "13:23: `load_balancing` expects one of `zone_aware`, `round_robin` or `least_outstanding`, "
                + "found `zone-aware`; did you mean `zone_aware`?",
            "14:26: `error_probability` expects a number from 0 to 1, found `2`",
            "15:23: `price_per_hour` expects a number from 0 to 1000000 (USD per instance-hour), found `-1`",
        ])
    }

    @Test func zonesAreDistinctAndServicesAndEndpointsRequiredWithoutGenerate() {
        let yaml = "name: r\nduration: 1h\nruntime:\n  zones: [a, b, a]\n"
        #expect(located(yaml) == [
            "4:3: missing required key `services` in `runtime` (or `generate:` for a generated graph)",
            "4:3: missing required key `endpoints` in `runtime` (or `generate:` for a generated graph)",
            "4:17: duplicate `a` in `zones`; first given at 4:11",
        ])
    }

    @Test func autoscalingBounds() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services:
                api:
                  instances: 2
                  autoscaling: {min: 3, max: 30, target_utilisation: 0.5}
                db:
                  autoscaling: {min: 3, max: 2, target_utilisation: 1.5, target_requests_per_instance: 5/s}
                web:
                  autoscaling: {min: 2, max: 4, target_requests_per_instance: 5/s}
              endpoints:
                home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}
            """
        #expect(located(yaml) == [
            "7:18: `instances` expects a whole number between autoscaling's `min` (3) and `max` (30), found `2`",
            "10:34: `max` expects a whole number of at least `min` (3), found `2`",
            "10:62: `autoscaling` expects only one of `target_utilisation` or `target_requests_per_instance`, "
                + "found both",
            "12:20: service `web` starts with `instances` 1 by default, not between autoscaling's `min` (2) and "
                + "`max` (4); give `instances:`",
        ])
    }

    @Test func endpointsAndCalls() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a, b]
              services: {api: {}, db: {}, cache: {}}
              endpoints:
                home:
                  arrival_rate: 1/s
                  rate_schedule: [{at: 0s, rate: 1/s}]
                  entry_zone: c
                  call:
                    service: api
                    work: 1ms
                    client: {timeout: 1s}
                    wait_for: 1
                    calls:
                      - {service: dbb, work: 1ms}
                      - service: cache
                        work: 1ms
                        fan_out: parallel
                        wait_for: 3
                        calls: [{service: db, work: 1ms}, {service: db, work: 1ms}]
                        client: {retries: {max_attempts: 0, backoff: 2s, max_backoff: 1s}, bulkhead: 0}
                checkout:
                  rate_schedule:
                    - {at: 0s, rate: 1/s}
                    - {at: 10m, rate: 5/s}
                    - {at: 10m, rate: 6/s}
                    - {at: 5m, rate: 0/s}
                  call: {service: api, work: 1ms, client: {}}
            """
        let rootClient = "the root call is made by the user, who has no client policy"
        #expect(located(yaml) == [
            "9:7: endpoint `home` expects only one of `arrival_rate` or `rate_schedule`, found both",
            "10:19: unknown zone `c`; the zones are `a` and `b`",
            "14:9: `client` does not apply to the root call of endpoint `home`: \(rootClient)",
            "15:19: `wait_for` applies only with `fan_out: parallel`; these calls are sequential",
            "17:23: unknown service `dbb`; did you mean `db`?",
            "21:23: `wait_for` expects at most the number of `calls` (2), found `3`",
            "23:46: `max_attempts` expects a whole number from 1 to 1000000, found `0`",
            "23:75: `max_backoff` expects a duration no shorter than `backoff` (2s), found `1s`",
            "23:90: `bulkhead` expects a whole number from 1 to 1000000, found `0`",
            "28:16: `at` expects a time after the previous point's (10m), found `10m`",
            "29:16: `at` expects a time after the previous point's (10m), found `5m`",
            "29:26: `rate` must be positive, found `0/s`",
            "30:39: `client` does not apply to the root call of endpoint `checkout`: \(rootClient)",
        ])
    }

    @Test func clientPolicies() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services: {api: {}, db: {}}
              endpoints:
                home:
                  arrival_rate: 1/s
                  call:
                    service: api
                    work: 1ms
                    calls:
                      - service: db
                        work: 1ms
                        client:
                          retries: {max_attempts: 2, jitter: fll, budget: 1.5}
                          circuit_breaker: {buckets: 3, sleep_window: 0s}
                          fallback: {sucess_probability: 1}
                          timout: 1s
            """
        #expect(located(yaml) == [
            "16:50: `jitter` expects one of `none` or `full`, found `fll`; did you mean `full`?",
            "16:63: `budget` expects a number from 0 to 1, found `1.5`",
            "17:42: the default `rolling_window` does not divide evenly into 3 `buckets`",
            "17:59: `sleep_window` must be longer than zero, found `0s`",
            "18:26: unknown key `sucess_probability` in `fallback`; did you mean `success_probability`?",
            "19:15: unknown key `timout` in `client`; did you mean `timeout`?",
        ])
    }

    @Test func chaos() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a, b]
              services: {api: {}, db: {}}
              endpoints: {home: {arrival_rate: 1/s, call: {service: api, work: 1ms}}}
              chaos:
                - kill_instances: {service: apii, count: 0, at: 1m}
                - zone_outage: {zone: c, from: 20m, to: 10m}
                - latency: {service: cache, extra: 5ms, from: 1m, to: 2m}
                - error: {service: db, probability: 0.5, from: 1m, to: 2m}
                - {errors: {service: db, probability: 1, from: 1m, to: 2m}, latency: {}}
            """
        #expect(located(yaml) == [
            "8:33: unknown service `apii`; did you mean `api`?",
            "8:46: `count` expects a whole number from 1 to 1000000, found `0`",
            "9:27: unknown zone `c`; the zones are `a` and `b`",
            "9:45: `to` expects a time after `from` (20m), found `10m`",
            "10:26: unknown service `cache`; the services are `api` and `db`",
            "11:7: unknown key `error` in chaos item 4; did you mean `errors`?",
            "12:7: chaos item 5 expects a mapping with one key, `kill_instances`, `zone_outage`, `region_outage`, `latency`, "
                + "`errors`, `random_errors` or `storage_nodes_down`, found 2 keys",
        ])
    }

    @Test func generatedNamesMustNotClashWithHandWrittenOnes() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services: {edge: {}, home: {}}
              endpoints:
                synthetic: {arrival_rate: 1/s, call: {service: edge, work: 1ms}}
                home: {arrival_rate: 1/s, call: {service: svc-1-0, work: 1ms}}
              generate: {services: 3, layers: 2, fan_out: 2, arrival_rate: 5/s}
            """
        #expect(located(yaml) == [
            "5:14: service `edge` has the same name as a service that `generate` makes; rename it",
            "7:5: endpoint `synthetic` has the same name as the endpoint that `generate` makes; rename it",
            "8:5: endpoint `home` has the same name as service `home` (given at 5:24); "
                + "endpoint and service names must differ",
        ])
    }

    @Test func generateSettings() {
        func generate(_ settings: String) -> [String] {
            located("name: r\nduration: 1h\nruntime:\n  zones: [a]\n  generate: {\(settings)}\n")
        }
        #expect(generate("services: 3, layers: 5, fan_out: 0, arrival_rate: 5/s, work: 1ms, servrs: 2") == [
            "5:24: `services` expects a whole number of at least `layers` (5), found `3`",
            "5:47: `fan_out` expects a whole number from 1 to 1000000, found `0`",
            "5:80: unknown key `servrs` in `generate`; did you mean `servers`?",
        ])
        #expect(generate("services: 2, layers: 1, fan_out: 1, arrival_rate: 5/s") == [
            "5:24: `services` expects 1 with `layers: 1` (the edge alone), found `2`"
        ])
        #expect(generate("services: 100000, layers: 6, fan_out: 10, arrival_rate: 5/s") == [
            "5:13: `generate` would make a call tree of 222220001 calls, more than the 1000000 a run can hold; "
                + "use fewer `layers`, a smaller `fan_out` or fewer `services`"
        ])
    }

    @Test func rootCallHasNoProbability() {
        let yaml = """
            name: r
            duration: 1h
            runtime:
              zones: [a]
              services: {api: {}}
              endpoints:
                home:
                  arrival_rate: 1/s
                  call: {service: api, work: 1ms, probability: 0.5}
            """
        #expect(located(yaml) == [
            "9:39: `probability` does not apply to the root call of endpoint `home`: every request that arrives "
                + "makes its root call"
        ])
    }
}
