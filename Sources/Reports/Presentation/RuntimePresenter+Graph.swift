import CloudModel
import SimKernel

/// `cnsim graph` of a runtime: zones in a row with what runs in each, the services (a
/// monolith's inside its deployable's box) with their call edges, storage clusters, and what
/// the file's chaos does to them.
extension RuntimePresenter {
    /// Zones as boxes listing the instances and storage nodes they hold, drawn down while an
    /// outage is on; services with what they run on, their faults and what monitoring watches;
    /// call edges with first attempts per second (from the spec, without retries) and the
    /// caller's client policy; endpoints as entry nodes; a legend of the marks used under it.
    func graph(name: String, duration: SimTime) -> DOTGraph {
        var graph = DOTGraph(name: name)
        var legend = GraphLegend()
        addZones(to: &graph, legend: &legend)
        addDeployables(to: &graph, legend: &legend)
        for storage in runtime.storage {
            let down = storageDownLines(of: storage.name)
            if !down.isEmpty { legend.use(.down) }
            let lines =
                [HTMLLabel.bold(storage.name)]
                + Self.describe(storage.cluster, name: { $0 }).map(HTMLLabel.escape)
                + down.map { HTMLLabel.coloured($0) }
            graph.node(
                "storage:" + storage.name, label: .html(HTMLLabel.lines(lines)),
                ["shape": "cylinder"].merging(GraphStyle.outline(down: !down.isEmpty, rounded: false)) { $1 })
        }
        for queue in runtime.queues {
            let lines = [
                HTMLLabel.bold(queue.name), HTMLLabel.escape("queue of \(queue.capacity)"),
                HTMLLabel.escape(
                    "\(queue.concurrency) per instance at once"
                        + (queue.maxAge.map { ", max age \(Wording.time($0))" } ?? "")),
            ]
            graph.node("queue:" + queue.name, label: .html(HTMLLabel.lines(lines)), ["shape": "box3d"])
            legend.use(.queues)
        }
        for endpoint in runtime.endpoints {
            let lines = [HTMLLabel.bold(endpoint.name), Wording.rate(endpoint.arrivals.meanRate(over: duration))]
            // The margin keeps the label off the arrow's point, where it would spill out of the shape.
            graph.node(
                "endpoint:" + endpoint.name, label: .html(HTMLLabel.lines(lines)),
                ["shape": "cds", "margin": "0.3,0.12"])
        }
        addCalls(to: &graph, legend: &legend, duration: duration)
        graph.caption = legend.rows
        return graph
    }

    /// A box per zone (inside its region's when there are several) listing what runs there; the
    /// zones chained by invisible edges so that they lie in a row.
    private func addZones(to graph: inout DOTGraph, legend: inout GraphLegend) {
        legend.use(.zones)
        var zoneDown: [String: [String]] = [:]
        var regionDown: [String: [String]] = [:]
        for chaos in runtime.chaos {
            switch chaos {
            case .zoneOutage(let zone, let from, let to):
                zoneDown[zone, default: []].append(GraphStyle.window(from, to))
            case .regionOutage(let region, let from, let to):
                regionDown[region, default: []].append(GraphStyle.window(from, to))
            default: break
            }
        }
        var previous: String?
        for region in runtime.regionList {
            let regionIsDown = regionDown[region.name] != nil
            let outer =
                runtime.regions.isEmpty ? nil : GraphStyle.region(region.name, windows: regionDown[region.name] ?? [])
            for zone in region.zones {
                let isDown = regionIsDown || zoneDown[zone] != nil
                if isDown { legend.use(.down) }
                let residents = residents(of: zone)
                let table =
                    residents.isEmpty
                    ? HTMLLabel.table([["nothing at the start"]], colour: GraphStyle.downText)
                    : HTMLLabel.table(residents, colour: isDown ? GraphStyle.downText : nil)
                graph.node(
                    "zone:\(zone)", label: .html(table),
                    in: GraphStyle.zone(zone, down: isDown, windows: zoneDown[zone] ?? []), within: outer,
                    ["shape": "plain"])
                if let previous { graph.edge(previous, "zone:\(zone)", ["style": "invis"]) }
                previous = "zone:\(zone)"
            }
        }
    }

