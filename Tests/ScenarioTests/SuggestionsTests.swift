import Testing

@testable import Scenario

@Suite struct SuggestionsTests {
    @Test func editDistance() {
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.editDistance("abc", "") == 3)
        #expect(Suggestions.editDistance("servers", "servers") == 0)
    }

    @Test func nearestIsATypoOrAnAbbreviation() {
        #expect(Suggestions.nearest(to: "replicaitons", in: NodeReader.scenarioKeys) == "replications")
        #expect(Suggestions.nearest(to: "dbb", in: ["api", "db"]) == "db")
        #expect(Suggestions.nearest(to: "expo", in: DistributionKind.allCases.map(\.rawValue)) == "exponential")
        #expect(Suggestions.nearest(to: "colour", in: ["name", "seed"]) == nil)
        #expect(Suggestions.nearest(to: "q", in: ["xyz"]) == nil)
        #expect(Suggestions.nearest(to: "c", in: ["a", "b"]) == nil)
        #expect(Suggestions.nearest(to: "ab", in: ["b"]) == "b")
    }

    @Test func list() {
        #expect(Suggestions.list(["a"]) == "`a`")
        #expect(Suggestions.list(["a", "b"], conjunction: "and") == "`a` and `b`")
        #expect(Suggestions.list(["a", "b", "c"]) == "`a`, `b` or `c`")
    }
}
