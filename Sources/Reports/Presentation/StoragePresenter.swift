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
            sentences.append(
                "The cluster is a Cassandra-style ring of \(ring.nodes) nodes (\(ringNodesPerZone(ring))) keeping "
                    + "\(Wording.count(ring.replicationFactor, "copy", "copies")) of each of \(ring.keys) keys, "
                    + "one per zone; \(profile(ring.profile)).")
        case .primaryReplica(let pair):
            sentences.append(
                "The cluster is a master database in zone `\(pair.masterZone)` with a slave in `\(pair.replicaZone)` "
                    + "on one shared array (\(Wording.number(pair.arrayReadIOPS)) reads/s, "
                    + "\(Wording.number(pair.arrayWriteIOPS)) writes/s); \(Wording.percent(pair.readsFromReplica)) "
                    + "of reads go to the slave; a failover takes \(Wording.time(pair.failoverDetection)) to notice "
                    + "and \(Wording.time(pair.promotionTime)) to promote.")
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
        ]
    }

    /// Ring nodes per zone: spread round-robin.
    func ringNodes(_ ring: RingClusterSpec) -> [String: Int] {
        var counts: [String: Int] = [:]
        for index in 0..<ring.nodes { counts[storage.zones[index % storage.zones.count], default: 0] += 1 }
        return counts
    }

    private func ringNodesPerZone(_ ring: RingClusterSpec) -> String {
        let counts = ringNodes(ring)
        return Wording.list(storage.zones.compactMap { zone in counts[zone].map { "\($0) in `\(zone)`" } })
    }

    private func profile(_ node: StorageNodeProfile) -> String {
        "a node has \(Wording.number(node.capacityTB)) TB, \(Wording.number(node.readIOPS)) reads/s and "
            + "\(Wording.number(node.writeIOPS)) writes/s of disk, \(Wording.count(node.cpuServers, "core"))"
    }

    private func keys(_ keys: KeyDistribution) -> String {
        switch keys {
        case .uniform: "uniformly"
        case .zipf(let exponent): "by popularity (Zipf, exponent \(Wording.number(exponent)))"
        }
    }

    /// Zones as clusters with their clients and storage nodes (cylinders); client edges carry the
    /// zone's share of the workload [operations/s].
    func graph(name: String, duration: SimTime) -> DOTGraph {
        var graph = DOTGraph(name: name)
        let zoneShare = 1 / Double(storage.zones.count)
        let rate = { (operation: StorageOperation) -> Double in
            storage.workload.filter { $0.operation == operation }.reduce(0) { $0 + $1.rate } * zoneShare
        }
        let (reads, writes) = (rate(.read), rate(.write))
        for zone in storage.zones {
            graph.node(
                "clients@\(zone)", label: "clients \(zone)", in: "zone_\(zone)", clusterLabel: "zone \(zone)",
                ["shape": "plaintext"])
        }
        switch storage.cluster {
        case .ring(let ring):
            let counts = ringNodes(ring)
            for zone in storage.zones {
                guard let count = counts[zone] else { continue }
                let id = "ring@\(zone)"
                graph.node(
                    id, label: "ring nodes\n× \(count)", in: "zone_\(zone)", clusterLabel: "zone \(zone)",
                    ["shape": "cylinder"])
                graph.edge("clients@\(zone)", id, label: "\(Wording.rate(reads + writes))")
            }
            // Replication: every write reaches RF replicas, one per zone.
            let zonesWithNodes = storage.zones.filter { counts[$0] != nil }
            for (from, to) in zip(zonesWithNodes, zonesWithNodes.dropFirst() + zonesWithNodes.prefix(1))
            where from != to {
                graph.edge("ring@\(from)", "ring@\(to)", label: "replicas", ["style": "dashed", "dir": "both"])
            }
        case .primaryReplica(let pair):
            graph.node("master", label: "master", in: "zone_\(pair.masterZone)", clusterLabel: "zone \(pair.masterZone)", ["shape": "cylinder"])
            graph.node("slave", label: "slave", in: "zone_\(pair.replicaZone)", clusterLabel: "zone \(pair.replicaZone)", ["shape": "cylinder"])
            graph.node("array", label: "shared array", ["shape": "cylinder", "style": "filled", "fillcolor": "lightgrey"])
            for zone in storage.zones {
                graph.edge("clients@\(zone)", "master", label: Wording.rate(writes + reads * (1 - pair.readsFromReplica)))
                if pair.readsFromReplica > 0 {
                    graph.edge("clients@\(zone)", "slave", label: Wording.rate(reads * pair.readsFromReplica))
                }
            }
            graph.edge("master", "array", ["style": "dashed"])
            graph.edge("slave", "array", ["style": "dashed"])
        }
        return graph
    }
}
