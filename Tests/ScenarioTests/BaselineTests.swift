import Testing

@testable import Scenario

@Suite struct BaselineTests {
    static let scenario = """
        name: b
        duration: 1m
        \(minimalModel)
        variants:
          small: {}
          large:
            model: {services: {api: {servers: 4}}}

        """

    @Test func theFirstVariantIsTheBaselineUnlessNamed() throws {
        #expect(try ScenarioLoader.parse(yaml: Self.scenario, file: "b.yaml").baselineVariant == "small")
        let named = try ScenarioLoader.parse(yaml: Self.scenario + "baseline: large\n", file: "b.yaml")
        #expect(named.baselineVariant == "large")
        #expect(named.variants.map(\.name) == ["small", "large"])
    }

    @Test func anUnknownBaselineIsLocatedWithASuggestion() {
        let lines = Self.scenario.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(
            located(Self.scenario + "baseline: lage\n") == [
                "\(lines):11: `baseline` names no variant: `lage`; did you mean `large`?"
            ])
        #expect(
            located(Self.scenario + "baseline: medium\n") == [
                "\(lines):11: `baseline` names no variant: `medium`; expected `small` or `large`"
            ])
    }

    @Test func aBaselineMustBeAName() {
        #expect(
            located(Self.scenario + "baseline: [small]\n").first?.hasSuffix(
                "`baseline` expects the name of a variant, found a list") == true)
    }
}
