import Testing

@testable import Scenario

@Suite struct UnitsTests {
    @Test(arguments: [
        ("0", 0.0), ("1s", 1e9), ("250ms", 250e6), ("2m20s", 140e9), ("1h30m", 5_400e9),
        ("1.5s", 1.5e9), ("0.25ms", 250e3), ("1d", 86_400e9), ("10us", 10e3), ("10µs", 10e3),
        ("7ns", 7), ("1h0m0s1ms", 3_600.001e9), ("2h", 7_200e9), ("2w", 1_209_600e9), ("1w3d", 864_000e9),
    ])
    func durations(text: String, nanoseconds: Double) throws {
        #expect(try Units.duration(text).get() == nanoseconds)
    }

    @Test func durationsInSecondsAreExact() throws {
        #expect(try Units.duration("250ms").get() / 1e9 == 0.25)
        #expect(try Units.duration("2m20s").get() / 1e9 == 140)
    }

    @Test(arguments: ["10", "1.5", "s", "", "1x", "20s2m", "1s1s", "1m1min", "1 s", "1..5s", ".5s", "1.s", "ms"])
    func notDurations(text: String) {
        #expect(throws: Units.DurationProblem.notADuration) { try Units.duration(text).get() }
    }

    @Test(arguments: ["-5s", "-1m30s", "-0.5ms"])
    func negativeDurations(text: String) {
        #expect(throws: Units.DurationProblem.negative) { try Units.duration(text).get() }
    }

    @Test(arguments: [
        ("50/s", 50.0), ("3000/min", 50), ("1/ms", 1_000), ("7200/h", 2), ("86400/d", 1), ("0.5/s", 0.5),
        ("1e3/s", 1_000), ("604800/w", 1),
    ])
    func rates(text: String, perSecond: Double) throws {
        #expect(try Units.rate(text).get() == perSecond)
    }

    @Test(arguments: ["50", "50/", "/s", "50/sec", "50/m", "fast/s", "50/s/s", "50 /s"])
    func notRates(text: String) {
        #expect(throws: Units.RateProblem.notARate) { try Units.rate(text).get() }
    }

    @Test(arguments: ["0/s", "-5/s", "-0.1/min"])
    func nonPositiveRates(text: String) {
        #expect(throws: Units.RateProblem.notPositive) { try Units.rate(text).get() }
    }

    @Test func numbers() {
        #expect(Units.number("3") == 3)
        #expect(Units.number("-0.5") == -0.5)
        #expect(Units.number("+2") == 2)
        #expect(Units.number("1e-3") == 0.001)
        for text in ["", "one", "1.", ".5", "1e", "nan", "inf", "1e999", "0x10", "1_000"] {
            #expect(Units.number(text) == nil, "\(text)")
        }
    }
}
