/// What the results folder does not say about its scenario: descriptions from the scenario file.
public struct ExportContext: Sendable {
    public var description: String
    public var variantDescriptions: [String: String]
    /// The regions of a multi-region runtime, over all variants in file order; empty otherwise.
    public var regions: [String]

    public init(description: String = "", variantDescriptions: [String: String] = [:], regions: [String] = []) {
        self.description = description
        self.variantDescriptions = variantDescriptions
        self.regions = regions
    }
}
