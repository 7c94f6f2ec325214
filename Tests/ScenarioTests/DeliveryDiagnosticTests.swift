import CloudModel
import SimKernel
import Testing

@testable import Scenario

/// The retired `delivery:` kind is named as such; the headline, its successor, loads as one world.
@Suite struct DeliveryDiagnosticTests {
    @Test func retiredKind() {
        let yaml = """
            name: d
            duration: 1d
            delivery:
              request_rate: 10/s
            """
        #expect(located(yaml) == [
            "4:3: `delivery:` scenarios now run inside a runtime: write `runtime:` with the services and the calls "
                + "they make, `deployables:` for a monolith, and `delivery:` and `monitoring:` within it "
                + "(see scenarios/monolith-vs-microservices.yaml)"
        ])
    }

    /// The headline scenario loads as one world: the same call graph packaged as a monolith on a
    /// train, or as microservices deployed with canaries; minute or second monitoring.
    @Test func headlineScenarioVariants() throws {
        let scenario = try ScenarioLoader.load(path: "scenarios/monolith-vs-microservices.yaml")
        let specs = scenario.variants.compactMap { variant -> RuntimeSpec? in
            guard case .runtime(let spec) = variant.model else { return nil }
            return spec
        }
        #expect(specs.count == 3)
        guard specs.count == 3, let monolith = specs[0].delivery, let micro = specs[1].delivery,
            let second = specs[2].delivery
        else { return }
        // One deployable holds the api and the ten services; edge stays on its own.
        #expect(specs[0].packaging.map(\.name) == ["edge", "shop"])
        #expect(specs[0].packaging[1].services.count == 11)
        #expect(specs[1].packaging.count == 12 && specs[1].deployables.isEmpty)
        #expect(monolith.release == .train && monolith.train?.trainPeriod == 14 * 86_400 * 1_000_000_000)
        #expect(micro.release == .immutable && micro.immutable?.canaryShare == 0.05 && second == micro)
        #expect(monolith.organisation == micro.organisation && monolith.organisation?.developers == 100)
        let (minute, oneSecond): (SimTime, SimTime) = (60 * 1_000_000_000, 1_000_000_000)
        #expect(specs[1].monitoring?.pipeline.resolution == minute)
        #expect(specs[2].monitoring?.pipeline.resolution == oneSecond)
        #expect(specs[2].monitoring?.pipeline.rule == specs[1].monitoring?.pipeline.rule)
        #expect(specs.allSatisfy { $0.fastForward != nil && $0.storage.count == 1 })
    }
}
