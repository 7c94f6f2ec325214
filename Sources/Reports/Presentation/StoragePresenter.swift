import CloudModel
import SimKernel

/// Explains and draws a storage cluster under a client workload (`storage:`).
struct StoragePresenter: ModelPresenter {
    var storage: StorageSpec

    var kind: String { "a storage cluster under a client workload" }

    func sentences(duration: SimTime) -> [String] {
        var sentences = [
            "Region `\(storage.region)` has \(Wording.count(storage.zones.count, "zone")): "
                + Wording.list(storage.zones.map { "`\($0)`" }) + "; clients in every zone share the workload evenly."
        ]
        switch storage.cluster {
        case .ring(let ring):
            let kind =
                ring.profile.isInMemory
                ? "an in-memory store sharded by its clients (as Redis or Memcached clients do: no coordinator, "
                    + "each client sends straight to the replicas)"
                : "a Cassandra-style ring"
            sentences.append(
                "The cluster is \(kind) of \(ring.nodes) nodes (\(ringNodesPerZone(ring))) keeping "
                    + "\(Wording.count(ring.replicationFactor, "copy", "copies")) of each of \(ring.keys) keys, "
                    + "one per zone; \(profile(ring.profile)).")
        case .primaryReplica(let pair):
            sentences.append(
                "The cluster is a master database in zone `\(pair.masterZone)` with a slave in `\(pair.replicaZone)` "
                    + "on one shared array (\(Wording.number(pair.arrayReadIOPS)) reads/s, "
                    + "\(Wording.number(pair.arrayWriteIOPS)) writes/s); \(Wording.percent(pair.readsFromReplica)) "
                    + "of reads go to the slave; a failover takes \(Wording.time(pair.failoverDetection)) to notice "
                    + "and \(Wording.time(pair.promotionTime)) to promote.")
        case .replicaSet(let set):
            sentences.append(
                "The cluster is " + RuntimePresenter.describe(storage.cluster).joined(separator: " ") + "; "
                    + profile(set.profile) + ".")
        }
        for stream in storage.workload {
            sentences.append(
                "Workload `\(stream.name)`: \(Wording.rate(stream.rate)) \(stream.operation.rawValue)s at consistency "
                    + "\(stream.consistency.rawValue), keys \(keys(stream.keys)).")
        }
        sentences.append("Operations slower than \(Wording.time(storage.latencyTarget)) miss the latency target.")
        for failure in storage.failures {
            switch failure {
            case .zoneOutage(let zone, let from, let to):
                sentences.append("Failure: zone `\(zone)` is down from \(Wording.time(from)) to \(Wording.time(to)).")
            case .nodesDown(let count, let from, let to):
                sentences.append(
                    "Failure: \(Wording.count(count, "node")) chosen at random are down from \(Wording.time(from)) "
                        + "to \(Wording.time(to)).")
            }
        }
        return sentences
    }

    var metricsGuide: [String] {
        [
            "`availability` is the share of operations that succeeded; `throughput_within_target` counts only "
                + "those faster than the latency target; `response_time_*` are client latencies.",
            "`during_failures.*` looks only at operations that arrived while a failure was on.",
            "`cluster.*` is the capacity plan (`cluster.max_client_writes`, `cluster.cost_per_hour`) and what the "
                + "run did (`cluster.cpu_utilisation`, `cluster.disk_write_utilisation`, `cluster.hints_stored`).",
        ] + (isReplicaSet
            ? ["A replica set also reports `cluster.elections` and `cluster.no_primary_time` (time without a primary)."]
            : [])
    }

    private var isReplicaSet: Bool {
        if case .replicaSet = storage.cluster { true } else { false }
    }

    /// Ring nodes per zone: spread round-robin.
    func ringNodes(_ ring: RingClusterSpec) -> [String: Int] {
        var counts: [String: Int] = [:]
        for zone in ring.nodeZones(zoneCount: storage.zones.count) { counts[storage.zones[zone], default: 0] += 1 }
        return counts
    }

    private func ringNodesPerZone(_ ring: RingClusterSpec) -> String {
        let counts = ringNodes(ring)
        return Wording.list(storage.zones.compactMap { zone in counts[zone].map { "\($0) in `\(zone)`" } })
    }

    private func profile(_ node: StorageNodeProfile) -> String {
        Self.profile(node)
    }

    /// A node profile in a few words: its disks or memory, and its cores.
    static func profile(_ node: StorageNodeProfile) -> String {
        let cores = Wording.count(node.cpuServers, "core")
        guard let capacity = node.capacityTB, let reads = node.readIOPS, let writes = node.writeIOPS else {
            let memory = Wording.number(node.memoryGB ?? 0)
            return "a node keeps \(memory) GB in memory, with no disk (its work is its CPU alone), \(cores)"
                + (node.cpuServers == 1 ? " (single-threaded, as Redis)" : "")
        }
        return "a node has \(Wording.number(capacity)) TB, \(Wording.number(reads)) reads/s and "
            + "\(Wording.number(writes)) writes/s of disk, \(cores)"
    }

    private func keys(_ keys: KeyDistribution) -> String {
        switch keys {
        case .uniform: "uniformly"
        case .zipf(let exponent): "by popularity (Zipf, exponent \(Wording.number(exponent)))"
        }
    }

