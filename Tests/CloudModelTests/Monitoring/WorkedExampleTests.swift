import SimKernel
import Testing

@testable import CloudModel

/// The talk's slides "What's wrong with measuring in minutes?" and "Try that again by the second":
/// something breaks at 2m20s; three bad datapoints on the graph look bad at 8m00 with one-minute
/// metrics and at 2m25 with one-second metrics.
@Suite("Monitoring: the talk's worked example")
struct WorkedExampleTests {
    /// Agent, then arrival / processing / display each handing on at the resolution's boundaries;
    /// arrival and display each take a little transport time (200 ms), processing none.
    static func pipeline(resolution seconds: Double) -> MonitoringSpec {
        let period = SimTime(seconds: seconds)
        return MonitoringSpec(
            resolution: period,
            stages: [
                MonitoringStage(name: "arrival", period: period, delay: .constant(0.2)),
                MonitoringStage(name: "processing", period: period),
                MonitoringStage(name: "display", period: period, delay: .constant(0.2)),
            ],
            rule: AlertRule(threshold: 0.8, consecutive: 3))
    }

    /// Everything fails from 2m20s on.
    static let outage = MetricSignal(baseline: 0, breakpoints: [(SimTime(seconds: 140), 1)])

    static func detect(resolution: Double) -> Detection? {
        let pipeline = MonitoringPipeline(
            spec: pipeline(resolution: resolution), streams: RandomStreams(seed: 1, replication: 0), path: "m")
        return pipeline.detect(outage, from: SimTime(seconds: 140), until: SimTime(seconds: 3600))
    }

    @Test("one-minute metrics: 40 s of failure doesn't trigger; looks bad at 8m00")
    func minutes() throws {
        let detection = try #require(Self.detect(resolution: 60))
        // Minute 3 ([2m, 3m)) averages 40/60 of failure, under the threshold: the first bad
        // datapoint is minute 4's, which the agent has at 4m00.
        #expect(detection.firstBadAtAgent == SimTime(seconds: 240))
        #expect(detection.firstBadStages == [300, 300, 360].map { SimTime(seconds: $0) })
        #expect(detection.alert == SimTime(seconds: 480))
    }

    @Test("one-second metrics: looks bad at 2m25")
    func seconds() throws {
        let detection = try #require(Self.detect(resolution: 1))
        #expect(detection.firstBadAtAgent == SimTime(seconds: 141))
        #expect(detection.alert == SimTime(seconds: 145))
    }

    @Test("a stage hands on at the first boundary at or after ready + delay")
    func handOff() {
        let stage = MonitoringStage(name: "s", period: 10, offset: 3)
        #expect(stage.handOff(ready: 3, delay: 0) == 3)
        #expect(stage.handOff(ready: 3, delay: 1) == 13)
        #expect(stage.handOff(ready: 12, delay: 0) == 13)
        #expect(stage.handOff(ready: -8, delay: 0) == -7)
        #expect(MonitoringStage(name: "c", period: 0).handOff(ready: 5, delay: 2) == 7)
    }

    @Test("window averages of a piecewise-constant signal")
    func averages() {
        let signal = MetricSignal(baseline: 0, breakpoints: [(10, 1), (20, 0.5), (20, 0.25)])
        #expect(signal.breakpoints.count == 2)
        #expect(signal.value(at: 9) == 0)
        #expect(signal.value(at: 10) == 1)
        #expect(signal.value(at: 25) == 0.25)
        #expect(signal.average(from: 0, to: 20) == 0.5)
        #expect(signal.average(from: 15, to: 25) == 0.625)
    }

    @Test("a failure under the threshold is missed")
    func missed() {
        let pipeline = MonitoringPipeline(
            spec: Self.pipeline(resolution: 60), streams: RandomStreams(seed: 1, replication: 0), path: "m")
        let partial = MetricSignal(baseline: 0, breakpoints: [(SimTime(seconds: 140), 0.7)])
        #expect(pipeline.detect(partial, from: SimTime(seconds: 140), until: SimTime(seconds: 3600)) == nil)
    }
}
