import SimKernel

/// What the marks of a `cnsim graph` picture mean, told under it for the marks it uses.
struct GraphLegend {
    /// A kind of mark; the legend lists those used, in this order.
    enum Mark: CaseIterable {
        case calls, policies, inProcess, cacheCalls, storageCalls, queues, replication, zones, deployable, down, fault

        /// The legend's row, HTML-like text.
        var row: String {
            let red = { (text: String) in HTMLLabel.coloured(text) }
            return switch self {
            case .calls: "Arrows: calls per second in the tag on each, from the file (first attempts, without retries)."
            case .policies:
                "Under the rate: the caller's client policy (timeout, retries, breaker, bulkhead, fallback)."
            case .inProcess: "Dashed arrow: an in-process call between services of one deployable (no network hop)."
            case .cacheCalls:
                "Dashed arrow tagged miss, refill or on error: a cache's follow-up call, made by the cache's caller; "
                    + "a miss and a refill at the miss rate, an error's rate known only from a run."
            case .storageCalls: "To storage: the operation and its consistency level."
            case .queues:
                "3-D box: a message queue; publishers go on at once, its consumer's instances take the messages "
                    + "(arrow out: messages handled per second)."
            case .replication: "Dashed two-way arrows: writes copied to the replicas in the other zones."
            case .zones: "Dashed grey box: a zone and what runs in it at the start."
            case .deployable: "Solid box around services: one deployable, shipped and scaled as a whole."
            case .down:
                red("Red dashed")
                    + ": down during the run (a zone, killed instances, storage nodes), from and to in its label."
            case .fault: red("Red") + ": a fault injected into a service (errors, latency, incidents), with its window."
            }
        }
    }

    private var used: Set<Mark> = []

    mutating func use(_ mark: Mark) {
        used.insert(mark)
    }

    /// The rows for the marks used, in a fixed order.
    var rows: [String] { Mark.allCases.filter(used.contains).map(\.row) }
}

/// The outlines and box labels the legend's marks stand for, shared by every picture.
enum GraphStyle {
    /// "down 10 min–20 min".
    static func window(_ from: SimTime, _ to: SimTime) -> String {
        "down \(Wording.time(from))–\(Wording.time(to))"
    }

    /// A node's outline: red and dashed when down, red when a fault touches it, else the
    /// default; `rounded` for the default box, not for shapes of their own (a cylinder).
    static func outline(down: Bool, fault: Bool = false, rounded: Bool = true) -> [String: String] {
        if down { return ["color": HTMLLabel.faultColour, "style": rounded ? "rounded,dashed" : "dashed"] }
        return fault ? ["color": HTMLLabel.faultColour] : [:]
    }

    /// A zone's box, greyed with a red dashed outline when it is down at some time of the run;
    /// `windows` (when it is down, if not said on its region's box) in red after its name.
    static func zone(_ zone: String, down: Bool, windows: [String]) -> DOTGraph.Box {
        DOTGraph.Box(
            id: "zone_\(zone)", label: label("zone \(zone)", windows),
            down
                ? ["style": "dashed,filled", "color": HTMLLabel.faultColour, "fillcolor": "grey92"]
                : ["style": "dashed", "color": "grey40"])
    }

    /// A region's box around its zones, red and dashed with `windows` when it is down.
    static func region(_ region: String, windows: [String]) -> DOTGraph.Box {
        DOTGraph.Box(
            id: "region_\(region)", label: label("region \(region)", windows),
            windows.isEmpty ? ["color": "grey40"] : ["style": "dashed", "color": HTMLLabel.faultColour])
    }

    /// Text in a zone's box while it is down: grey.
    static let downText = "grey45"

    private static func label(_ name: String, _ windows: [String]) -> DOTGraph.Label {
        .html(
            HTMLLabel.escape(name)
                + (windows.isEmpty ? "" : " · " + HTMLLabel.coloured(windows.joined(separator: ", "))))
    }
}
