import Foundation
import SimKernel
import Testing

@testable import CloudModel
@testable import Scenario

/// Every shipped scenario under random chaos: instances killed, zones and storage nodes down,
/// latency and errors injected, at random times; the model's invariants (requests and storage
/// operations conserved, busy servers matching the work that holds them, no slot receiving an
/// event meant for an earlier occupant) are checked at random moments of each run.
@Suite("Chaos stress")
struct ChaosStressTests {
    /// The package's `scenarios/` folder, its YAML files in name order.
    static let shipped: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }()

    /// Requests or operations one stressed run aims at: enough to exercise every path, few
    /// enough to keep the suite fast.
    static let arrivalsPerRun = 10_000.0

    @Test("the crash of the review: a master in the zone that goes down, six replications, runs clean")
    func masterInTheLostZone() throws {
        let yaml = """
            name: master-in-lost-zone
            duration: 40s
            runtime:
              zones: [a, b, c]
              network:
                intra_zone: {distribution: exponential, mean: 2ms}
                cross_zone: {distribution: exponential, mean: 5ms}
              services:
                api: {instances: 6, servers: 32, health_check_delay: 5s, boot_time: 20s}
              storage:
                db:
                  primary_replica:
                    master_zone: a
                    replica_zone: b
                    failover_detection: 2s
                    promotion_time: 3s
                    node: {capacity_tb: 1, read_iops: 300000, write_iops: 300000, read_time: 100us, write_time: 50us, cpu_servers: 8, cpu_time: {distribution: exponential, mean: 100us}, queue_capacity: 256}
                    array: {read_iops: 20000, write_iops: 10000, read_time: 5ms, write_time: 1ms}
              endpoints:
                page:
                  arrival_rate: 1000/s
                  call:
                    service: api
                    work: {distribution: exponential, mean: 1ms}
                    calls:
                      - {storage: db, operation: write, client: {timeout: 50ms, retries: {max_attempts: 3, backoff: 1ms}}}
                      - {storage: db, operation: read, client: {timeout: 50ms, retries: {max_attempts: 3, backoff: 1ms}}}
              chaos:
                - zone_outage: {zone: a, from: 10s, to: 30s}
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "master-in-lost-zone.yaml")
        let spec = try #require(scenario.variants[0].runtime)
        for replication in 0..<6 {
            let problems = Self.run(spec, seed: scenario.seed, replication: replication, until: scenario.duration)
            #expect(problems == [], "replication \(replication)")
        }
    }

    @Test("replica sets (on disks and in memory) keep their invariants with the primary's zone lost and under random chaos")
    func replicaSets() throws {
        for node in [
            "{capacity_tb: 1, read_iops: 30000, write_iops: 30000, read_time: 100us, write_time: 50us, cpu_servers: 4, cpu_time: {distribution: exponential, mean: 100us}, queue_capacity: 64}",
            "{memory_gb: 16, cpu_servers: 1, cpu_time: {distribution: exponential, mean: 50us}, queue_capacity: 64}",
        ] {
            let yaml = """
                name: replica-set-in-lost-zone
                duration: 30s
                runtime:
                  zones: [a, b, c]
                  services:
                    api: {instances: 6, servers: 32, health_check_delay: 2s, boot_time: 5s}
                  storage:
                    db:
                      replica_set:
                        members: [a, b, c]
                        primary_zone: a
                        write_concern: majority
                        read_preference: nearest
                        failover_detection: 2s
                        election_time: 1s
                        node: \(node)
                  endpoints:
                    page:
                      arrival_rate: 800/s
                      call:
                        service: api
                        work: {distribution: exponential, mean: 1ms}
                        calls:
                          - {storage: db, operation: write, client: {timeout: 50ms, retries: {max_attempts: 3, backoff: 1ms}}}
                          - {storage: db, operation: read, client: {timeout: 50ms, retries: {max_attempts: 3, backoff: 1ms}}}
                  chaos:
                    - zone_outage: {zone: a, from: 8s, to: 20s}
                """
            let scenario = try ScenarioLoader.parse(yaml: yaml, file: "replica-set-in-lost-zone.yaml")
            let spec = try #require(scenario.variants[0].runtime)
            for replication in 0..<3 {
                let problems = Self.run(spec, seed: scenario.seed, replication: replication, until: scenario.duration)
                #expect(problems == [], "replication \(replication)")
            }
            for seed in UInt64(1)...4 {
                var random = SplitMix64(seed: seed)
                var chaotic = spec
                chaotic.chaos = Self.randomChaos(for: spec, until: scenario.duration, using: &random)
                let problems = Self.run(chaotic, seed: seed, replication: 0, until: scenario.duration)
                #expect(problems == [], "seed \(seed): \(chaotic.chaos)")
            }
        }
    }

    @Test("shipped runtime scenarios with every ring in memory (client-sharded, across regions too) keep their invariants under chaos")
    func inMemoryRings() throws {
        for name in ["region-failover.yaml", "service-storage.yaml"] {
            let path = try #require(Self.shipped.first { $0.hasSuffix("/" + name) })
            let scenario = try ScenarioLoader.load(path: path)
            for variant in scenario.variants {
                guard case .runtime(var spec) = variant.model else { continue }
                for index in spec.storage.indices {
                    guard case .ring(var ring) = spec.storage[index].cluster else { continue }
                    ring.profile = StorageNodeProfile(
                        memoryGB: 64, cpuServers: 1, cpuTime: .exponential(mean: 0.00005), queueCapacity: 128)
                    spec.storage[index].cluster = .ring(ring)
                }
                var random = SplitMix64(seed: 5 &+ UInt64(variant.name.utf8.count))
                let duration = Self.shortened(scenario.duration, rate: spec.endpoints.map(\.arrivals.peakRate).reduce(0, +))
                spec.chaos = Self.randomChaos(for: spec, until: duration, using: &random)
                let problems = Self.run(spec, seed: 5, replication: 0, until: duration)
                #expect(problems == [], "\(name) \(variant.name): \(spec.chaos)")
            }
        }
    }

    @Test("runtime and storage scenarios under random chaos keep their invariants", arguments: shipped)
    func randomChaos(path: String) throws {
        let scenario = try ScenarioLoader.load(path: path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        for variant in scenario.variants {
            for seed in UInt64(1)...2 {
                var random = SplitMix64(seed: seed &* 7919 &+ UInt64(variant.name.utf8.count))
                switch variant.model {
                case .runtime(var spec):
                    let duration = Self.shortened(
                        scenario.duration, rate: spec.endpoints.map(\.arrivals.peakRate).reduce(0, +))
                    spec.chaos = Self.randomChaos(for: spec, until: duration, using: &random)
                    let problems = Self.run(spec, seed: seed, replication: 0, until: duration)
                    #expect(problems == [], "\(name) \(variant.name) seed \(seed): \(spec.chaos)")
                case .storage(var spec):
                    let duration = Self.shortened(scenario.duration, rate: spec.workload.map(\.rate).reduce(0, +))
                    spec.failures = Self.randomFailures(for: spec, until: duration, using: &random)
                    let problems = Self.run(spec, seed: seed, until: duration)
                    #expect(problems == [], "\(name) \(variant.name) seed \(seed): \(spec.failures)")
                case .network, .productDevelopment:
                    // No chaos and no pooled records outliving their events: run short, as is.
                    let settings = RunSettings(
                        seed: seed, replication: 0,
                        duration: min(scenario.duration, 7 * 86_400 * SimTime.nanosecondsPerSecond),
                        warmUp: 0)
                    _ = ScenarioRunner.replicate(variant.model, settings: settings)
                }
            }
        }
    }

    @Test("runtime scenarios with cores on every instance group keep their invariants under chaos", arguments: shipped)
    func randomChaosOnCores(path: String) throws {
        let scenario = try ScenarioLoader.load(path: path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        for variant in scenario.variants {
            guard case .runtime(var spec) = variant.model else { continue }
            // A core for every four threads (a quarter of a core for one): some groups short of
            // processor, some not, fractions too.
            for index in spec.services.indices { spec.services[index].cores = Double(spec.services[index].servers) / 4 }
            for index in spec.deployables.indices {
                spec.deployables[index].cores = Double(spec.deployables[index].servers) / 4
            }
            var random = SplitMix64(seed: 3 &+ UInt64(variant.name.utf8.count))
            let duration = Self.shortened(scenario.duration, rate: spec.endpoints.map(\.arrivals.peakRate).reduce(0, +))
            spec.chaos = Self.randomChaos(for: spec, until: duration, using: &random)
            let problems = Self.run(spec, seed: 3, replication: 0, until: duration)
            #expect(problems == [], "\(name) \(variant.name): \(spec.chaos)")
        }
    }

    /// The scenario's duration, cut so that about `arrivalsPerRun` arrive at `rate` [1/s].
    static func shortened(_ duration: SimTime, rate: Double) -> SimTime {
        guard rate > 0 else { return duration }
        return min(duration, SimTime(seconds: arrivalsPerRun / rate))
    }

    /// Runs a runtime to `end`, checking its invariants at eight random moments and at the end;
    /// returns the first moment's problems, or none.
    static func run(_ spec: RuntimeSpec, seed: UInt64, replication: Int, until end: SimTime) -> [String] {
        var model = RuntimeModel(
            spec: spec, streams: RandomStreams(seed: seed, replication: replication), recordTimeseries: true)
        var simulator = Simulator<RuntimeModel.Event>()
        model.start(in: &simulator, warmUp: end / 10)
        var random = SplitMix64(seed: seed &+ UInt64(replication))
        for moment in checkpoints(until: end, using: &random) {
            simulator.run(&model, until: moment)
            let problems = model.invariantViolations()
            if !problems.isEmpty { return ["at \(moment.seconds) s"] + problems.prefix(5) }
        }
        _ = model.metrics(from: end / 10, to: end)
        return []
    }

    /// The same for a storage cluster on its own.
    static func run(_ spec: StorageSpec, seed: UInt64, until end: SimTime) -> [String] {
        var model = StorageModel(spec: spec, streams: RandomStreams(seed: seed, replication: 0))
        var simulator = Simulator<StorageModel.Event>()
        model.start(in: &simulator, warmUp: end / 10)
        var random = SplitMix64(seed: seed)
        for moment in checkpoints(until: end, using: &random) {
            simulator.run(&model, until: moment)
            let problems = model.invariantViolations()
            if !problems.isEmpty { return ["at \(moment.seconds) s"] + problems.prefix(5) }
        }
        _ = model.metrics(from: end / 10, to: end)
        return []
    }

    /// Eight random moments in (0, end), in order, then `end`.
    static func checkpoints(until end: SimTime, using random: inout SplitMix64) -> [SimTime] {
        (0..<8).map { _ in random.time(below: end) }.sorted() + [end]
    }

    /// Three to six faults of every kind the runtime has, on random targets at random times.
    static func randomChaos(for spec: RuntimeSpec, until end: SimTime, using random: inout SplitMix64) -> [ChaosSpec] {
        (0..<(3 + random.below(4))).map { _ in
            let from = random.time(below: end)
            let to = from + random.time(below: end - from) + 1
            let service = spec.services[random.below(spec.services.count)]
            switch random.below(spec.storage.isEmpty ? 4 : 5) {
            case 0: return .killInstances(service: service.name, count: 1 + random.below(service.instances), at: from)
            case 1: return .zoneOutage(zone: spec.zones[random.below(spec.zones.count)], from: from, to: to)
            case 2: return .latency(service: service.name, extra: .exponential(mean: 0.05), from: from, to: to)
            case 3 where random.below(2) == 0:
                // About five incidents over the run, healing after a tenth of it on average.
                let incidents = RandomIncidents(
                    rate: 5 / end.seconds, minErrorRatio: 0.1, maxErrorRatio: 1, duration: .exponential(mean: end.seconds / 10))
                return .randomErrors(service: service.name, incidents: incidents)
            case 3: return .errors(service: service.name, probability: 0.5, from: from, to: to)
            default:
                let cluster = spec.storage[random.below(spec.storage.count)]
                let nodes = cluster.cluster.nodeCount
                return .storageNodesDown(cluster: cluster.name, count: 1 + random.below(nodes - 1), from: from, to: to)
            }
        }
    }

    /// Two to four zone outages and node failures at random times.
    static func randomFailures(
        for spec: StorageSpec, until end: SimTime, using random: inout SplitMix64
    ) -> [StorageFailureSpec] {
        (0..<(2 + random.below(3))).map { _ in
            let from = random.time(below: end)
            let to = from + random.time(below: end - from) + 1
            if random.below(2) == 0 {
                return .zoneOutage(zone: spec.zones[random.below(spec.zones.count)], from: from, to: to)
            }
            return .nodesDown(count: 1 + random.below(spec.cluster.nodeCount - 1), from: from, to: to)
        }
    }
}

extension StorageClusterSpec {
    /// Nodes of the cluster: the ring's, the master and the slave, or the replica set's members.
    var nodeCount: Int {
        switch self {
        case .ring(let ring): ring.nodes
        case .primaryReplica: 2
        case .replicaSet(let set): set.members.count
        }
    }
}

/// A small deterministic generator for the test's own choices (Steele, Lea and Flood's SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0 ..< bound (bound ≥ 1).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Uniform in [0, bound) [ns].
    mutating func time(below bound: SimTime) -> SimTime { bound <= 0 ? 0 : SimTime(next() % UInt64(bound)) }
}
