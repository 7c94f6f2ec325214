import CloudModel
import Testing

@testable import Scenario

/// `sweep:` makes a variant per point of its axes' cartesian product, named from the values;
/// crossed with the file's variants when both are given.
@Suite struct SweepTests {
    static let base = """
        name: s
        duration: 1m
        model:
          services: {api: {servers: 1}}
          requests:
            get:
              arrival_rate: 1/s
              path: [{service: api, service_time: 100ms}]
        """

    @Test("points in file order, the first axis slowest; a named axis moves its paths together")
    func namesAndOrder() throws {
        let yaml = Self.base + """

            sweep:
              model.services.api.servers: [1, 2]
              load:
                model.requests.get.arrival_rate: [1/s, 2/s, 4/s]
                model.requests.get.path: [[{service: api, service_time: 100ms}], [{service: api, service_time: 50ms}], [{service: api, service_time: 25ms}]]
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "s.yaml")
        #expect(scenario.variants.map(\.name) == [
            "servers=1,load=1/s", "servers=1,load=2/s", "servers=1,load=4/s",
            "servers=2,load=1/s", "servers=2,load=2/s", "servers=2,load=4/s",
        ])
        #expect(scenario.baselineVariant == "servers=1,load=1/s")
        guard case .network(let last) = scenario.variants[5].model else {
            Issue.record("not a network")
            return
        }
        #expect(last.services[0].servers == 2)
        #expect(last.requests[0].path[0].serviceTime == .constant(0.025))
    }

    @Test("crossed with the file's variants: VARIANT+POINT, variant-major, the point after the variant's own settings")
    func crossed() throws {
        let yaml = Self.base + """

            variants:
              one: {description: one server}
              two: {model: {services: {api: {servers: 2}}}}
            sweep:
              model.requests.get.arrival_rate: [1/s, 3/s]
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "s.yaml")
        #expect(scenario.variants.map(\.name) == ["one+arrival_rate=1/s", "one+arrival_rate=3/s", "two+arrival_rate=1/s", "two+arrival_rate=3/s"])
        #expect(scenario.variants[3].description == "sweep point arrival_rate=3/s")
        #expect(scenario.variants[1].description == "one server; arrival_rate=3/s")
    }

    @Test func diagnostics() {
        let yaml = Self.base + """

            sweep:
              model.requests.get.arrival_rate: []
              pair:
                model.services.api.servers: [1, 2]
                model.requests.get.arrival_rate: [1/s]
              odd: 3
            """
        #expect(located(yaml) == [
            "10:36: sweep axis `model.requests.get.arrival_rate` has no values; give at least one",
            "13:38: the lists of sweep axis `pair` move together, so they have the same length: "
                + "`model.services.api.servers` has 2 values, this one 1",
            "14:8: sweep axis `odd` expects a list of values, or a mapping of setting paths to lists, found `3`",
        ])
        let path = Self.base + """

            sweep:
              model.services.api.servres: [1, 2]
              model.servics.api.servers: [1]
            """
        // A point whose path names nothing is not read further (its other settings are reported
        // with the points where every path holds).
        #expect(located(path) == [
            "11:3: `sweep` path `model.servics.api.servers` names nothing: `model` has no key `servics`; "
                + "did you mean `model.services`?",
        ])
    }
}
