import ArgumentParser
import CloudModel
import Foundation
import Scenario
import SimKernel

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the kernel's speed: events per second on reference models.",
        discussion: """
            Build with `swift build -c release` first: a debug build is 10-50 times slower. \
            The M/M/4 case runs at utilisation 0.8 with full statistics (tallies, time-weighted \
            averages and HdrHistogram percentiles).
            """
    )

    enum CaseName: String, ExpressibleByArgument, CaseIterable {
        case all, mm4, synthetic, storage, headline
        case syntheticRegions = "synthetic-regions"
        case syntheticCores = "synthetic-cores"
        case storageInMemory = "storage-in-memory"
        case runtimeStorage = "runtime-storage"
        case runtimeMonitoring = "runtime-monitoring"
        case runtimeDelivery = "runtime-delivery"
        case runtimeTrain = "runtime-train"
        case runtimeIncidents = "runtime-incidents"
        case runtimeSocial = "runtime-social"
    }

    @Option(help: "Which case to run: \(CaseName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var `case`: CaseName = .all

    @Option(help: "Customers in the M/M/4 case.")
    var customers: Int = 1_000_000

    @Option(help: "Simulated seconds of the synthetic call-graph case.")
    var seconds: Double = 600

    @Option(help: "Simulated seconds of the storage case.")
    var storageSeconds: Double = 10

    @Option(help: "Simulated seconds of the runtime-storage and runtime-monitoring cases.")
    var runtimeStorageSeconds: Double = 60

    @Option(help: "Scenario file of the headline case (every variant, replication 0, its own duration).")
    var headlineScenario = "scenarios/monolith-vs-microservices.yaml"

    @Option(help: "Scenario file of the runtime-delivery case (every variant, its own duration).")
    var runtimeDeliveryScenario = "scenarios/bad-canary.yaml"

    @Option(help: "Scenario file of the runtime-train case (every variant, its own duration).")
    var runtimeTrainScenario = "scenarios/release-train.yaml"

    @Option(help: "Scenario file of the runtime-incidents case (every variant, its own duration).")
    var runtimeIncidentsScenario = "scenarios/monitoring-random-failures.yaml"

    @Option(help: "Scenario file of the runtime-social case (every variant, its own duration).")
    var runtimeSocialScenario = "scenarios/social-network.yaml"

    /// Width of the case-name column (the longest variant's name fits).
    static let nameWidth = 34

    func validate() throws {
        if customers < 1 { throw ValidationError("--customers expects a whole number of at least 1") }
        if !(seconds > 0) { throw ValidationError("--seconds expects a positive number") }
        if !(storageSeconds > 0) { throw ValidationError("--storage-seconds expects a positive number") }
        if !(runtimeStorageSeconds > 0) {
            throw ValidationError("--runtime-storage-seconds expects a positive number")
        }
    }

    func run() throws {
        Console.out(
            "case".padding(toLength: Self.nameWidth, withPad: " ", startingAt: 0)
                + "     events     wall s   events/s   peak RSS MiB\n")
        if [.all, .mm4].contains(self.case) { report(BenchCase.mm4(customers: customers)) }
        if [.all, .synthetic].contains(self.case) { report(BenchCase.synthetic(seconds: seconds)) }
        if [.all, .syntheticRegions].contains(self.case) {
            report(BenchCase.synthetic(seconds: seconds, regions: 3))
        }
        if [.all, .syntheticCores].contains(self.case) { report(BenchCase.synthetic(seconds: seconds, cores: true)) }
        if [.all, .storage].contains(self.case) { report(BenchCase.storage(seconds: storageSeconds)) }
        if [.all, .storageInMemory].contains(self.case) { report(BenchCase.storageInMemory(seconds: storageSeconds)) }
        if [.all, .runtimeStorage].contains(self.case) {
            report(BenchCase.runtimeStorage(seconds: runtimeStorageSeconds))
        }
        if [.all, .runtimeMonitoring].contains(self.case) {
            report(BenchCase.runtimeMonitoring(seconds: runtimeStorageSeconds))
        }
        if [.all, .runtimeDelivery].contains(self.case) {
            for benchCase in try BenchCase.runtimeDelivery(scenario: loadScenario(runtimeDeliveryScenario)) {
                report(benchCase)
            }
        }
        if [.all, .runtimeTrain].contains(self.case) {
            let scenario = try loadScenario(runtimeTrainScenario)
            for benchCase in BenchCase.runtimeDelivery(scenario: scenario, prefix: "runtime-train-") {
                report(benchCase)
            }
        }
        if [.all, .runtimeIncidents].contains(self.case) {
            // Random incidents, repairs, and datapoints by the minute to the second.
            let scenario = try loadScenario(runtimeIncidentsScenario)
            for benchCase in BenchCase.runtimeDelivery(scenario: scenario, prefix: "runtime-incidents-") {
                report(benchCase)
            }
        }
        if [.all, .runtimeSocial].contains(self.case) {
            // Stages, repeats, caches read through and refilled, breakers, in-memory rings, replica
            // sets and an election, a queue with redeliveries, under a zone outage.
            let scenario = try loadScenario(runtimeSocialScenario)
            for benchCase in BenchCase.runtimeDelivery(scenario: scenario, prefix: "runtime-social-") {
                report(benchCase)
            }
        }
        if [.all, .headline].contains(self.case) {
            // Four weeks of one world: packaging, deploys, monitoring, a storage ring, fast-forwarded.
            for benchCase in try BenchCase.runtimeDelivery(scenario: loadScenario(headlineScenario), prefix: "headline-") {
                report(benchCase)
            }
        }
    }

    func report(_ benchCase: BenchCase) {
        let clock = ContinuousClock()
        let start = clock.now
        let result: ReplicationResult
        switch benchCase.model {
        case .network(let model): result = Replication.run(model, settings: benchCase.settings)
        case .runtime(let runtime): result = RuntimeReplication.run(runtime, settings: benchCase.settings)
        case .storage(let storage): result = StorageReplication.run(storage, settings: benchCase.settings)
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = elapsed.seconds
        let numbers = String(
            format: " %10d %10.3f %10.0f %14.1f\n", result.events, seconds, Double(result.events) / seconds,
            peakResidentMiB())
        Console.out(benchCase.name.padding(toLength: Self.nameWidth, withPad: " ", startingAt: 0) + numbers)
    }

    /// Largest resident set of this process so far [MiB].
    func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// A reference model for `cnsim bench`.
struct BenchCase {
    enum Model {
        case network(ModelSpec)
        case runtime(RuntimeSpec)
        case storage(StorageSpec)
    }

    var name: String
    var model: Model
    var settings: RunSettings

    /// M/M/4 at utilisation 0.8: service mean 1 s, arrivals 3.2/s, run long enough for
    /// `customers` arrivals on average.
    static func mm4(customers: Int) -> BenchCase {
        let rate = 3.2
        let model = ModelSpec(
            services: [ServiceSpec(name: "server", servers: 4)],
            requests: [
                RequestTypeSpec(
                    name: "customer", interarrival: .exponential(mean: 1 / rate),
                    path: [CallSpec(service: "server", serviceTime: .exponential(mean: 1))])
            ])
        let duration = SimTime(seconds: Double(customers) / rate)
        return BenchCase(
            name: "mm4-rho0.8", model: .network(model),
            settings: RunSettings(seed: 1, replication: 0, duration: duration, warmUp: 0))
    }

    /// A generated graph of 200 services in 3 layers with fan-out 2 (7 calls a request), 3
    /// instances each over 3 zones (600 instances), 10 000 requests/s, with 1 s timeouts. The
    /// edge holds a server for a whole request, so it gets more of them. With `regions` above 1,
    /// the same graph in that many regions of 3 zones each, an instance of every service in
    /// each region and users spread equally: the region rules' cost per event. With `cores`, the
    /// edge's instances have 8 cores (about 6.7 busy) and the others 1 (about 0.2 busy): the
    /// processor sharing's cost per event.
    static func synthetic(seconds: Double, regions: Int = 1, cores: Bool = false) -> BenchCase {
        let graph = SyntheticGraphSpec(
            services: 200, layers: 3, fanOut: 2, instancesPerService: 3, servers: 16,
            work: .exponential(mean: 0.002), arrivalRate: 10_000, pricePerHour: 0.1,
            client: ClientPolicy(timeout: SimTime.nanosecondsPerSecond))
        var (services, endpoint) = SyntheticGraph.generate(graph, seed: 1)
        services[0].servers = 256
        if cores {
            for index in services.indices { services[index].cores = index == 0 ? 8 : 1 }
        }
        var runtime = RuntimeSpec(zones: ["a", "b", "c"], services: services, endpoints: [endpoint])
        if regions > 1 {
            runtime.regions = (1...regions).map { region in
                RegionSpec(name: "r\(region)", zones: ["a", "b", "c"].map { "r\(region)\($0)" }, traffic: 1 / Double(regions))
            }
            runtime.region = runtime.regions[0].name
            runtime.zones = runtime.regions.flatMap(\.zones)
            // 3 instances round-robin over all 9 zones would all land in the first region.
            for index in runtime.services.indices { runtime.services[index].zones = runtime.regions.map { $0.zones[0] } }
        }
        let name = regions > 1 ? "synthetic-200-\(regions)regions" : cores ? "synthetic-200-cores" : "synthetic-200"
        return BenchCase(
            name: name, model: .runtime(runtime),
            settings: RunSettings(seed: 1, replication: 0, duration: SimTime(seconds: seconds), warmUp: 0))
    }

    /// Services on storage: 5 000 requests/s enter `edge`, which calls `profiles` (a read of the
    /// ring `users` at LOCAL_QUORUM, Zipf keys) and `events` (a write at ONE), each through a
    /// client with a timeout; a 12-node SSD ring in three zones (RF 3).
    static func runtimeStorage(seconds: Double) -> BenchCase {
        let node = StorageNodeProfile(
            capacityTB: 6.4, readIOPS: 300_000, writeIOPS: 300_000, readTime: .constant(0.0001),
            writeTime: .constant(0.00005), cpuServers: 8, cpuTime: .exponential(mean: 0.0001), queueCapacity: 256)
        let client = ClientPolicy(timeout: SimTime(seconds: 0.05))
        func service(_ name: String, storage access: StorageAccess) -> CallNode {
            CallNode(
                service: name, work: .exponential(mean: 0.001),
                children: [CallNode(storage: "users", access: access, client: client)], client: client)
        }
        let root = CallNode(
            service: "edge", work: .exponential(mean: 0.0005), fanOut: .parallel(waitFor: nil),
            children: [
                service(
                    "profiles",
                    storage: StorageAccess(operation: .read, keys: .zipf(exponent: 1.1), consistency: .localQuorum)),
                service("events", storage: StorageAccess(operation: .write, consistency: .one)),
            ])
        let runtime = RuntimeSpec(
            zones: ["a", "b", "c"],
            services: ["edge", "profiles", "events"].map { RuntimeServiceSpec(name: $0, instances: 6, servers: 64) },
            endpoints: [EndpointSpec(name: "page", arrivals: .constant(5_000), root: root)],
            storage: [
                RuntimeStorageSpec(
                    name: "users", cluster: .ring(RingClusterSpec(nodes: 12, profile: node, keys: 100_000)))
            ])
        return BenchCase(
            name: "runtime-storage", model: .runtime(runtime),
            settings: RunSettings(seed: 1, replication: 0, duration: SimTime(seconds: seconds), warmUp: 0))
    }

    /// The runtime-storage case with every service watched by the second: the p99 latency of
    /// each window through three stages, so each call also fills a histogram (the costliest metric).
    static func runtimeMonitoring(seconds: Double) -> BenchCase {
        var benchCase = runtimeStorage(seconds: seconds)
        guard case .runtime(var runtime) = benchCase.model else { preconditionFailure("runtime-storage is a runtime") }
        let second = SimTime.nanosecondsPerSecond
        runtime.monitoring = RuntimeMonitoringSpec(
            pipeline: MonitoringSpec(
                resolution: second,
                stages: ["arrival", "processing", "display"].map {
                    MonitoringStage(name: $0, period: second, delay: .constant(0.2))
                },
                rule: AlertRule(threshold: 0.05, consecutive: 3)),
            metric: .latencyPercentile(99))
        benchCase.name = "runtime-monitoring"
        benchCase.model = .runtime(runtime)
        return benchCase
    }

    /// A 288-node ring in three zones (RF 3) taking 1 000 000 client writes/s at ONE: the scale
    /// of Netflix's 2011 benchmark.
    static func storage(seconds: Double) -> BenchCase {
        let node = StorageNodeProfile(
            capacityTB: 1.68, readIOPS: 400, writeIOPS: 20_000, readTime: .constant(0.01), writeTime: .constant(0.0001),
            cpuServers: 4, cpuTime: .exponential(mean: 0.0002), queueCapacity: 64, pricePerHour: 0.68)
        let storage = StorageSpec(
            zones: ["a", "b", "c"], cluster: .ring(RingClusterSpec(nodes: 288, profile: node)),
            workload: [StorageWorkloadSpec(name: "writes", operation: .write, rate: 1_000_000, consistency: .one)])
        return BenchCase(
            name: "storage-288", model: .storage(storage),
            settings: RunSettings(seed: 1, replication: 0, duration: SimTime(seconds: seconds), warmUp: 0))
    }

    /// A Redis-style in-memory ring: 30 single-threaded nodes in three zones (RF 2, no
    /// coordinator: clients send straight to the replicas) taking 400 000 reads/s and 100 000
    /// writes/s at ONE, its CPUs a fifth busy.
    static func storageInMemory(seconds: Double) -> BenchCase {
        let node = StorageNodeProfile(
            memoryGB: 64, cpuServers: 1, cpuTime: .exponential(mean: 0.00001), queueCapacity: 1024, pricePerHour: 1.2)
        let storage = StorageSpec(
            zones: ["a", "b", "c"],
            cluster: .ring(RingClusterSpec(nodes: 30, replicationFactor: 2, profile: node)),
            workload: [
                StorageWorkloadSpec(name: "reads", operation: .read, rate: 400_000, keys: .zipf(exponent: 1.1), consistency: .one),
                StorageWorkloadSpec(name: "writes", operation: .write, rate: 100_000, consistency: .one),
            ])
        return BenchCase(
            name: "storage-in-memory-30", model: .storage(storage),
            settings: RunSettings(seed: 1, replication: 0, duration: SimTime(seconds: seconds), warmUp: 0))
    }

    /// Every variant of a runtime scenario with deploys (by default the bad canary: a deploy, a
    /// canary group, monitoring per server group and a rollback; for `runtime-train`, the release
    /// train: in-place batches, a hotfix or the next train, feature flags; for `headline`, four
    /// weeks of the headline's world) over its own duration, replication 0.
    static func runtimeDelivery(scenario: ScenarioDescription, prefix: String = "runtime-delivery-") -> [BenchCase] {
        scenario.variants.compactMap { variant in
            guard case .runtime(let spec) = variant.model else { return nil }
            return BenchCase(
                name: prefix + variant.name, model: .runtime(spec),
                settings: RunSettings(seed: scenario.seed, replication: 0, duration: scenario.duration, warmUp: 0))
        }
    }
}
