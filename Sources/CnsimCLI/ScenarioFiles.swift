import Scenario

/// Loads a scenario, turning its diagnostics into an invalid-input failure.
func loadScenario(_ path: String) throws -> ScenarioDescription {
    do {
        return try ScenarioLoader.load(path: path)
    } catch let error as ScenarioError {
        throw CommandFailure.invalidInput(error.description)
    }
}
