import Scenario

/// Loads a scenario, turning its diagnostics into an invalid-input failure.
func loadScenario(_ path: String, settings: [String] = []) throws -> ScenarioDescription {
    do {
        return try ScenarioLoader.load(path: path, settings: settings)
    } catch let error as ScenarioError {
        throw CommandFailure.invalidInput(error.description)
    }
}
