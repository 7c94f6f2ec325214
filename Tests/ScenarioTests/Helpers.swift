import CloudModel
import Testing

@testable import Scenario

/// The diagnostics `ScenarioLoader.parse` throws for `yaml` (file name `test.yaml`);
/// records an issue if it does not throw.
func diagnostics(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        _ = try ScenarioLoader.parse(yaml: yaml, file: "test.yaml")
        Issue.record("expected diagnostics, but the scenario loaded", sourceLocation: sourceLocation)
        return []
    } catch let error as ScenarioError {
        return error.diagnostics
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return []
    }
}

/// `line:column: message` of each diagnostic, for compact expectations.
func located(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    diagnostics(yaml, sourceLocation: sourceLocation).map { "\($0.line):\($0.column): \($0.message)" }
}

/// A minimal valid scenario whose body lines can be swapped in tests.
let minimalModel = """
    model:
      services:
        api: {}
      requests:
        get:
          arrival_rate: 10/s
          path:
            - service: api
              service_time: 50ms
    """

extension VariantDescription {
    /// The queueing network of a `model:` scenario; nil for the other kinds.
    var network: ModelSpec? {
        guard case .network(let model) = model else { return nil }
        return model
    }

    /// The runtime of a `runtime:` scenario; nil for the other kinds.
    var runtime: RuntimeSpec? {
        guard case .runtime(let runtime) = model else { return nil }
        return runtime
    }

    /// The storage benchmark of a `storage:` scenario; nil for the other kinds.
    var storage: StorageSpec? {
        guard case .storage(let storage) = model else { return nil }
        return storage
    }
}
