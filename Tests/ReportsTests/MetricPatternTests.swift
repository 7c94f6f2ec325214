import Testing

@testable import Reports

@Suite("metric patterns")
struct MetricPatternTests {
    @Test("`*` any characters, `?` one, the rest itself, the whole name")
    func matching() {
        let cases: [(String, String, Bool)] = [
            ("availability", "availability", true), ("availability", "home.availability", false),
            ("*availability", "home.availability", true), ("home.*", "home.availability", true),
            ("home.*", "homepage.availability", false), ("*p99*", "response_time_p99", true),
            ("*p99*", "home.response_time_p99_during_chaos", true), ("*", "", true), ("", "", true),
            ("", "x", false), ("a?c", "abc", true), ("a?c", "ac", false), ("*a*b*", "xaybz", true),
            ("*a*b", "xaybz", false), ("Availability", "availability", false), ("**", "anything", true),
        ]
        for (pattern, name, expected) in cases {
            #expect(MetricPattern(pattern).matches(name) == expected, "\(pattern) ~ \(name)")
        }
    }

    @Test("rows matching any pattern are kept in their order; patterns matching nothing are named")
    func selection() {
        let names = ["requests", "availability", "home.availability", "home.p99", "cost"]
        let (kept, unmatched) = MetricPattern.select(
            names, metric: { $0 }, by: ["cost", "*availability", "nothing*"].map(MetricPattern.init))
        #expect(kept == ["availability", "home.availability", "cost"])
        #expect(unmatched.map(\.text) == ["nothing*"])
        #expect(MetricPattern.select(names, metric: { $0 }, by: []).rows == names)
    }
}