    /// What starts in `zone`: each deployable's instances and each storage cluster's nodes, a row
    /// of name and amount each.
    private func residents(of zone: String) -> [[String]] {
        var rows = runtime.packaging.compactMap { deployable in
            placement(deployable)[zone].map { [HTMLLabel.escape(deployable.name), Wording.count($0, "instance")] }
        }
        for storage in runtime.storage {
            let amount: String?
            switch storage.cluster {
            case .ring(let ring):
                let nodes = ring.nodeZones(zoneCount: runtime.zones.count).filter { runtime.zones[$0] == zone }.count
                amount = nodes == 0 ? nil : Wording.count(nodes, "node")
            case .primaryReplica(let pair):
                amount = pair.masterZone == zone ? "master" : pair.replicaZone == zone ? "slave" : nil
            case .replicaSet(let set):
                let here = set.members.count { $0 == zone }
                amount =
                    here == 0
                    ? nil : set.primaryZone == zone ? (here == 1 ? "primary" : "primary + \(here - 1) more") : Wording.count(here, "secondary", "secondaries")
            }
            if let amount { rows.append([HTMLLabel.escape(storage.name), amount]) }
        }
        return rows
    }

    /// Each deployable: a microservice as one node, several services as a box (the deployable)
    /// around a node for each.
    private func addDeployables(to graph: inout DOTGraph, legend: inout GraphLegend) {
        for deployable in runtime.packaging {
            var facts = ["\(deployable.instances) × \(Wording.count(deployable.servers, "server"))"]
            if let cores = deployable.cores { facts[0] += ", \(Self.cores(cores))" }
            if let scaling = deployable.autoscaling {
                facts.append("autoscaling \(scaling.minInstances)–\(scaling.maxInstances)")
            }
            if let delivery = runtime.delivery { facts.append(releaseLabel(delivery, of: deployable.name)) }
            // Chaos kills instances of the deployable whichever of its services it names.
            let killed = deployable.services.flatMap(killLines)
            if !killed.isEmpty { legend.use(.down) }
            if deployable.isMicroservice {
                let (label, attributes) = serviceNode(deployable.name, facts: facts, down: killed, legend: &legend)
                graph.node("service:" + deployable.name, label: label, attributes)
                continue
            }
            legend.use(.deployable)
            let name =
                HTMLLabel.bold("deployable \(deployable.name)") + HTMLLabel.escape(": " + facts.joined(separator: ", "))
            let box = DOTGraph.Box(
                id: "deployable_\(deployable.name)",
                label: .html(([name] + killed.map { HTMLLabel.coloured($0) }).joined(separator: " · ")),
                killed.isEmpty ? ["style": "rounded"] : ["style": "rounded,dashed", "color": HTMLLabel.faultColour])
            for member in deployable.services {
                let (label, attributes) = serviceNode(member, facts: [], down: [], legend: &legend)
                graph.node("service:" + member, label: label, in: box, attributes)
            }
        }
    }

    /// A service's label (its name, `facts`, what monitoring watches, then what is `down` and its
    /// faults, in red) and its outline: dashed red when down, red when a fault touches it.
    private func serviceNode(
        _ service: String, facts: [String], down: [String], legend: inout GraphLegend
    ) -> (DOTGraph.Label, [String: String]) {
        let faults = faultLines(of: service)
        if !faults.isEmpty { legend.use(.fault) }
        let lines =
            [HTMLLabel.bold(service)] + (facts + watchLines(of: service)).map(HTMLLabel.escape)
            + (down + faults).map { HTMLLabel.coloured($0) }
        return (.html(HTMLLabel.lines(lines)), GraphStyle.outline(down: !down.isEmpty, fault: !faults.isEmpty))
    }

