import Foundation
import SimKernel
import Testing

@testable import CloudModel

/// Stage-period arithmetic at other resolutions, misses near the threshold, and false alerts
/// from a noisy baseline against their closed form.
@Suite("Monitoring: incidents through a pipeline")
struct IncidentWalkTests {
    static func seconds(_ value: Double) -> SimTime { SimTime(seconds: value) }

    /// 10 s windows starting at 3 s (…, [43, 53), [53, 63), …); a continuous arrival 1.5 s later; a
    /// processing stage handing on every 30 s at 5 s past (5, 35, 65, 95…); a continuous display.
    static func phased(consecutive: Int) -> MonitoringSpec {
        MonitoringSpec(
            resolution: seconds(10), offset: seconds(3),
            stages: [
                MonitoringStage(name: "arrival", period: 0, delay: .constant(1.5)),
                MonitoringStage(name: "processing", period: seconds(30), offset: seconds(5)),
                MonitoringStage(name: "display", period: 0),
            ],
            rule: AlertRule(threshold: 0.5, consecutive: consecutive))
    }

    static func detect(_ spec: MonitoringSpec, failingFrom start: Double) -> Detection? {
        let pipeline = MonitoringPipeline(spec: spec, streams: RandomStreams(seed: 1, replication: 0), path: "m")
        let signal = MetricSignal(baseline: 0, breakpoints: [(seconds(start), 1)])
        return pipeline.detect(signal, from: 0, until: seconds(600))
    }

    @Test("10 s windows with a phase, continuous and periodic stages: hand-computed times")
    func phasedStages() throws {
        // Failing from 47 s: window [43, 53) is 6/10 failed, bad; the agent has it at 53, it
        // arrives at 54.5, waits for processing's boundary at 65 and shows at once.
        let early = try #require(Self.detect(Self.phased(consecutive: 1), failingFrom: 47))
        #expect(early.firstBadAtAgent == Self.seconds(53))
        #expect(early.firstBadStages == [54.5, 65, 65].map(Self.seconds))
        #expect(early.alert == Self.seconds(65))
        // From 49 s, [43, 53) is 4/10, not bad: [53, 63) is the first, at 63 → 64.5 → 65.
        let late = try #require(Self.detect(Self.phased(consecutive: 1), failingFrom: 49))
        #expect(late.firstBadAtAgent == Self.seconds(63))
        #expect(late.firstBadStages == [64.5, 65, 65].map(Self.seconds))
        // Two in a row: the second, [63, 73), arrives at 74.5 and is processed at 95.
        let two = try #require(Self.detect(Self.phased(consecutive: 2), failingFrom: 49))
        #expect(two.firstBadAtAgent == Self.seconds(63))
        #expect(two.alert == Self.seconds(95))
    }

    static func model(
        errorRatio: Double, threshold: Double = 0.8, noise: MetricNoise = .none, consecutive: Int = 1,
        resolution: Double = 60, baseline: Double = 0, incidents: RandomIncidents? = nil
    ) -> MonitoringModelSpec {
        MonitoringModelSpec(
            service: MonitoredService(requestRate: 10, errorRatio: baseline, noise: noise),
            pipeline: MonitoringSpec(
                resolution: seconds(resolution), stages: [MonitoringStage(name: "display", period: seconds(resolution))],
                rule: AlertRule(threshold: threshold, consecutive: consecutive)),
            incidents: errorRatio > 0 ? [ListedIncident(at: seconds(140), errorRatio: errorRatio)] : [],
            randomIncidents: incidents, repair: .constant(120))
    }

    static func walk(_ spec: MonitoringModelSpec, days: Double = 1) -> IncidentWalkResult {
        IncidentWalk.run(spec, streams: RandomStreams(seed: 7, replication: 0), until: seconds(days * 86_400))
    }

