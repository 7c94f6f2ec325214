import SimKernel

/// When monitoring notices a bad deploy. Detection is decided when the bad code starts to serve,
/// by following the monitoring pipeline over the metric as it will be if nobody acts (every
/// rollout step is known by then); the action is then scheduled as an event.
extension DeliveryModel {
    /// A monolith rollout carrying a bad change: the whole service's metric, batch by batch.
    mutating func watchRollout(_ deploy: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        let unit = deployables[deployable]
        guard let next = unit.next, !unit.versions[next].openBad.isEmpty, !unit.actionPending,
            let rollout = rollouts[deploy]
        else { return }
        var projected = monitored[deployable]
        for batch in 1..<(rollout.sizes.count + 1) {
            let share = batch < rollout.sizes.count ? newShare(rollout, during: batch, servers: unit.instances) : 1
            projected.set(projectedValue(deployable, share: share), from: rollout.ends[batch - 1])
        }
        watch(deploy, projected, pipeline: pipelines[deployable], from: now, until: horizon, in: &simulator)
    }

    /// A microservice canary carrying a bad change: its own error ratio, one datapoint per window
    /// from the requests it served then. A canary taking share c of a service of share s at user
    /// rate λ gets a Poisson number of requests of mean λ·s·c·resolution per window, each failing
    /// with the bad error ratio; a window without requests has no bad datapoint (ends a run).
    mutating func watchCanary(_ deploy: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        guard deploys[deploy].bad, !deployables[deployable].actionPending else { return }
        let service = deployables[deployable].services[0]
        let canary = MetricSignal(baseline: 0, breakpoints: [(now, spec.badErrorRatio)])
        let pipeline = canaryPipelines[deployable]
        let perWindow =
            spec.requestRate * spec.services[service].share * microservices.canaryShare
            * SimTime(pipeline.spec.resolution).seconds
        let counts = canaryCountStreams[deployable]
        let first = pipeline.windowStart(containing: now)
        let resolution = pipeline.spec.resolution
        let noise: (Int) -> Double = { index in
            let start = first + SimTime(index) * resolution
            let truth = canary.average(from: start, to: start + resolution)
            let served = Double(start + resolution - max(start, now)) / Double(resolution)
            let requests = counts.poisson(mean: perWindow * served)
            guard requests > 0 else { return -truth }
            return Double(counts.binomial(trials: requests, p: truth)) / Double(requests) - truth
        }
        watch(
            deploy, canary, pipeline: pipeline, from: now, until: min(horizon, now + microservices.bake), noise: noise,
            in: &simulator)
    }

    /// A microservice whose bad deploy took all traffic before anyone acted: the service's metric.
    mutating func watchService(_ deploy: Int, at now: SimTime, in simulator: inout Simulator<Event>) {
        let deployable = deploys[deploy].deployable
        let unit = deployables[deployable]
        guard !unit.versions[unit.live].openBad.isEmpty, !unit.actionPending, deploys[deploy].restoredAt == nil
        else { return }
        watch(deploy, monitored[deployable], pipeline: pipelines[deployable], from: now, until: horizon, in: &simulator)
    }

    /// Follows `signal` through `pipeline`; on an alert, records it and schedules the action.
    /// A signal that never rises above the threshold (without noise) cannot alert: skipped.
    private mutating func watch(
        _ deploy: Int, _ signal: MetricSignal, pipeline: MonitoringPipeline, from: SimTime, until: SimTime,
        noise: ((Int) -> Double)? = nil, in simulator: inout Simulator<Event>
    ) {
        let threshold = pipeline.spec.rule.threshold
        let peak = signal.breakpoints.filter { $0.time > from }.map(\.value).max() ?? -.infinity
        if noise == nil, max(peak, signal.value(at: from)) <= threshold { return }
        guard let detection = pipeline.detect(signal, from: from, until: until, noise: noise ?? { _ in 0 }),
            detection.action < horizon
        else { return }
        let deployable = deploys[deploy].deployable
        deploys[deploy].alertAt = detection.alert
        deploys[deploy].actionAt = detection.action
        deployables[deployable].actionPending = true
        simulator.schedule(.action(deploy: deploy), at: detection.action)
    }

    /// The monitored metric of `deployable` if `share` of its traffic ran its next version
    /// (all of it when 1), other deployables as they are.
    func projectedValue(_ deployable: Int, share: Double) -> Double {
        var model = self
        model.deployables[deployable].nextShare = share
        if share >= 1, let next = model.deployables[deployable].next {
            model.deployables[deployable].live = next
            model.deployables[deployable].next = nil
            model.deployables[deployable].nextShare = 0
        }
        model.setErrorRatios(deployable)
        return model.monitoredValue(model.deployables[deployable].services)
    }
}
