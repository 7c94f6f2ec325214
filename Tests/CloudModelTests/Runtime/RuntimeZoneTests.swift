@testable import CloudModel
import SimKernel
import Testing

@Suite("Runtime: zones, placement and routing")
struct RuntimeZoneTests {
    @Test("balanced placement puts equal numbers in each zone")
    func placement() {
        let spec = twoTier(backend: RuntimeServiceSpec(name: "backend", instances: 7, servers: 8))
        let (model, _) = runRuntime(spec, seconds: 1)
        let zones = model.instances.filter { $0.deployable == 1 }.map(\.zone)
        #expect(zones.filter { $0 == 0 }.count == 3)
        #expect(zones.filter { $0 == 1 }.count == 2)
        #expect(zones.filter { $0 == 2 }.count == 2)
    }

    @Test("zone-aware balancing keeps traffic in the caller's zone until it is saturated")
    func zoneAware() {
        var spec = twoTier(rate: 30)
        spec.endpoints[0].entryZone = "a"
        let (model, _) = runRuntime(spec, seconds: 100)
        for instance in model.instances {
            if instance.zone == 0 { #expect(instance.served > 0) } else { #expect(instance.served == 0) }
        }
        // Round robin spreads over every zone instead.
        spec.services[1].loadBalancing = .roundRobin
        let (spread, _) = runRuntime(spec, seconds: 100)
        #expect(spread.instances.filter { $0.deployable == 1 }.allSatisfy { $0.served > 500 })
    }

    @Test("a zone outage removes exactly the traffic no other zone can take")
    func zoneOutage() {
        let lambda = 10.0
        let boot = 30.0
        let spec = RuntimeSpec(
            zones: ["a", "b"],
            services: [RuntimeServiceSpec(name: "api", instances: 2, zones: ["a"], servers: 16, bootTime: .constant(boot))],
            endpoints: [EndpointSpec(name: "get", arrivals: .constant(lambda), root: CallNode(service: "api", work: .constant(0.01)))],
            chaos: [.zoneOutage(zone: "a", from: at(200), to: at(500))])
        let (_, metrics) = runRuntime(spec, seconds: 1000)
        // Nothing can serve from the outage until replacements have booted after it.
        let expected = lambda * (500 - 200 + boot)
        #expect(abs(metrics["failed"]! - expected) < 4 * expected.squareRoot(), "\(metrics["failed"]!) vs \(expected)")
        #expect(metrics["api.instance_failures"]! == 2)
        #expect(metrics["in_flight"]! <= 1)
    }

    @Test("with a second zone, replacements launch there and traffic recovers after boot")
    func zoneSurvival() {
        let spec = RuntimeSpec(
            zones: ["a", "b", "c"],
            services: [
                RuntimeServiceSpec(name: "api", instances: 3, servers: 16, bootTime: .constant(30), healthCheckDelay: at(10))
            ],
            endpoints: [EndpointSpec(name: "get", arrivals: .constant(10), root: CallNode(service: "api", work: .constant(0.01)))],
            chaos: [.zoneOutage(zone: "a", from: at(200), to: at(800))])
        let (model, metrics) = runRuntime(spec, seconds: 1000)
        // Only calls routed to the dead instance before the health check noticed fail.
        #expect(metrics["failed"]! < 10 * 12)
        #expect(metrics["failed"]! > 0)
        let replacement = model.instances.last!
        #expect(replacement.zone != 0)
    }
}
