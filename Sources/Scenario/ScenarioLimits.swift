/// Bounds checked at validation on the values a run would allocate or compute from, so that a
/// typo of a few zeros is an error with its place in the file rather than a crash or a run
/// that takes all memory. Each bound is far above any architecture a scenario describes.
public enum ScenarioLimits {
    /// The largest count a scenario (or `--replications`) may give: replications, instances,
    /// servers, nodes, virtual nodes, developers [count].
    public static let maximumCount = 1_000_000

    /// Most tokens a ring may hold: nodes × virtual nodes [count]. Each token is a few words
    /// of memory and sits in a sorted array built before the run.
    public static let maximumRingTokens = 10_000_000

    /// Most calls a call's `repeat` may make each time, and the highest mean of a drawn count:
    /// the model lays out the call as many times as a draw may give [count].
    public static let maximumRepeat = 10_000

    /// Highest price of one instance-hour [USD]; keeps every cost (price × instances × hours)
    /// finite.
    public static let maximumPricePerHour = 1_000_000.0

    /// Longest name [bytes of UTF-8]: a scenario's name is a folder's name and a variant's name
    /// a file's (`graph --out`), and most file systems allow 255 bytes per path component; a
    /// little is kept for the suffixes cnsim adds (`.dot`, `.ipynb`, a temporary folder's).
    public static let maximumNameBytes = 200
}
