/// What the results folder does not say about its scenario: descriptions from the scenario file.
public struct ExportContext: Sendable {
    public var description: String
    public var variantDescriptions: [String: String]

    public init(description: String = "", variantDescriptions: [String: String] = [:]) {
        self.description = description
        self.variantDescriptions = variantDescriptions
    }
}
