import CloudModel
import Foundation
import SimKernel
import Testing

@testable import Scenario

@Suite struct LoaderTests {
    static let fullFile = """
        name: shop-1.0_b
        description: Checkout under load
        seed: 42
        duration: 2h
        warmup: 10m
        replications: 5
        model:
          services:
            api:
              instances: 2
              servers: 4
              queue_capacity: 100
              routing: least_outstanding
            db:
              queue_capacity: unlimited
              routing: random
            cache: {}
          requests:
            checkout:
              arrival_rate: 3000/min
              path:
                - service: api
                  service_time: 250ms
                - service: cache
                  service_time: {distribution: exponential, rate: 200/s}
                - service: db
                  probability: 0.25
                  service_time:
                    distribution: lognormal
                    mu: -3
                    sigma: 0.5
            browse:
              interarrival: {distribution: uniform, min: 10ms, max: 30ms}
              path:
                - service: api
                  service_time: {distribution: gamma, shape: 2, scale: 5ms}
        variants:
          baseline:
            description: as is
          small:
            model:
              services: {api: {servers: 1}}
        """

    @Test func fullFileLoadsIntoTheExpectedDescription() throws {
        let scenario = try ScenarioLoader.parse(yaml: Self.fullFile, file: "shop.yaml")
        let base = ModelSpec(
            services: [
                ServiceSpec(name: "api", instances: 2, servers: 4, queueCapacity: 100, routing: .leastOutstanding),
                ServiceSpec(name: "db", instances: 1, servers: 1, queueCapacity: nil, routing: .random),
                ServiceSpec(name: "cache"),
            ],
            requests: [
                RequestTypeSpec(
                    name: "checkout", interarrival: .exponential(mean: 1.0 / 50),
                    path: [
                        CallSpec(service: "api", serviceTime: .constant(0.25)),
                        CallSpec(service: "cache", serviceTime: .exponential(mean: 1.0 / 200)),
                        CallSpec(service: "db", serviceTime: .lognormal(mu: -3, sigma: 0.5), probability: 0.25),
                    ]),
                RequestTypeSpec(
                    name: "browse", interarrival: .uniform(min: 0.01, max: 0.03),
                    path: [CallSpec(service: "api", serviceTime: .gamma(shape: 2, scale: 0.005))]),
            ])
        var small = base
        small.services[0].servers = 1
        let expected = ScenarioDescription(
            name: "shop-1.0_b", description: "Checkout under load", seed: 42,
            duration: 7_200 * SimTime.nanosecondsPerSecond, warmUp: 600 * SimTime.nanosecondsPerSecond,
            replications: 5,
            variants: [
                VariantDescription(name: "baseline", description: "as is", model: .network(base)),
                VariantDescription(name: "small", description: "", model: .network(small)),
            ])
        #expect(scenario == expected)
    }

    @Test func defaultsFillTheOptionalKeys() throws {
        let scenario = try ScenarioLoader.parse(yaml: "name: m\nduration: 1m\n" + minimalModel, file: "m.yaml")
        #expect(scenario.description == "")
        #expect(scenario.seed == 1)
        #expect(scenario.warmUp == 0)
        #expect(scenario.replications == 10)
        #expect(scenario.variants.map(\.name) == ["base"])
        let model = try #require(scenario.variants[0].network)
        #expect(model.services == [ServiceSpec(name: "api", instances: 1, servers: 1, queueCapacity: nil, routing: .roundRobin)])
        #expect(model.requests[0].path == [CallSpec(service: "api", serviceTime: .constant(0.05), probability: 1)])
    }

    @Test func loadReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cnsim-\(UUID()).yaml").path
        try Self.fullFile.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ScenarioLoader.load(path: path).name == "shop-1.0_b")
    }

    @Test func anUnreadableFileIsOneDiagnosticAtTheStart() throws {
        let path = "/nonexistent/cnsim/missing.yaml"
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0) == (path, 1, 1))
        #expect(error.diagnostics.first?.message.contains("no file at") == true)
        let folder = FileManager.default.temporaryDirectory.path
        let folderError = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(path: folder) }
        #expect(folderError.diagnostics.first?.message.contains("is a folder") == true)
    }

    @Test func anEmptyFileIsAClearError() {
        for text in ["", "\n", "# only a comment\n"] {
            let found = located(text)
            #expect(found.count == 1)
            #expect(found.first?.hasPrefix("1:1: the file is empty") == true)
        }
    }

    @Test func aTopLevelThatIsNotAMappingIsAClearError() {
        #expect(located("- a\n- b\n") == [
            "1:1: a scenario file expects a mapping with keys such as `name:`, `duration:` and `model:`, `runtime:`, "
                + "`storage:` or `product_development:`, found a list"
        ])
    }

    @Test func diagnosticsCarryTheFileName() {
        #expect(diagnostics("name: [").first?.description.hasPrefix("test.yaml:") == true)
    }
}
