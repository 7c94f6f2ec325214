@testable import CloudModel
import SimKernel
import Testing

@Suite("Runtime: regions, cross-region routing and DNS failover")
struct RuntimeRegionTests {
    /// Regions `east` (zone e1) and `west` (zone w1), 50 ms between them, no delay inside one.
    static func twoRegions(services: [RuntimeServiceSpec], root: CallNode, rate: Double, chaos: [ChaosSpec] = []) -> RuntimeSpec {
        let regions = [
            RegionSpec(name: "east", zones: ["e1"], traffic: 0.5), RegionSpec(name: "west", zones: ["w1"], traffic: 0.5),
        ]
        return RuntimeSpec(
            region: "east", zones: ["e1", "w1"], regions: regions, dnsFailover: at(60),
            network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0.001), crossRegion: .constant(0.05)),
            services: services, endpoints: [EndpointSpec(name: "get", arrivals: .constant(rate), root: root)], chaos: chaos)
    }

    @Test("a call stays in its region when the callee runs there, else pays the cross-region delay each way")
    func crossRegionCall() {
        let spec = Self.twoRegions(
            services: [
                RuntimeServiceSpec(name: "api", instances: 2, servers: 64),
                RuntimeServiceSpec(name: "db", instances: 1, zones: ["w1"], servers: 64),
            ],
            root: CallNode(service: "api", work: .constant(0.01), children: [CallNode(service: "db", work: .constant(0.002))]),
            rate: 2)
        let (model, metrics) = runRuntime(spec, seconds: 600)
        // One api instance per region; users alternate between the regions.
        #expect(model.instances.filter { $0.deployable == 0 }.map(\.zone).sorted() == [0, 1])
        #expect(abs(metrics["east.requests"]! - metrics["west.requests"]!) <= 1)
        // East: 10 ms of api, 50 ms to west, 2 ms of db, 50 ms back. West: 10 + 2 ms.
        #expect(abs(metrics["east.response_time_mean"]! - 0.112) < 1e-9, "\(metrics["east.response_time_mean"]!)")
        #expect(abs(metrics["west.response_time_mean"]! - 0.012) < 1e-9, "\(metrics["west.response_time_mean"]!)")
        #expect(abs(metrics["response_time_mean"]! - 0.062) < 0.001)
        #expect(metrics["availability"]! == 1)
    }

    @Test("a region's users fail from its outage until DNS failover, then are served from the other region")
    func dnsFailover() {
        let lambda = 10.0
        let spec = Self.twoRegions(
            services: [
                RuntimeServiceSpec(
                    name: "api", instances: 2, servers: 64, bootTime: .constant(60), healthCheckDelay: at(10),
                    pricePerHour: 1)
            ],
            root: CallNode(service: "api", work: .constant(0.01)), rate: lambda,
            chaos: [.regionOutage(region: "east", from: at(100), to: at(400))])
        let (model, metrics) = runRuntime(spec, seconds: 600)
        // East's users fail from the outage (100 s) until DNS sends them west (100 + 60 s):
        // first on the dead instance (until the health check, 10 s), then with none in the region.
        let expected = lambda / 2 * 60
        #expect(abs(metrics["east.failed"]! - expected) < 4 * expected.squareRoot(), "\(metrics["east.failed"]!)")
        #expect(abs(metrics["east.failed_error"]! - lambda / 2 * 10) < 4 * (lambda / 2 * 10).squareRoot())
        #expect(metrics["west.failed"]! == 0)
        // East's users served west from 160 s until east's replacement, launched when the
        // region is back (400 s), has booted (460 s): 110 ms then, 10 ms otherwise.
        let answered = [(240.0, 0.01), (300.0, 0.11)]
        let mean = answered.map { $0.0 * $0.1 }.reduce(0, +) / answered.map(\.0).reduce(0, +)
        #expect(abs(metrics["east.response_time_mean"]! - mean) < 0.05 * mean, "\(metrics["east.response_time_mean"]!) vs \(mean)")
        #expect(metrics["west.response_time_mean"]! == 0.01)
        // The lost instance was replaced in its own region, not in the survivor.
        #expect(model.instances.map(\.zone) == [0, 1, 0])
        // East's instance-hours: 0–100 s, then the replacement from 400 s (booting included).
        #expect(abs(metrics["east.instance_hours"]! - (100 + 10 + 200) / 3600) < 1e-9, "\(metrics["east.instance_hours"]!)")
        #expect(abs(metrics["west.cost"]! - 600.0 / 3600) < 1e-9)
        #expect(abs(metrics["east.cost"]! + metrics["west.cost"]! - metrics["cost"]!) < 1e-12)
    }

    @Test("traffic shares split users between regions in proportion")
    func trafficShares() {
        var spec = Self.twoRegions(
            services: [RuntimeServiceSpec(name: "api", instances: 2, servers: 64)],
            root: CallNode(service: "api", work: .constant(0.01)), rate: 10)
        spec.regions[0].traffic = 0.8
        spec.regions[1].traffic = 0.2
        let (_, metrics) = runRuntime(spec, seconds: 100)
        let requests = metrics["requests"]!
        #expect(abs(metrics["east.requests"]! - 0.8 * requests) <= 1)
    }

    @Test("one region written as `regions` runs exactly as `region` with `zones`")
    func oneRegionIsTheOldWay() {
        let old = twoTier(chaos: [.zoneOutage(zone: "b", from: at(20), to: at(40))])
        var new = old
        new.regions = [RegionSpec(name: old.region, zones: old.zones, traffic: 1)]
        new.chaos = [.zoneOutage(zone: "b", from: at(20), to: at(40))]
        #expect(runRuntime(old, seconds: 60).metrics == runRuntime(new, seconds: 60).metrics)
    }

    /// `api` in zone e1 writes to a ring of 4 nodes (e1, e2, w1, w2), 2 replicas per region (every
    /// node holds every key); 1 ms of CPU and 2 ms of disk per copy, 1 ms between zones, 50 ms
    /// between regions.
    static func writes(_ consistency: ConsistencyLevel) -> RuntimeSpec {
        let profile = StorageNodeProfile(
            capacityTB: 1, readIOPS: 1_000_000, writeIOPS: 1_000_000, readTime: .constant(0.002),
            writeTime: .constant(0.002), cpuServers: 64, cpuTime: .constant(0.001))
        var ring = RingClusterSpec(nodes: 4, virtualNodes: 8, replicationFactor: 4, profile: profile, keys: 1000)
        ring.replicasPerRegion = [2, 2]
        return RuntimeSpec(
            region: "east", zones: ["e1", "e2", "w1", "w2"],
            regions: [
                RegionSpec(name: "east", zones: ["e1", "e2"], traffic: 1), RegionSpec(name: "west", zones: ["w1", "w2"], traffic: 0),
            ],
            network: NetworkSpec(intraZone: .constant(0), crossZone: .constant(0.001), crossRegion: .constant(0.05)),
            services: [RuntimeServiceSpec(name: "api", instances: 1, zones: ["e1"], servers: 64)],
            endpoints: [
                EndpointSpec(
                    name: "put", arrivals: .constant(1), entryZone: "e1",
                    root: CallNode(
                        service: "api", work: .constant(0.01),
                        children: [CallNode(storage: "users", access: StorageAccess(operation: .write, consistency: consistency))]))
            ],
            storage: [RuntimeStorageSpec(name: "users", cluster: .ring(ring))])
    }

    @Test(
        "a write is acknowledged after the replicas its level counts; remote replicas apply it 54 ms after it started",
        arguments: [
            // Coordinator in e1 (1 ms of CPU), then each copy: e1 at 1 + 3 = 4 ms, e2 at 1 + 1 + 3 + 1
            // = 6 ms, west's at 1 + 50 + 3 = 54 ms applied, 104 ms back.
            (ConsistencyLevel.localOne, 0.004, 0.050), (.localQuorum, 0.006, 0.048), (.eachQuorum, 0.104, 0),
            (.quorum, 0.104, 0), (.one, 0.004, 0.050),
        ])
    func regionalConsistency(consistency: ConsistencyLevel, latency: Double, lag: Double) {
        let (_, metrics) = runRuntime(Self.writes(consistency), seconds: 60)
        #expect(abs(metrics["users.response_time_mean"]! - latency) < 1e-9, "\(metrics["users.response_time_mean"]!)")
        #expect(abs(metrics["response_time_mean"]! - 0.01 - latency) < 1e-9)
        #expect(abs(metrics["users.replication_lag_mean"]! - lag) < 1e-9, "\(metrics["users.replication_lag_mean"]!)")
        #expect(metrics["users.replicated_writes"]! == metrics["requests"]!)
        // Half the nodes are in each region, and so is half the cluster's cost.
        #expect(metrics["users.nodes"]! == 4)
    }

    @Test("with the other region down, LOCAL_QUORUM writes go on and EACH_QUORUM writes fail")
    func regionDownForWrites() {
        for (consistency, availability) in [(ConsistencyLevel.localQuorum, 1.0), (.eachQuorum, 0.0)] {
            var spec = Self.writes(consistency)
            spec.chaos = [.regionOutage(region: "west", from: 0, to: at(60))]
            let (_, metrics) = runRuntime(spec, seconds: 60)
            #expect(metrics["availability"]! == availability, "\(consistency)")
            // No write reached every remote replica: none has a lag.
            #expect(metrics["users.replicated_writes"]! == 0)
        }
    }
}
