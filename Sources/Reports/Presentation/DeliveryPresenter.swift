import CloudModel
import SimKernel

/// Explains and draws an organisation delivering changes (`delivery:`).
struct DeliveryPresenter: ModelPresenter {
    var delivery: DeliverySpec

    var kind: String { "an organisation delivering changes to production" }

    func sentences(duration: SimTime) -> [String] {
        let organisation = delivery.organisation
        var sentences = [
            "\(Wording.count(organisation.developers, "developer")) in \(Wording.count(organisation.teams.count, "team")) "
                + "each finish \(Wording.number(organisation.changeRate * 86_400)) changes a day; "
                + "\(Wording.percent(organisation.badChangeProbability)) of changes are bad, and a fix takes "
                + "\(Wording.distribution(organisation.fixTime)) once production shows the problem.",
            "Users send \(Wording.rate(delivery.requestRate)) to \(Wording.count(delivery.services.count, "service")); "
                + "code with a bad change fails \(Wording.percent(delivery.badErrorRatio)) of its calls. "
                + "Traffic is simulated \(delivery.traffic == .rate ? "as rates (exact, fast over weeks)" : "request by request").",
        ]
        let critical = delivery.services.filter { !$0.fallback }.map { "`\($0.name)` (\(Wording.percent($0.share)))" }
        if !critical.isEmpty {
            sentences.append("Requests fail when these fail: " + Wording.list(critical) + "; the others degrade through a fallback.")
        }
        switch delivery.architecture {
        case .monolith(let monolith):
            let hotfix = monolith.train.hotfix.map { "a hotfix path starts \(Wording.distribution($0)) after the action" }
                ?? "fixes wait for a later train"
            sentences.append(
                "Monolith: every service ships in one deployable on \(monolith.instances) servers. A release train leaves "
                    + "every \(Wording.time(monolith.train.trainPeriod)), QA takes \(Wording.distribution(monolith.train.qa)), and the "
                    + "servers are updated in place \(monolith.train.batchSize) at a time, each batch "
                    + "\(Wording.distribution(monolith.train.batchTime)). A release is bad if any change in it is; roll forward only: "
                    + "\(hotfix).")
        case .microservices(let micro):
            sentences.append(
                "Microservices: each team deploys a change as soon as it is ready, on a new server group that boots in "
                    + "\(Wording.distribution(micro.bootTime)); a canary takes \(Wording.percent(micro.canaryShare)) of the "
                    + "service's traffic for \(Wording.time(micro.bake)), then all traffic moves. Rolling back moves "
                    + "traffic back in \(Wording.distribution(micro.rollbackTime)); the old group is kept for "
                    + "\(Wording.time(micro.keepOld)).")
        }
        sentences += PipelineWording.sentences(delivery.monitoring, metric: "error ratio")
        return sentences
    }

    var metricsGuide: [String] {
        [
            "The four DORA measures: `deployment_frequency` (deploys a day), `lead_time_*` (change ready to serving "
                + "all traffic), `change_failure_rate` and `time_to_restore_*`.",
            "`failed_requests` is what users felt; developer waiting and cost say what each way of working "
                + "costs the organisation. `deploys.csv` lists every deploy of the first replication.",
        ]
    }

    func graph(name: String, duration: SimTime) -> DOTGraph {
        var graph = DOTGraph(name: name)
        for team in delivery.organisation.teams {
            graph.node("team.\(team.name)", label: "team \(team.name)\n\(Wording.count(team.developers, "developer"))", ["shape": "ellipse"])
        }
        let changeRate = delivery.organisation.changeRate * 86_400
        switch delivery.architecture {
        case .monolith(let monolith):
            graph.node("train", label: "release train\nevery \(Wording.time(monolith.train.trainPeriod))", ["shape": "cds"])
            graph.node("monolith", label: "monolith\n\(monolith.instances) servers")
            for team in delivery.organisation.teams {
                graph.edge("team.\(team.name)", "train", label: "\(Wording.number(changeRate * Double(team.developers)))/day")
            }
            graph.edge("train", "monolith", label: "QA, batches of \(monolith.train.batchSize)")
            for service in delivery.services {
                graph.node("service.\(service.name)", label: service.name, in: "monolith", clusterLabel: "inside the monolith")
            }
        case .microservices(let micro):
            for service in delivery.services {
                graph.node("service.\(service.name)", label: "\(service.name)\n\(service.instances) instances")
            }
            for team in delivery.organisation.teams {
                let perService = changeRate * Double(team.developers) / Double(max(1, team.services.count))
                for service in team.services {
                    graph.edge(
                        "team.\(team.name)", "service.\(service)",
                        label: "\(Wording.number(perService))/day, canary \(Wording.percent(micro.canaryShare))")
                }
            }
        }
        graph.node("users", label: "users\n\(Wording.rate(delivery.requestRate))", ["shape": "ellipse"])
        for service in delivery.services {
            graph.edge("users", "service.\(service.name)", label: Wording.percent(service.share), ["style": "dashed"])
        }
        return graph
    }
}