    /// Zones as boxes with their clients and storage nodes (cylinders), drawn down while an
    /// outage is on; client edges carry the zone's share of each workload [operations/s] with
    /// its consistency level (a ring's; a master/slave pair has none); the cluster's kind, and
    /// nodes down at random, under the picture.
    func graph(name: String, duration: SimTime) -> DOTGraph {
        var graph = DOTGraph(name: name)
        var legend = GraphLegend()
        legend.use(.zones)
        legend.use(.calls)
        var zoneDown: [String: [String]] = [:]
        var randomDown: [String] = []
        for failure in storage.failures {
            switch failure {
            case .zoneOutage(let zone, let from, let to):
                zoneDown[zone, default: []].append(GraphStyle.window(from, to))
            case .nodesDown(let count, let from, let to):
                randomDown.append("\(Wording.count(count, "node")) chosen at random \(GraphStyle.window(from, to))")
            }
        }
        if !zoneDown.isEmpty || !randomDown.isEmpty { legend.use(.down) }
        let boxes = Dictionary(
            uniqueKeysWithValues: storage.zones.map {
                ($0, GraphStyle.zone($0, down: zoneDown[$0] != nil, windows: zoneDown[$0] ?? []))
            })
        for zone in storage.zones {
            graph.node("clients@\(zone)", label: .text("clients \(zone)"), in: boxes[zone]!, ["shape": "plaintext"])
        }
        // The zone's share of each workload, as lines "333/s reads at QUORUM".
        let zoneShare = 1 / Double(storage.zones.count)
        func load(_ operation: StorageOperation, share: Double, consistency: Bool) -> [String] {
            var rates: [(key: String, rate: Double)] = []
            for stream in storage.workload where stream.operation == operation {
                let key = "\(operation.rawValue)s" + (consistency ? " at \(stream.consistency.rawValue)" : "")
                if let index = rates.firstIndex(where: { $0.key == key }) {
                    rates[index].rate += stream.rate * zoneShare * share
                } else {
                    rates.append((key, stream.rate * zoneShare * share))
                }
            }
            return rates.filter { $0.rate > 0 }.map { "\(Wording.rate($0.rate)) \($0.key)" }
        }
        switch storage.cluster {
        case .ring(let ring):
            legend.use(.storageCalls)
            let counts = ringNodes(ring)
            let lines = load(.read, share: 1, consistency: true) + load(.write, share: 1, consistency: true)
            for zone in storage.zones {
                guard let count = counts[zone] else { continue }
                graph.node(
                    "ring@\(zone)", label: .text("ring nodes\n× \(count)"), in: boxes[zone]!, ["shape": "cylinder"])
                graph.edge("clients@\(zone)", "ring@\(zone)", label: lines.joined(separator: "\n"))
            }
            // Replication: every write reaches RF replicas, one per zone. Unlabelled and not
            // ranked, so that the zones stay side by side.
            let zonesWithNodes = storage.zones.filter { counts[$0] != nil }
            for (from, to) in zip(zonesWithNodes, zonesWithNodes.dropFirst() + zonesWithNodes.prefix(1))
            where from != to {
                legend.use(.replication)
                graph.edge("ring@\(from)", "ring@\(to)", ["style": "dashed", "dir": "both", "constraint": "false"])
            }
        case .primaryReplica(let pair):
            graph.node("master", label: .text("master"), in: boxes[pair.masterZone]!, ["shape": "cylinder"])
            graph.node("slave", label: .text("slave"), in: boxes[pair.replicaZone]!, ["shape": "cylinder"])
            graph.node(
                "array", label: .text("shared array"),
                ["shape": "cylinder", "style": "filled", "fillcolor": "lightgrey"])
            let toMaster =
                load(.write, share: 1, consistency: false)
                + load(.read, share: 1 - pair.readsFromReplica, consistency: false)
            let toSlave = load(.read, share: pair.readsFromReplica, consistency: false)
            for zone in storage.zones {
                graph.edge("clients@\(zone)", "master", label: toMaster.joined(separator: "\n"))
                if !toSlave.isEmpty { graph.edge("clients@\(zone)", "slave", label: toSlave.joined(separator: "\n")) }
            }
            graph.edge("master", "array", ["style": "dashed"])
            graph.edge("slave", "array", ["style": "dashed"])
            graph.edge(
                "master", "slave",
                label: "failover: noticed after \(Wording.time(pair.failoverDetection)),\npromoted after "
                    + Wording.time(pair.promotionTime),
                ["style": "dotted"])
        case .replicaSet(let set):
            // Members as cylinders in their zones; writes (and primary reads) go to the primary,
            // which replicates to every secondary.
            legend.use(.replication)
            let primaryIndex = set.members.firstIndex(of: set.primaryZone) ?? 0
            for (index, zone) in set.members.enumerated() {
                graph.node(
                    "member\(index)", label: .text(index == primaryIndex ? "primary" : "secondary"), in: boxes[zone]!,
                    ["shape": "cylinder"])
            }
            let toPrimary =
                load(.write, share: 1, consistency: false)
                + (set.readPreference == .primary ? load(.read, share: 1, consistency: false) : [])
            for zone in storage.zones {
                graph.edge("clients@\(zone)", "member\(primaryIndex)", label: toPrimary.joined(separator: "\n"))
            }
            for index in set.members.indices where index != primaryIndex {
                graph.edge("member\(primaryIndex)", "member\(index)", ["style": "dashed", "constraint": "false"])
            }
        }
        graph.caption =
            [HTMLLabel.escape(RuntimePresenter.describe(storage.cluster, name: { $0 }).joined(separator: " ") + ".")]
            + randomDown.map { HTMLLabel.coloured($0) } + legend.rows
        return graph
    }
}
