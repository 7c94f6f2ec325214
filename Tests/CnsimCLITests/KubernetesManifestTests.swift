import Foundation
import Testing
import Yams

/// `deploy/kubernetes/`: the manifests render.sh writes hold together (an Indexed Job of N shard
/// pods, a merge Job naming every shard folder, one claim, one image), and their command lines,
/// run here as Kubernetes would run them in each pod, merge to exactly the files of a one-machine
/// run. `kubectl apply --dry-run=client` needs an API server, so no cluster is involved.
@Suite("Kubernetes manifests")
struct KubernetesManifestTests {
    static let deploy = CommandRunner.packageRoot.appendingPathComponent("deploy/kubernetes")

    /// A rendered manifest, parsed.
    struct Manifest {
        var yaml: [String: Any]

        subscript(_ path: String...) -> Any? {
            path.reduce(yaml as Any?) { node, key in (node as? [String: Any])?[key] }
        }
        /// The pod's one container.
        var container: [String: Any] {
            ((self["spec", "template", "spec", "containers"] as? [Any])?.first as? [String: Any]) ?? [:]
        }
        var arguments: [String] { (container["args"] as? [Any])?.map { "\($0)" } ?? [] }
        /// The claim behind the pod's volumes and where each is mounted.
        var mounts: [String: String] {
            let volumes = (self["spec", "template", "spec", "volumes"] as? [[String: Any]]) ?? []
            let claims = volumes.reduce(into: [String: String]()) { claims, volume in
                claims[volume["name"] as? String ?? ""] =
                    (volume["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String
            }
            let mounts = (container["volumeMounts"] as? [[String: Any]]) ?? []
            return mounts.reduce(into: [:]) { result, mount in
                if let claim = claims[mount["name"] as? String ?? ""] { result[claim] = mount["mountPath"] as? String }
            }
        }

        /// The arguments as Kubernetes passes them: `$(NAME)` replaced by the value of the
        /// container's variable NAME, and left as written when the container defines no NAME.
        func expandedArguments(_ values: [String: String]) -> [String] {
            let defined = ((container["env"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            return arguments.map { argument in
                defined.reduce(argument) { text, name in
                    values[name].map { text.replacingOccurrences(of: "$(\(name))", with: $0) } ?? text
                }
            }
        }
    }

    /// render.sh's outcome and, when it succeeded, the three manifests.
    static func render(
        into folder: URL, run: String = "tandem-k8s", shards: String, options: [String], environment: [String: String] = [:]
    ) throws -> (outcome: CommandRunner.Outcome, manifests: [String: Manifest]) {
        let outcome = try CommandRunner.run(
            [deploy.appendingPathComponent("render.sh").path, folder.path, run, "scenarios/tandem.yaml", shards, "cnsim:test"]
                + options,
            environment: environment, executable: URL(fileURLWithPath: "/bin/bash"))
        guard outcome.status == 0 else { return (outcome, [:]) }
        var manifests: [String: Manifest] = [:]
        for name in ["claim", "shards-job", "merge-job"] {
            let text = try String(contentsOf: folder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
            manifests[name] = Manifest(yaml: try Yams.load(yaml: text) as? [String: Any] ?? [:])
        }
        return (outcome, manifests)
    }

    @Test("the Indexed Job's pods and the merge Job, run here, write the files of a one-machine run")
    func shardsAndMergeAsKubernetesRunsThem() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 3
        let options = ["--replications", "5"]
        let rendered = try Self.render(into: folder.appendingPathComponent("manifests"), shards: "\(count)", options: options)
        #expect(rendered.outcome.status == 0, "\(rendered.outcome.stderr)")
        let (claim, shards, merge) = try (
            #require(rendered.manifests["claim"]), #require(rendered.manifests["shards-job"]), #require(rendered.manifests["merge-job"])
        )

        // What the cluster is told.
        #expect(claim["apiVersion"] as? String == "v1" && claim["kind"] as? String == "PersistentVolumeClaim")
        #expect((claim["spec", "accessModes"] as? [Any])?.contains { $0 as? String == "ReadWriteMany" } == true)
        let claimName = try #require(claim["metadata", "name"] as? String)
        for job in [shards, merge] {
            #expect(job["apiVersion"] as? String == "batch/v1" && job["kind"] as? String == "Job")
            #expect(job["spec", "template", "spec", "restartPolicy"] as? String == "Never")
            #expect(job.container["command"] as? [String] == ["cnsim"])
            #expect(job.container["image"] as? String == "cnsim:test")
            #expect(Array(job.mounts.keys) == [claimName], "\(job.mounts)")
        }
        #expect(shards["spec", "completionMode"] as? String == "Indexed")
        #expect(shards["spec", "completions"] as? Int == count && shards["spec", "parallelism"] as? Int == count)
        #expect(merge["spec", "completionMode"] == nil && merge["spec", "completions"] == nil)
        let index = ((shards.container["env"] as? [[String: Any]]) ?? []).first { $0["name"] as? String == "JOB_COMPLETION_INDEX" }
        #expect(
            (index?["valueFrom"] as? [String: Any]).flatMap { ($0["fieldRef"] as? [String: Any])?["fieldPath"] as? String }
                == "metadata.annotations['batch.kubernetes.io/job-completion-index']")
        let arguments = shards.arguments
        let shardOption = try #require(arguments.firstIndex(of: "--shard"))
        #expect(arguments[shardOption + 1] == "$(JOB_COMPLETION_INDEX)/\(count)")

        // Each pod's command line, as Kubernetes expands it, with the claim mounted at a folder here.
        let mountPath = try #require(shards.mounts[claimName])
        #expect(merge.mounts[claimName] == mountPath)
        let volume = folder.appendingPathComponent("volume").path
        func onVolume(_ arguments: [String]) -> [String] {
            arguments.map { $0.hasPrefix(mountPath + "/") ? volume + $0.dropFirst(mountPath.count) : $0 }
        }
        var shardFolders: [String] = []
        for pod in 0..<count {
            let arguments = onVolume(shards.expandedArguments(["JOB_COMPLETION_INDEX": "\(pod)"]))
            #expect(!arguments.joined().contains("$("), "\(arguments)")
            let outcome = try CommandRunner.run(arguments)
            #expect(outcome.status == 0, "shard pod \(pod): \(outcome.stderr)")
            shardFolders.append(try #require(arguments.last { $0.hasPrefix(volume) }))
        }
        let mergeArguments = onVolume(merge.expandedArguments([:]))
        let out = try #require(mergeArguments.firstIndex(of: "--out"))
        #expect(mergeArguments.first == "merge" && Array(mergeArguments[1..<out]) == shardFolders, "\(mergeArguments)")
        let merged = try CommandRunner.run(mergeArguments)
        #expect(merged.status == 0, "\(merged.stderr)")

        let whole = folder.appendingPathComponent("whole")
        let one = try CommandRunner.run(["run", "scenarios/tandem.yaml"] + options + ["--quiet", "--out", whole.path])
        #expect(one.status == 0, "\(one.stderr)")
        let expected = try ShardTests.csv(whole)
        #expect(expected.count >= 3, "\(expected.keys)")
        #expect(try ShardTests.csv(URL(fileURLWithPath: mergeArguments[out + 1])) == expected)
    }

    @Test("render.sh passes options through YAML unchanged, and refuses a bad run name or count (exit 2, nothing written)")
    func renderOptionsAndRefusals() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let awkward = ["--set", #"a.b="c, d" \e $(HOME): [f]"#]
        let rendered = try Self.render(into: folder.appendingPathComponent("ok"), shards: "2", options: awkward)
        #expect(rendered.outcome.status == 0, "\(rendered.outcome.stderr)")
        #expect(rendered.manifests["shards-job"].map { Array($0.arguments.suffix(2)) } == awkward)

        for (run, shards, cpus, fragment) in [
            ("Tandem", "2", "1", "RUN 'Tandem' must be lower-case"), ("tandem", "0", "1", "SHARDS '0' must be a whole number"),
            ("tandem", "2", "0.5", "CPUS '0.5' must be a whole number"),
        ] {
            let target = folder.appendingPathComponent("refused-\(run)-\(shards)-\(cpus)")
            let refused = try Self.render(into: target, run: run, shards: shards, options: [], environment: ["CPUS": cpus])
            #expect(refused.outcome.status == 2 && refused.outcome.stderr.contains(fragment), "\(refused.outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }
}