    /// Calls per second between services, summed per caller, callee and what the call is (its
    /// client policy, a storage call's operation and consistency level): calls that differ get
    /// edges of their own. In-process calls inside a deployable are dashed.
    private func addCalls(to graph: inout DOTGraph, legend: inout GraphLegend, duration: SimTime) {
        let rings = CallSetting.consistencyMatters(in: runtime)
        var policies = false
        let edges = CallRates(runtime: runtime, duration: duration).edges { node in
            let access = CallSetting.access(node, consistencyMatters: rings.contains(node.service))
            if !CallSetting.policy(node.client).isEmpty { policies = true }
            let settings = [CallSetting.repetitions(node), access].compactMap { $0 } + CallSetting.policy(node.client)
            return Wording.wrap(settings.flatMap(\.short))
                .joined(separator: "\n")
        }
        let deployableOf = Dictionary(
            uniqueKeysWithValues: runtime.packaging.flatMap { deployable in
                deployable.services.map { ("service:" + $0, deployable.name) }
            })
        if policies { legend.use(.policies) }
        for pair in edges.order {
            legend.use(.calls)
            if pair.to.hasPrefix("storage:") { legend.use(.storageCalls) }
            let rate = Wording.rate(edges.rates[pair] ?? 0)
            let inProcess = pair.from != pair.to && deployableOf[pair.from].map { deployableOf[pair.to] == $0 } == true
            // A cache's `on error` calls have no rate before the run: the branch names them.
            let head = pair.branch == "on error" ? "on error" : rate + (pair.branch.isEmpty ? "" : " " + pair.branch)
            let label = ([head + (inProcess ? " in-process" : "")] + (pair.detail.isEmpty ? [] : [pair.detail]))
                .joined(separator: "\n")
            if inProcess { legend.use(.inProcess) }
            if !pair.branch.isEmpty { legend.use(.cacheCalls) }
            graph.edge(pair.from, pair.to, label: label, inProcess || !pair.branch.isEmpty ? ["style": "dashed"] : [:])
        }
    }

    /// The faults chaos puts in calls to `service`, a line each.
    private func faultLines(of service: String) -> [String] {
        runtime.chaos.compactMap { chaos -> String? in
            switch chaos {
            case .errors(let name, let probability, let from, let to) where name == service:
                return "errors \(Wording.percent(probability)) \(Wording.time(from))–\(Wording.time(to))"
            case .randomErrors(let name, let incidents) where name == service:
                let share = Self.share(of: incidents, range: { "\($0)–\($1)" })
                return "incidents \(Self.perDay(incidents.rate)), \(share) failing"
            case .latency(let name, let extra, let from, let to) where name == service:
                return "latency +\(Wording.short(extra)) \(Wording.time(from))–\(Wording.time(to))"
            default:
                return nil
            }
        }
    }

    /// Instances chaos kills naming `service`, a line each.
    private func killLines(of service: String) -> [String] {
        runtime.chaos.compactMap { chaos in
            guard case .killInstances(let name, let count, let at) = chaos, name == service else { return nil }
            return "\(Wording.count(count, "instance")) killed at \(Wording.time(at))"
        }
    }

    /// Storage nodes of `cluster` the chaos takes down, a line each.
    private func storageDownLines(of cluster: String) -> [String] {
        runtime.chaos.compactMap { chaos in
            guard case .storageNodesDown(let name, let count, let from, let to) = chaos, name == cluster else {
                return nil
            }
            return "\(Wording.count(count, "node")) \(GraphStyle.window(from, to))"
        }
    }

    /// What monitoring watches of `service`, for its graph node; empty when it is not watched.
    private func watchLines(of service: String) -> [String] {
        guard let monitoring = runtime.monitoring, monitoring.services.isEmpty || monitoring.services.contains(service)
        else { return [] }
        let repair = monitoring.repair.map { ", repair \(Wording.short($0))" } ?? ""
        return ["watched: \(monitoring.metric.name) by \(Wording.time(monitoring.pipeline.resolution))\(repair)"]
    }
}
