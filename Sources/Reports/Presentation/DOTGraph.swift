/// A Graphviz directed graph, built up node by node and rendered as DOT text.
///
/// Identifiers and labels are always quoted, so any name is safe; nodes in a cluster are drawn
/// inside a box (`subgraph cluster_…`), which is how zones are shown.
public struct DOTGraph: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var id: String
        public var label: String
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
        public var label: String
        public var nodes: [Node]
        /// The cluster drawn around this one (a region around its zones); nil for none.
        public var outer: Outer?
    }

    /// A box drawn around clusters, such as a region around its zones.
    public struct Outer: Sendable, Equatable {
        public var id: String
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    public var name: String
    /// Attributes of every node, such as the default shape.
    public var nodeDefaults: [String: String] = ["shape": "box", "style": "rounded", "fontname": "Helvetica"]
    public private(set) var nodes: [Node] = []
    public private(set) var clusters: [Cluster] = []
    public private(set) var edges: [Edge] = []

    public init(name: String) {
        self.name = name
    }

    /// Adds a node outside any cluster.
    public mutating func node(_ id: String, label: String, _ attributes: [String: String] = [:]) {
        nodes.append(Node(id: id, label: label, attributes: attributes))
    }

    /// Adds a node inside the cluster `clusterID`, creating the cluster (labelled `clusterLabel`,
    /// inside `outer` if given) the first time.
    public mutating func node(
        _ id: String, label: String, in clusterID: String, clusterLabel: String, within outer: Outer? = nil,
        _ attributes: [String: String] = [:]
    ) {
        let node = Node(id: id, label: label, attributes: attributes)
        if let index = clusters.firstIndex(where: { $0.id == clusterID }) {
            clusters[index].nodes.append(node)
        } else {
            clusters.append(Cluster(id: clusterID, label: clusterLabel, nodes: [node], outer: outer))
        }
    }

    public mutating func edge(_ from: String, _ to: String, label: String = "", _ attributes: [String: String] = [:]) {
        edges.append(Edge(from: from, to: to, label: label, attributes: attributes))
    }

    /// The DOT text, ending in a newline.
    public func render() -> String {
        var lines = ["digraph \(quoted(name)) {", "  rankdir=LR;", "  node \(attributeList(nodeDefaults));"]
        var drawnOuters: Set<String> = []
        for (index, cluster) in clusters.enumerated() {
            guard let outer = cluster.outer else {
                lines += clusterLines(cluster, index: index, indent: "  ")
                continue
            }
            // An outer box is drawn once, where its first cluster comes, holding all of its clusters.
            guard drawnOuters.insert(outer.id).inserted else { continue }
            lines.append("  subgraph \(quoted("cluster_\(outer.id)")) {")
            lines.append("    label=\(quoted(outer.label)); style=solid;")
            for (inner, member) in clusters.enumerated() where member.outer?.id == outer.id {
                lines += clusterLines(member, index: inner, indent: "    ")
            }
            lines.append("  }")
        }
        lines += nodes.map { "  " + statement($0) }
        for edge in edges {
            var attributes = edge.attributes
            if !edge.label.isEmpty { attributes["label"] = edge.label }
            let list = attributes.isEmpty ? "" : " " + attributeList(attributes)
            lines.append("  \(quoted(edge.from)) -> \(quoted(edge.to))\(list);")
        }
        return (lines + ["}"]).joined(separator: "\n") + "\n"
    }

    private func clusterLines(_ cluster: Cluster, index: Int, indent: String) -> [String] {
        ["\(indent)subgraph \(quoted("cluster_\(index)_\(cluster.id)")) {", "\(indent)  label=\(quoted(cluster.label)); style=dashed;"]
            + cluster.nodes.map { "\(indent)  " + statement($0) } + ["\(indent)}"]
    }

    private func statement(_ node: Node) -> String {
        var attributes = node.attributes
        attributes["label"] = node.label
        return "\(quoted(node.id)) \(attributeList(attributes));"
    }

    private func attributeList(_ attributes: [String: String]) -> String {
        "[" + attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted($0.value))" }.joined(separator: ", ") + "]"
    }

    /// A DOT string: backslashes and quotes escaped, line breaks as DOT's centred `\n`.
    private func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"" + escaped + "\""
    }
}
