import CloudModel
import SimKernel

/// Explains and draws a queueing network (`model:`).
struct NetworkPresenter: ModelPresenter {
    var model: ModelSpec

    var kind: String { "a queueing network of services" }

    func sentences(duration: SimTime) -> [String] {
        let services = model.services.map { service in
            let queue = service.queueCapacity.map { "room for \($0) waiting per instance" } ?? "an unlimited queue"
            return "Service `\(service.name)` has \(Wording.count(service.instances, "instance")), each serving "
                + "\(Wording.count(service.servers, "request")) at once, with \(queue) "
                + "(\(service.routing.rawValue.replacingOccurrences(of: "_", with: "-")) routing)."
        }
        let requests = model.requests.map { request in
            let visits = request.path.map { call in
                let chance = call.probability < 1 ? " in \(Wording.percent(call.probability)) of requests" : ""
                return "`\(call.service)` (work \(Wording.distribution(call.serviceTime))\(chance))"
            }
            return "Requests `\(request.name)` arrive \(arrivals(request.interarrival)) and visit "
                + Wording.list(visits) + ", in that order."
        }
        return requests + services
    }

    var metricsGuide: [String] {
        [
            "End to end: `throughput` (requests completed per second), `waiting_time_mean` (time spent queueing), "
                + "`wait_probability` (share of requests that queued at all: Erlang C's delay probability for an "
                + "M/M/c queue) and the waiting time's percentiles `waiting_time_p50`, `_p90`, `_p99`, "
                + "`response_time_mean` and its percentiles `_p50` … `_p999` (arrival to completion), "
                + "`rejection_ratio` (share turned away by a full queue).",
            "Per service (`SERVICE.metric`): `utilisation` (share of time the servers are busy) and "
                + "`queue_length_mean` (requests waiting on average), and the same waiting and response-time figures "
                + "measured at that service; `SERVICE.N.utilisation` per instance where a service has several, and "
                + "`TYPE.SERVICE.metric` for what each request type saw there where there are several types.",
        ]
    }

    /// Poisson arrivals read as a rate; other gaps as their distribution.
    private func arrivals(_ interarrival: Distribution) -> String {
        if case .exponential(let mean) = interarrival { return "as a Poisson stream at \(Wording.rate(1 / mean))" }
        return "with gaps \(Wording.distribution(interarrival)) (\(Wording.rate(1 / interarrival.mean)) on average)"
    }

    /// Entry nodes for request types, a box per service, and an edge for every move between
    /// services along a path, with its rate and its share of the visits to where it starts.
    func graph(name: String, duration: SimTime) -> DOTGraph {
        var graph = DOTGraph(name: name)
        var visits: [String: Double] = [:]
        var edges = EdgeRates()
        for request in model.requests {
            let entry = "request:" + request.name
            graph.node(
                entry, label: .text("\(request.name)\n\(Wording.rate(1 / request.interarrival.mean))"),
                ["shape": "cds", "margin": "0.3,0.12"])
            visits[entry] = 1 / request.interarrival.mean
            // Rate at which a request's last visited call so far is each of the earlier ones.
            var lastVisit: [(node: String, rate: Double)] = [(entry, 1 / request.interarrival.mean)]
            for call in request.path {
                var next: [(node: String, rate: Double)] = []
                for (node, rate) in lastVisit {
                    edges.add(rate * call.probability, from: node, to: call.service)
                    if call.probability < 1 { next.append((node, rate * (1 - call.probability))) }
                }
                let reached = lastVisit.reduce(0) { $0 + $1.rate } * call.probability
                visits[call.service, default: 0] += reached
                lastVisit = next + [(call.service, reached)]
            }
        }
        for service in model.services {
            let queue = service.queueCapacity.map { ", queue \($0)" } ?? ""
            let size = "\(service.instances) × \(Wording.count(service.servers, "server"))\(queue)"
            graph.node(service.name, label: .text("\(service.name)\n\(size)"))
        }
        for pair in edges.order {
            let rate = edges.rates[pair] ?? 0
            guard rate > 0 else { continue }
            let share = visits[pair.from].map { $0 > 0 ? rate / $0 : 0 } ?? 0
            graph.edge(pair.from, pair.to, label: "\(Wording.rate(rate))\np = \(Wording.number(share))")
        }
        return graph
    }
}
