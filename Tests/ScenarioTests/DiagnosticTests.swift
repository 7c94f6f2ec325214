import Testing

@testable import Scenario

/// Each class of problem is reported at the right line and column, with what was expected
/// and what was found.
@Suite struct DiagnosticTests {
    @Test func yamlSyntaxErrorIsOneDiagnosticAtItsPosition() {
        let yaml = """
            name: m
            model:
              services
                api: {}
            """
        #expect(located(yaml) == ["4:8: invalid YAML: mapping values are not allowed in this context"])
        #expect(located("name: 'open\n") == [
            "2:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at 1:7)"
        ])
        #expect(located("- a\n---\n- b\n") == [
            "2:1: invalid YAML: expected a single document in the stream, but found another document"
        ])
    }

    @Test func typeMismatchPointsAtTheValue() {
        let yaml = """
            name: m
            duration: 10
            model:
              services:
                api: {servers: four}
              requests: []
            """
        #expect(located(yaml) == [
            "2:11: `duration` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `10`",
            "5:20: `servers` expects a whole number from 1 to 1000000, found `four`",
            "6:13: `requests` expects a mapping of request names to their arrivals and paths, found a list",
        ])
    }

    @Test func outOfRangeValues() {
        let yaml = """
            name: m
            duration: 5m
            warmup: 5m
            model:
              services:
                api: {servers: 0}
              requests:
                get:
                  arrival_rate: -5/s
                  path:
                    - service: api
                      service_time: -1ms
                      probability: 1.5
            """
        #expect(located(yaml) == [
            "3:9: `warmup` (5m) must be shorter than `duration` (5m)",
            "6:20: `servers` expects a whole number from 1 to 1000000, found `0`",
            "9:21: `arrival_rate` must be positive, found `-5/s`",
            "12:25: `service_time` must not be negative, found `-1ms`",
            "13:24: `probability` expects a number from 0 to 1, found `1.5`",
        ])
    }

    @Test func unknownKeySuggestsTheNearestOrListsThemAll() {
        let yaml = "name: m\nduration: 1m\nreplicaitons: 3\ncolour: red\n" + minimalModel
        #expect(located(yaml) == [
            "3:1: unknown key `replicaitons` in the scenario; did you mean `replications`?",
            "4:1: unknown key `colour` in the scenario; expected `name`, `description`, `seed`, `duration`, "
                + "`warmup`, `replications`, `model`, `runtime`, `storage`, `monitoring`, `product_development`, `delivery`, `variants`, `sweep`, `baseline` or `metrics`",
        ])
    }

    @Test func unknownServiceSuggestsTheNearestOrListsThem() {
        let yaml = """
            name: m
            duration: 1m
            model:
              services: {api: {}, db: {}}
              requests:
                get:
                  arrival_rate: 1/s
                  path:
                    - {service: dbb, service_time: 1ms}
                    - {service: queue, service_time: 1ms}
            """
        #expect(located(yaml) == [
            "9:21: unknown service `dbb`; did you mean `db`?",
            "10:21: unknown service `queue`; the services are `api` and `db`",
        ])
    }

    @Test func duplicateKeysAreReportedAtEachRepeat() {
        let yaml = """
            name: m
            duration: 1m
            duration: 2m
            model:
              services:
                api: {servers: 1, servers: 2}
              requests:
                get: {arrival_rate: 1/s, path: [{service: api, service_time: 1ms}]}
            name: n
            """
        #expect(located(yaml) == [
            "3:1: duplicate key `duration`; first given at 2:1",
            "6:23: duplicate key `servers`; first given at 6:11",
            "9:1: duplicate key `name`; first given at 1:1",
        ])
    }

    @Test func missingRequiredKeyPointsAtTheMapping() {
        let yaml = """
            name: m
            model:
              services:
                api: {}
              requests:
                get:
                  path:
                    - service_time: 1ms
            """
        #expect(located(yaml) == [
            "1:1: missing required key `duration` in the scenario",
            "7:7: missing required key `arrival_rate` or `interarrival` in request `get`",
            "8:11: missing required key `service` in call 1 of request `get`",
        ])
    }

    @Test func everyProblemInAFileIsReportedInFileOrder() {
        let yaml = """
            name: "my scenario"
            seed: -1
            duration: 1x
            model:
              services:
                api: {routing: roundrobin, queue_capacity: lots}
                db: []
              requests:
                api:
                  interarrival: {distribution: expo, mean: 1s}
                  path: []
            """
        #expect(located(yaml) == [
            "1:7: `name` expects letters, digits, `-`, `_` or `.` (but not `.` or `..`), found `my scenario`",
            "2:7: `seed` expects a whole number from 0 to 18446744073709551615, found `-1`",
            "3:11: `duration` expects a duration with a unit, like `250ms`, `2m20s` or `1h`, found `1x`",
            "6:20: `routing` expects one of `round_robin`, `least_outstanding` or `random`, found `roundrobin`; "
                + "did you mean `round_robin`?",
            "6:48: `queue_capacity` expects a whole number of at least 0, or `unlimited`, found `lots`",
            "7:9: service `db` expects a mapping of settings (`{}` for all defaults), found a list",
            "9:5: request `api` has the same name as service `api` (given at 6:5); request and service names must differ",
            "10:36: `distribution` expects one of `constant`, `uniform`, `exponential`, `normal`, `lognormal`, "
                + "`gamma`, `weibull`, `pareto` or `empirical`, found `expo`; did you mean `exponential`?",
            "11:13: `path` expects a non-empty list of calls, like `- service: api`, found an empty list",
        ])
    }

    @Test func bothAlternativesGivenIsReportedAtTheSecond() {
        let yaml = """
            name: m
            duration: 1m
            model:
              services: {api: {}}
              requests:
                get:
                  arrival_rate: 1/s
                  interarrival: 1s
                  path: [{service: api, service_time: 1ms}]
            """
        #expect(located(yaml) == [
            "8:7: request `get` expects only one of `arrival_rate` or `interarrival`, found both"
        ])
    }

    @Test func emptyValuesReadAsNothing() {
        let yaml = "name:\nduration: 1m\n" + minimalModel
        #expect(located(yaml) == [
            "1:6: `name` expects letters, digits, `-`, `_` or `.` (but not `.` or `..`), found nothing"
        ])
    }
}