    @Test("without noise, an error ratio just under the threshold is never detected; just over, always")
    func nearTheThreshold() throws {
        let under = Self.walk(Self.model(errorRatio: 0.79))
        #expect(under.incidents.count == 1)
        #expect(under.incidents[0].detection == nil)
        #expect(under.incidents[0].end == nil)
        // Failing at 0.79 for the rest of the day.
        #expect(abs(under.incidents[0].errorSeconds - 0.79 * (86_400 - 140)) < 1e-6)
        let over = Self.walk(Self.model(errorRatio: 0.81))
        let detection = try #require(over.incidents[0].detection)
        // [2m, 3m) averages 0.81 · 40/60 = 0.54; [3m, 4m) is the first bad: the agent has it at
        // 4m00, a boundary of the display too, so it shows at once; repaired 2 minutes later.
        #expect(detection.alert == Self.seconds(240))
        #expect(over.incidents[0].end == Self.seconds(360))
        #expect(over.falseAlerts.isEmpty)
        // Random incidents: every one just under is missed, every one just over caught.
        let rate = 24.0 / 86_400
        for (ratio, missed) in [(0.79, 1.0), (0.81, 0.0)] {
            let random = RandomIncidents(
                rate: rate, minErrorRatio: ratio, maxErrorRatio: ratio, duration: .constant(1_800))
            let spec = Self.model(errorRatio: 0, incidents: random)
            let walk = Self.walk(spec, days: 5)
            #expect(walk.incidents.count > 50)
            let metrics = MonitoringReplication.metrics(walk.incidents, spec: spec)
            #expect(metrics.first { $0.name == "missed_ratio" }?.value == missed)
        }
    }

    /// With a baseline b, normal noise of standard deviation σ and threshold θ, a datapoint is bad
    /// with q = P(b + σZ > θ); an alert fires wherever a good datapoint is followed by K bad ones,
    /// (1 − q)·q^K per datapoint.
    @Test("false alerts per day from a noisy baseline match (1 − q)·q^K", arguments: [1, 2])
    func falseAlerts(consecutive: Int) {
        let (baseline, sigma, threshold) = (0.01, 0.02, 0.05)
        let q = 0.5 * erfc((threshold - baseline) / sigma / 2.0.squareRoot())  // z = 2: 0.02275
        let days = 20.0
        let expected = days * 86_400 / 10 * (1 - q) * pow(q, Double(consecutive))
        let spec = Self.model(
            errorRatio: 0, threshold: threshold, noise: .normal(stddev: sigma), consecutive: consecutive,
            resolution: 10, baseline: baseline)
        let alerts = Double(Self.walk(spec, days: days).falseAlerts.count)
        // Counts of rare runs are close to Poisson: within 4.5 standard deviations.
        #expect(abs(alerts - expected) < 4.5 * expected.squareRoot(), "\(alerts) false alerts, expected \(expected)")
    }

    @Test("datapoints counted from requests: the baseline alone raises alerts at few requests a window")
    func requestNoise() {
        // 10 requests/s in 1 s windows, 1% failing: failed F ~ Poisson(0.1) and succeeded
        // S ~ Poisson(9.9) are independent; a datapoint is bad when F / (F + S) > 0.15.
        let spec = Self.model(errorRatio: 0, threshold: 0.15, noise: .requests, resolution: 1, baseline: 0.01)
        let alerts = Double(Self.walk(spec, days: 1).falseAlerts.count)
        func poisson(_ mean: Double, _ k: Int) -> Double { exp(-mean + Double(k) * log(mean) - lgamma(Double(k + 1))) }
        var q = 0.0
        for failed in 1..<40 {
            for succeeded in 0..<80 where Double(failed) / Double(failed + succeeded) > 0.15 {
                q += poisson(0.1, failed) * poisson(9.9, succeeded)
            }
        }
        let expected = 86_400 * (1 - q) * q
        #expect(abs(alerts - expected) < 4.5 * expected.squareRoot(), "\(alerts) false alerts, expected \(expected)")
    }

    @Test("the interpolated quantile")
    func quantile() {
        #expect(MonitoringReplication.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(MonitoringReplication.quantile([5], 0.95) == 5)
        #expect(MonitoringReplication.quantile([], 0.5).isNaN)
    }
}
