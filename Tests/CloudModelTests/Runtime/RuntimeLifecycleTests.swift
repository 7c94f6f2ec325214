@testable import CloudModel
import SimKernel
import Testing

@Suite("Runtime: instance lifecycle bookkeeping")
struct RuntimeLifecycleTests {
    @Test("counts of instances in service and alive match the instances, through failures, scale-out and draining")
    func countsMatch() {
        let api = RuntimeServiceSpec(
            name: "api", instances: 3, servers: 4, bootTime: .constant(30), timeToFailure: .exponential(mean: 60),
            healthCheckDelay: at(5),
            autoscaling: AutoscalingSpec(
                minInstances: 2, maxInstances: 12, target: .utilisation(0.5), evaluationPeriod: at(20), cooldown: at(30)))
        let ramp = RateSchedule(points: [
            .init(time: 0, rate: 0.2), .init(time: at(300), rate: 2), .init(time: at(600), rate: 0.2),
        ])
        let spec = RuntimeSpec(
            zones: ["a", "b", "c"], services: [api],
            endpoints: [EndpointSpec(name: "get", arrivals: ramp, root: CallNode(service: "api", work: .constant(10)))],
            chaos: [.killInstances(service: "api", count: 2, at: at(450)), .zoneOutage(zone: "b", from: at(500), to: at(700))])
        // Ten-second calls keep drained instances draining long enough for failures to hit them.
        for seed in 1...10 as ClosedRange<UInt64> {
            let (model, metrics) = runRuntime(spec, seconds: 900, seed: seed)
            let inService = model.instances.filter { $0.lifecycle == .inService }.count
            let alive = model.instances.filter { $0.lifecycle != .terminated }.count
            #expect(model.deployables[0].inService.value == Double(inService))
            #expect(model.serverGroups[0].alive == alive)
            #expect(model.statistics.deployables[0].aliveInstances.value == Double(alive))
            #expect(metrics["api.scale_ins"]! > 0 && metrics["api.scale_outs"]! > 0 && metrics["api.instance_failures"]! > 0)
            for load in model.loads { #expect(load.busy >= 0) }
        }
    }
}
