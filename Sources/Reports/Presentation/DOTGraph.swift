/// A Graphviz directed graph, built up node by node and rendered as DOT text.
///
/// Identifiers and plain labels are always quoted, so any name is safe; nodes in a cluster are
/// drawn inside a box (`subgraph cluster_…`), which is how zones and deployables are shown.
/// Labels that need bold names or coloured lines are HTML-like (`DOTGraph.Label.html`), which
/// Graphviz sizes its shapes to. An edge's label is drawn in a tag on the edge (see `render`).
public struct DOTGraph: Sendable, Equatable {
    /// A label: plain text (line breaks centre each line) or a Graphviz HTML-like label whose
    /// text is already escaped (see `HTMLLabel`).
    public enum Label: Sendable, Equatable {
        case text(String)
        case html(String)
    }

    public struct Node: Sendable, Equatable {
        public var id: String
        public var label: Label
        /// Extra attributes, e.g. `["shape": "cylinder"]`, written in key order.
        public var attributes: [String: String]
    }

    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var label: String
        public var attributes: [String: String]
    }

    public struct Cluster: Sendable, Equatable {
        public var id: String
        public var box: Box
        public var nodes: [Node]
        /// The cluster drawn around this one (a region around its zones); nil for none.
        public var outer: Box?
    }

    /// How a cluster's box looks: its label and attributes such as `style` and `color`.
    public struct Box: Sendable, Equatable {
        public var id: String
        public var label: Label
        /// Written in key order after the label; `["style": "dashed"]` unless given.
        public var attributes: [String: String]

        public init(id: String, label: Label, _ attributes: [String: String] = ["style": "dashed"]) {
            self.id = id
            self.label = label
            self.attributes = attributes
        }
    }

    public var name: String
    /// Attributes of every node, such as the default shape.
    public var nodeDefaults: [String: String] = ["shape": "box", "style": "rounded", "fontname": "Helvetica"]
    /// Attributes of every edge: labels in the nodes' font, a little smaller.
    public var edgeDefaults: [String: String] = ["fontname": "Helvetica", "fontsize": "11"]
    /// Rows of HTML-like text drawn under the picture, left-aligned: a title and a legend.
    public var caption: [String] = []
    public private(set) var nodes: [Node] = []
    public private(set) var clusters: [Cluster] = []
    public private(set) var edges: [Edge] = []

    public init(name: String) {
        self.name = name
    }

    /// Adds a node outside any cluster.
    public mutating func node(_ id: String, label: Label, _ attributes: [String: String] = [:]) {
        nodes.append(Node(id: id, label: label, attributes: attributes))
    }

    /// Adds a node inside the cluster `box`, creating the cluster (inside `outer` if given) the
    /// first time its id is seen.
    public mutating func node(
        _ id: String, label: Label, in box: Box, within outer: Box? = nil, _ attributes: [String: String] = [:]
    ) {
        let node = Node(id: id, label: label, attributes: attributes)
        if let index = clusters.firstIndex(where: { $0.id == box.id }) {
            clusters[index].nodes.append(node)
        } else {
            clusters.append(Cluster(id: box.id, box: box, nodes: [node], outer: outer))
        }
    }

    public mutating func edge(_ from: String, _ to: String, label: String = "", _ attributes: [String: String] = [:]) {
        edges.append(Edge(from: from, to: to, label: label, attributes: attributes))
    }

    /// The DOT text, ending in a newline.
    public func render() -> String {
        var lines = ["digraph \(quoted(name)) {", "  rankdir=LR; fontname=\"Helvetica\"; fontsize=11;"]
        if !caption.isEmpty {
            let rows = caption.map { "<TR><TD ALIGN=\"LEFT\">\($0)</TD></TR>" }.joined()
            lines.append(
                "  labelloc=\"b\"; labeljust=\"l\"; label=<<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
                    + rows + "</TABLE>>;")
        }
        lines += ["  node \(attributeList(nodeDefaults));", "  edge \(attributeList(edgeDefaults));"]
        let (tags, edgeLines) = taggedEdges()
        var drawnOuters: Set<String> = []
        for (index, cluster) in clusters.enumerated() {
            guard let outer = cluster.outer else {
                lines += clusterLines(cluster, index: index, tags: tags[index] ?? [], indent: "  ")
                continue
            }
            // An outer box is drawn once, where its first cluster comes, holding all of its clusters.
            guard drawnOuters.insert(outer.id).inserted else { continue }
            lines.append("  subgraph \(quoted("cluster_\(outer.id)")) {")
            lines.append("    " + boxAttributes(outer))
            for (inner, member) in clusters.enumerated() where member.outer?.id == outer.id {
                lines += clusterLines(member, index: inner, tags: tags[inner] ?? [], indent: "    ")
            }
            lines.append("  }")
        }
        lines += (nodes + (tags[nil] ?? [])).map { "  " + statement($0) }
        return (lines + edgeLines + ["}"]).joined(separator: "\n") + "\n"
    }

    /// The edges' lines, and the tags they pass through, by the cluster they are drawn in (nil:
    /// none). A labelled edge is drawn through a tag, a small node holding its label between the
    /// two halves of the edge: a label Graphviz places beside its edge can sit nearer another one
    /// where many leave a node, a tag cannot. The tag is drawn in the cluster holding both ends,
    /// if one does; its id is `tag:FROM → TO`, numbered from the second edge between the same ends.
    private func taggedEdges() -> (tags: [Int?: [Node]], lines: [String]) {
        var clusterOf: [String: Int] = [:]
        for (index, cluster) in clusters.enumerated() {
            for node in cluster.nodes { clusterOf[node.id] = index }
        }
        var tags: [Int?: [Node]] = [:]
        var lines: [String] = []
        var seen: [String: Int] = [:]
        for edge in edges {
            guard !edge.label.isEmpty else {
                let list = edge.attributes.isEmpty ? "" : " " + attributeList(edge.attributes)
                lines.append("  \(quoted(edge.from)) -> \(quoted(edge.to))\(list);")
                continue
            }
            let pair = "\(edge.from) → \(edge.to)"
            seen[pair, default: 0] += 1
            let tag = "tag:" + pair + (seen[pair]! > 1 ? "#\(seen[pair]!)" : "")
            let cluster = clusterOf[edge.from].flatMap { clusterOf[edge.to] == $0 ? $0 : nil }
            tags[cluster, default: []].append(Node(id: tag, label: .text(edge.label), attributes: tagDefaults))
            // Both halves keep the edge's style; the arrowhead is the second's (both ways: one each).
            var first = edge.attributes
            var second = edge.attributes
            first["arrowhead"] = "none"
            if edge.attributes["dir"] == "both" { (first["dir"], second["dir"]) = ("back", "forward") }
            lines.append("  \(quoted(edge.from)) -> \(quoted(tag)) \(attributeList(first));")
            lines.append(
                "  \(quoted(tag)) -> \(quoted(edge.to))" + (second.isEmpty ? "" : " " + attributeList(second)) + ";")
        }
        return (tags, lines)
    }

    /// How a tag looks: the edge labels' font in a faint rounded box.
    private var tagDefaults: [String: String] {
        edgeDefaults.merging(
            ["shape": "box", "style": "rounded,filled", "fillcolor": "white", "color": "grey75", "margin": "0.06,0.03"]
        ) { $1 }
    }

    private func clusterLines(_ cluster: Cluster, index: Int, tags: [Node], indent: String) -> [String] {
        ["\(indent)subgraph \(quoted("cluster_\(index)_\(cluster.id)")) {", "\(indent)  " + boxAttributes(cluster.box)]
            + (cluster.nodes + tags).map { "\(indent)  " + statement($0) } + ["\(indent)}"]
    }

    /// A box's label, at its top left whatever the graph's caption sets, then its attributes.
    private func boxAttributes(_ box: Box) -> String {
        "label=\(value(box.label)); labelloc=\"t\"; labeljust=\"l\";"
            + box.attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\(quoted($0.value));" }.joined()
    }

    private func statement(_ node: Node) -> String {
        let attributes = node.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted($0.value))" }
        return "\(quoted(node.id)) [" + (["label=\(value(node.label))"] + attributes).joined(separator: ", ") + "];"
    }

    private func attributeList(_ attributes: [String: String]) -> String {
        "[" + attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted($0.value))" }.joined(separator: ", ")
            + "]"
    }

    private func value(_ label: Label) -> String {
        switch label {
        case .text(let text): quoted(text)
        case .html(let html): "<\(html)>"
        }
    }

    /// A DOT string: backslashes and quotes escaped, line breaks as DOT's centred `\n`.
    private func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"" + escaped + "\""
    }
}

