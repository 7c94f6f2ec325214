import Foundation
import SimKernel
import Testing

@testable import CloudModel

/// Monitoring inside the runtime: datapoints counted from the calls the instances answer.
@Suite struct RuntimeMonitoringTests {
    /// The talk's worked example with real requests: every call fails from 2m20s. Minute
    /// [2m, 3m) is only 40/60 bad (~4 000 good calls against ~2 000 failed, far under 0.8), so
    /// the alert is at 8m00; by the second at 2m25. At 100 calls/s no one-second window is empty.
    @Test(arguments: [(60.0, 480.0, 180.0, [300.0, 300.0, 360.0]), (1, 145, 140, [142, 142, 143])])
    func talkAlertTimes(resolution: Double, alert: Double, firstBadWindow: Double, stages: [Double]) {
        let spec = watchedServices(
            ["api"], rate: 100, chaos: [.errors(service: "api", probability: 1, from: at(140), to: at(600))],
            monitoring: RuntimeMonitoringSpec(pipeline: talkPipeline(resolution: resolution)))
        let result = monitoredRun(spec, seconds: 600)
        let alerts = rows("alerts", in: result)
        #expect(alerts.count == 1)
        #expect(alerts.first?["alert_s"] == .number(alert))
        #expect(alerts.first?["action_s"] == .number(alert + 60))
        #expect(alerts.first?["first_bad_window_start_s"] == .number(firstBadWindow))
        #expect(alerts.first?["first_bad_agent_s"] == .number(firstBadWindow + resolution))
        #expect(["arrival", "processing", "display"].map { alerts.first?["first_bad_\($0)_s"] } == stages.map { .number($0) })
        #expect(alerts.first?["chaos"] == .text("errors"))
        #expect(value(of: "time_to_detect_mean", in: result) == alert - 140)
        #expect(value(of: "false_alerts", in: result) == 0)
        #expect(value(of: "missed_ratio", in: result) == 0)
    }

    /// Every call a watched service finishes is in exactly one datapoint: the windows' calls add
    /// up to the service's answered and failed calls over the run (no warm-up, whole windows).
    @Test func datapointsCountEveryCall() {
        var spec = watchedServices(
            ["api", "db"], rate: 40, errorProbability: 0.05,
            chaos: [.latency(service: "db", extra: .exponential(mean: 0.05), from: at(30), to: at(90))],
            monitoring: RuntimeMonitoringSpec(
                pipeline: immediatePipeline(resolution: 7, threshold: 0.5), metric: .latencyPercentile(99)))
        spec.endpoints[0].root.children = [CallNode(service: "db", work: .exponential(mean: 0.002))]
        var model = RuntimeModel(spec: spec, streams: RandomStreams(seed: 7, replication: 0), recordTimeseries: false)
        var simulator = Simulator<RuntimeModel.Event>()
        model.start(in: &simulator, warmUp: 0)
        simulator.run(&model, until: at(140))
        model.finishMonitoring(at: at(140))
        for (series, key) in model.monitor!.keys.enumerated() {
            let observed = model.statistics.services[Int(key.service)]
            let finished = observed.succeeded + observed.failed.reduce(0, +)
            #expect(finished > 4_000)
            #expect(model.monitor!.callsCounted[series] == finished)
        }
    }

    /// A healthy service failing 10% of calls, judged per second at a threshold of 20%, one bad
    /// datapoint enough: false alerts come from the count noise alone. Windows are independent,
    /// so alerts (runs of bad datapoints) number about W·q·(1 − q), q the binomial tail per
    /// window; checked within 4 standard deviations (the count's variance is below its mean).
    @Test func falseAlertsFromRequestNoise() {
        let seconds = 3_600.0
        let spec = watchedServices(
            ["api"], rate: 20, errorProbability: 0.1,
            monitoring: RuntimeMonitoringSpec(pipeline: immediatePipeline(resolution: 1, threshold: 0.2)))
        let result = monitoredRun(spec, seconds: seconds)
        let q = windowTail(mean: 20, p: 0.1, threshold: 0.2)
        // The alert of the window ending with the run falls at its end, outside it.
        let expected = (seconds - 1) * q * (1 - q)
        let alerts = value(of: "alerts", in: result)
        #expect(q > 0.03 && q < 0.15)
        #expect(abs(alerts - expected) < 4 * expected.squareRoot(), "alerts \(alerts), expected \(expected)")
        #expect(value(of: "false_alerts", in: result) == alerts)
        #expect(value(of: "false_alerts_per_day", in: result) == alerts * 24)
        #expect(value(of: "faults", in: result) == 0)
        #expect(value(of: "missed_ratio", in: result).isNaN)
    }

    /// A fault whose error ratio stays under the threshold is never detected: reported missed;
    /// one above it, on another service at the same time, is detected.
    @Test func faultUnderThresholdIsMissed() {
        let spec = watchedServices(
            ["quiet", "loud"], rate: 100,
            chaos: [
                .errors(service: "quiet", probability: 0.3, from: at(60), to: at(180)),
                .errors(service: "loud", probability: 0.9, from: at(60), to: at(180)),
            ],
            monitoring: RuntimeMonitoringSpec(pipeline: immediatePipeline(resolution: 10, threshold: 0.5)))
        let result = monitoredRun(spec, seconds: 300)
        let faults = rows("faults", in: result)
        #expect(faults.map { $0["services"] } == [.text("quiet"), .text("loud")])
        #expect(faults.map { $0["status"] } == [.text("missed"), .text("detected")])
        #expect(faults.last?["time_to_detect_s"] == .number(10))
        #expect(faults.first?["time_to_detect_s"] == .missing)
        #expect(value(of: "missed_ratio", in: result) == 0.5)
        #expect(value(of: "alerts", in: result) == 1)
        #expect(rows("alerts", in: result).first?["chaos_item"] == .integer(2))
    }

    /// Without a `monitoring` block the runtime reports no monitoring metrics or tables.
    @Test func noBlockNoMonitoring() {
        var spec = watchedServices(
            ["api"], rate: 10, monitoring: RuntimeMonitoringSpec(pipeline: immediatePipeline(resolution: 1, threshold: 0.5)))
        spec.monitoring = nil
        let result = monitoredRun(spec, seconds: 30)
        #expect(result.tables.isEmpty)
        #expect(!result.metrics.contains { $0.name == "alerts" })
    }

    @Test func percentileNames() {
        #expect(WatchedMetric.percentile(named: "latency_p99") == 99)
        #expect(WatchedMetric.percentile(named: "latency_p999") == 99.9)
        #expect(WatchedMetric.percentile(named: "latency_p5") == 5)
        #expect(WatchedMetric.percentile(named: "latency_p") == nil)
        #expect(WatchedMetric.percentile(named: "latency_p00") == nil)
        #expect(WatchedMetric.percentile(named: "latency_p100") == nil)
        #expect(WatchedMetric.percentile(named: "latency_p995") == 99.5)
        #expect(WatchedMetric.latencyPercentile(99.9).name == "latency_p999")
        #expect(WatchedMetric.latencyPercentile(50).name == "latency_p50")
    }
}
