import Foundation

/// The version of cnsim, shown by `cnsim --version` and recorded in every `run.json`.
public enum CnsimVersion {
    public static let current = "0.5.0"
}

/// `run.json`: how a results folder was made — the program, the input, the settings, when, how
/// long, and a hash of every file written — so that a result can be traced and reproduced.
/// Only this file holds wall-clock time; the CSV files hold simulated time only.
public struct RunMetadata: Sendable, Equatable, Encodable {
    /// One file of the results folder and the SHA-256 of its bytes.
    public struct WrittenFile: Sendable, Equatable, Encodable {
        public var name: String
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    public var cnsimVersion: String = CnsimVersion.current
    /// The scenario's `name`: a folder holding another scenario's results is not replaced
    /// without `--force`.
    public var scenario: String
    /// `git rev-parse HEAD` in the scenario file's folder; nil when unknown.
    public var gitCommit: String?
    /// The scenario file as given on the command line.
    public var scenarioFile: String
    public var scenarioSHA256: String
    public var seed: UInt64
    public var replications: Int
    public var jobs: Int
    /// The command line; the program is named by its file name alone.
    public var commandLine: [String]
    /// Wall-clock start, ISO 8601 in UTC.
    public var startedAt: Date
    /// Wall-clock duration of the run [s].
    public var wallTime: Double
    /// The other files of the folder, by name.
    public var files: [WrittenFile]

    public init(
        scenario: String, gitCommit: String?, scenarioFile: String, scenarioSHA256: String, seed: UInt64, replications: Int, jobs: Int,
        commandLine: [String], startedAt: Date, wallTime: Double, files: [WrittenFile]
    ) {
        self.scenario = scenario
        self.gitCommit = gitCommit
        self.scenarioFile = scenarioFile
        self.scenarioSHA256 = scenarioSHA256
        self.seed = seed
        self.replications = replications
        self.jobs = jobs
        self.commandLine = commandLine
        self.startedAt = startedAt
        self.wallTime = wallTime
        self.files = files.sorted { $0.name < $1.name }
    }

    enum CodingKeys: String, CodingKey {
        case cnsimVersion = "cnsim_version", scenario, gitCommit = "git_commit", scenarioFile = "scenario_file"
        case scenarioSHA256 = "scenario_sha256", seed, replications, jobs, commandLine = "argv"
        case startedAt = "started_at", wallTime = "wall_time_s", files
    }

    /// Every key is written; an unknown git commit is `null` rather than missing.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cnsimVersion, forKey: .cnsimVersion)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(gitCommit, forKey: .gitCommit)
        try container.encode(scenarioFile, forKey: .scenarioFile)
        try container.encode(scenarioSHA256, forKey: .scenarioSHA256)
        try container.encode(seed, forKey: .seed)
        try container.encode(replications, forKey: .replications)
        try container.encode(jobs, forKey: .jobs)
        try container.encode(commandLine, forKey: .commandLine)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        try container.encode(formatter.string(from: startedAt), forKey: .startedAt)
        try container.encode((wallTime * 1000).rounded() / 1000, forKey: .wallTime)
        try container.encode(files, forKey: .files)
    }

    /// Pretty-printed JSON with sorted keys, ending in a newline.
    public func data() throws -> Data {
        try prettyJSON(self)
    }

    /// Which scenario wrote the results folder `folder`: its `scenario`, or for a `run.json`
    /// written before that key, the scenario file's name without `.yaml`; nil when the folder
    /// holds no readable `run.json`.
    public static func scenario(inFolder folder: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("run.json").path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        if let name = object["scenario"] as? String { return name }
        guard let file = object["scenario_file"] as? String else { return nil }
        return URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    }

    /// The commit checked out in the git work tree holding `folder`; nil when git is missing,
    /// the folder is not in a work tree, or anything else goes wrong. Never throws.
    public static func gitCommit(in folder: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let commit = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.count == 40 && commit.allSatisfy(\.isHexDigit) ? commit : nil
    }
}

/// `value` as cnsim writes JSON files: pretty-printed, keys sorted, `/` unescaped, ending in a newline.
func prettyJSON(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(value)
    data.append(0x0a)
    return data
}