/// Pieces of Graphviz HTML-like labels: text escaped, lines, bold names and coloured text.
public enum HTMLLabel {
    /// The colour of faults and of what is down.
    public static let faultColour = "firebrick"

    /// `text` with `&`, `<`, `>` and `"` escaped.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Lines of HTML-like text (each already escaped), centred one under the other.
    public static func lines(_ lines: [String]) -> String {
        lines.joined(separator: "<BR/>")
    }

    /// A name in bold, escaped.
    public static func bold(_ text: String) -> String {
        "<B>\(escape(text))</B>"
    }

    /// A borderless table of rows of cells (each already escaped), the first column left-aligned
    /// and the others right-aligned after a gap; its text in `colour` if given.
    public static func table(_ rows: [[String]], colour: String? = nil) -> String {
        let cells = rows.map { row in
            "<TR>"
                + row.enumerated().map { index, cell in
                    let text = colour.map { "<FONT COLOR=\"\($0)\">\(cell)</FONT>" } ?? cell
                    return index == 0
                        ? "<TD ALIGN=\"LEFT\">\(text)</TD>" : "<TD WIDTH=\"8\"></TD><TD ALIGN=\"RIGHT\">\(text)</TD>"
                }.joined() + "</TR>"
        }
        return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">" + cells.joined() + "</TABLE>"
    }

    /// Escaped text in `colour`.
    public static func coloured(_ text: String, _ colour: String = faultColour) -> String {
        "<FONT COLOR=\"\(colour)\">\(escape(text))</FONT>"
    }
}
