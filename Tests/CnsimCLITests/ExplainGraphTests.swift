import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("explain and graph")
struct ExplainGraphTests {
    static let shipped = CommittedResultsTests.scenarios

    @Test("explain names what differs between the variants, with both values")
    func explain() throws {
        let outcome = try CommandRunner.run(["explain", "scenarios/zone-outage.yaml"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("`one-zone` (the baseline)"))
        #expect(outcome.stdout.contains("- runtime.services.catalog.instances: 9 instead of 6"))
        #expect(outcome.stdout.contains("- runtime.services.web.zones: every zone instead of [a]"))
        #expect(outcome.stdout.contains("zone `a` is down from 10 min to 20 min"))
    }

    @Test("graph --out writes one DOT file per variant; --variant picks one; stdout gets the baseline")
    func graphFiles() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CommandRunner.run(["graph", "scenarios/mmc.yaml", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["c1.dot", "c2.dot", "c4.dot"])
        let c4 = try String(contentsOf: folder.appendingPathComponent("c4.dot"), encoding: .utf8)
        #expect(c4.contains("\"tag:request:customer → pool\" [label=\"3.2/s\\np = 1\""))
        let stdout = try CommandRunner.run(["graph", "scenarios/mmc.yaml"])
        #expect(stdout.stdout.hasPrefix("digraph \"mmc/c1\""))
        let chosen = try CommandRunner.run(["graph", "scenarios/mmc.yaml", "--variant", "c2"])
        #expect(chosen.stdout.hasPrefix("digraph \"mmc/c2\""))
    }

    @Test("graph marks a service chaos touches, with what it does, and what monitoring watches of it")
    func graphFaults() throws {
        let storm = try CommandRunner.run(["graph", "scenarios/retry-storm.yaml"])
        #expect(storm.stdout.contains(
            "\"service:ratings\" [label=<<B>ratings</B><BR/>3 × 8 servers<BR/><FONT COLOR=\"firebrick\">latency +2 s 5 min–10 min"
                + "</FONT>>, color=\"firebrick\"];"),
            "\(storm.stdout)")
        #expect(!storm.stdout.contains("\"service:api\" [label=<<B>api</B><BR/>3 × 64 servers>, color"), "api is not touched")
        let incidents = try CommandRunner.run(["graph", "scenarios/monitoring-random-failures.yaml"])
        #expect(incidents.stdout.contains("incidents 12 a day, 2%–100% failing"), "\(incidents.stdout)")
        #expect(incidents.stdout.contains("watched: error_ratio by 1 min, repair mean 4 min 11 s"))
        let second = try CommandRunner.run(["graph", "scenarios/monitoring-minute-vs-second.yaml", "--variant", "second"])
        #expect(second.stdout.contains(
            "watched: error_ratio by 1 s, repair 2 min<BR/><FONT COLOR=\"firebrick\">errors 100% 2 min 20 s–15 min</FONT>"))
    }

    @Test("graph: an unknown variant or an invalid file is invalid input and writes nothing")
    func graphErrors() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let unknown = try CommandRunner.run(["graph", "scenarios/mmc.yaml", "--variant", "c3", "--out", out])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("has no variant `c3`; its variants are `c1`, `c2`, `c4`"))
        let file = folder.appendingPathComponent("bad.yaml")
        try "name: bad\nduration: 1m\nbaseline: c1\nmodel: {services: {}}\n".write(to: file, atomically: true, encoding: .utf8)
        let invalid = try CommandRunner.run(["graph", file.path, "--out", out])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("bad.yaml:"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try CommandRunner.run(["explain", file.path]).status == 2)
    }

    /// Graphviz is optional: `apt-get install graphviz` to run this.
    @Test(
        "dot -Tsvg draws the graph of every shipped variant: each call's tag on its own edge alone, text inside its node",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "Graphviz `dot` is not installed"))
    func graphvizDraws() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var tags = 0
        for name in Self.shipped {
            let out = folder.appendingPathComponent(name)
            #expect(try CommandRunner.run(["graph", "scenarios/\(name).yaml", "--out", out.path]).status == 0)
            for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                let svg = try CommandRunner.run(
                    ["-Tsvg", out.appendingPathComponent(file).path], executable: URL(fileURLWithPath: "/usr/bin/dot"))
                #expect(svg.status == 0 && svg.stderr.isEmpty, "\(name)/\(file): \(svg.stderr)")
                let drawing = try GraphvizSVG(svg.stdout)
                for problem in drawing.misplacedTags() + drawing.textOutsideNodes() {
                    Issue.record("\(name)/\(file): \(problem)")
                }
                tags += drawing.nodes.keys.filter { $0.hasPrefix("tag:") }.count
            }
        }
        #expect(tags > 100, "the shipped scenarios' calls are drawn through tags")
    }

    @Test("the SVG check finds a tag away from its edge's halves, and an edge passing through a tag")
    func misplacedTagsFound() throws {
        func svg(_ otherPath: String) -> String {
            """
            <svg xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph">
            <g id="node1" class="node"><title>tag:a → b</title><polygon points="10,-5 30,-5 30,5 10,5 10,-5"/></g>
            <g id="edge1" class="edge"><title>a&#45;&gt;tag:a → b</title><path d="M0,0C3,0 6,0 10,0"/></g>
            <g id="edge2" class="edge"><title>tag:a → b&#45;&gt;b</title><path d="M30,0C33,0 36,0 40,0"/></g>
            <g id="edge3" class="edge"><title>c&#45;&gt;d</title><path d="\(otherPath)"/></g>
            </g></svg>
            """
        }
        #expect(try GraphvizSVG(svg("M0,20C10,20 30,20 40,20")).misplacedTags().isEmpty)
        #expect(try GraphvizSVG(svg("M20,-20C20,-10 20,10 20,20")).misplacedTags() == ["c -> d passes through tag:a → b"])
        let away = try GraphvizSVG(svg("M0,20C10,20 30,20 40,20").replacingOccurrences(of: "M30,0C33", with: "M60,0C33"))
        #expect(away.misplacedTags() == ["tag:a → b is not where its edge's halves meet"])
    }
}

/// The nodes' boxes and the edges' paths of a picture `dot -Tsvg` drew, read back to check
/// where Graphviz put things.
struct GraphvizSVG {
    /// A node's bounding box [pt]: the extent of its outline's points.
    struct Box {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity

        mutating func add(_ point: (Double, Double)) {
            (minX, maxX, minY, maxY) = (min(minX, point.0), max(maxX, point.0), min(minY, point.1), max(maxY, point.1))
        }

        /// Whether `point` is inside the box grown by `margin` (shrunk, for a negative one).
        func contains(_ point: (Double, Double), margin: Double) -> Bool {
            point.0 >= minX - margin && point.0 <= maxX + margin && point.1 >= minY - margin && point.1 <= maxY + margin
        }
    }

    /// Node boxes by node id (the SVG's title).
    private(set) var nodes: [String: Box] = [:]
    /// Each outlined node's lines of text: baseline position and font size [pt].
    private(set) var texts: [String: [(x: Double, y: Double, size: Double)]] = [:]
    /// Each edge's tail and head node ids and its path as points along its Bézier curves.
    private(set) var edges: [(from: String, to: String, points: [(Double, Double)])] = []

    init(_ svg: String) throws {
        let reader = Reader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        guard parser.parse() else { throw CocoaError(.fileReadCorruptFile) }
        for group in reader.groups {
            if group.kind == "node" {
                var box = Box()
                for point in group.points { box.add(point) }
                nodes[group.title] = box
                texts[group.title] = group.texts
            } else if group.kind == "edge" {
                let ends = group.title.components(separatedBy: "->")
                guard ends.count == 2 else { continue }
                edges.append((ends[0], ends[1], group.points))
            }
        }
    }

    /// Tags not drawn on their own edge alone: each tag must be where both halves of its edge
    /// end (within 3 pt of its box), and no other edge may pass through it.
    func misplacedTags() -> [String] {
        var problems: [String] = []
        for (tag, box) in nodes where tag.hasPrefix("tag:") {
            let into = edges.filter { $0.to == tag }
            let out = edges.filter { $0.from == tag }
            if into.count != 1 || out.count != 1 || !box.contains(into[0].points.last!, margin: 3)
                || !box.contains(out[0].points.first!, margin: 3)
            {
                problems.append("\(tag) is not where its edge's halves meet")
            }
            for edge in edges where edge.from != tag && edge.to != tag {
                if edge.points.contains(where: { box.contains($0, margin: -1) }) {
                    problems.append("\(edge.from) -> \(edge.to) passes through \(tag)")
                }
            }
        }
        return problems
    }

    /// Lines of text reaching out of their node's outline: a line's capitals (three quarters of
    /// its font size above the baseline) and baseline must be inside, with half a point to spare.
    /// Nodes without an outline (tables in a zone's box) hold their text by construction.
    func textOutsideNodes() -> [String] {
        nodes.flatMap { id, box -> [String] in
            guard box.minX.isFinite else { return [] }
            return (texts[id] ?? []).compactMap { line in
                let inside =
                    box.contains((line.x, line.y), margin: 0.5) && box.contains((line.x, line.y - 0.75 * line.size), margin: 0.5)
                return inside ? nil : "a line of \(id) reaches out of its outline"
            }
        }
    }

    /// Collects, per `<g class="node|edge">`, its title, the points of its outline or path, and
    /// its lines of text.
    private final class Reader: NSObject, XMLParserDelegate {
        struct Group {
            var kind: String
            var title = ""
            var points: [(Double, Double)] = []
            var texts: [(x: Double, y: Double, size: Double)] = []
        }

        var groups: [Group] = []
        private var current: Group?
        private var inTitle = false

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch element {
            case "g" where attributes["class"] == "node" || attributes["class"] == "edge":
                current = Group(kind: attributes["class"]!)
            case "title": inTitle = current != nil
            case "polygon" where current?.kind == "node", "path" where current?.kind == "node",
                "ellipse" where current?.kind == "node":
                current?.points += Self.points(attributes["points"] ?? attributes["d"] ?? "")
                if let cx = attributes["cx"].flatMap(Double.init), let cy = attributes["cy"].flatMap(Double.init),
                    let rx = attributes["rx"].flatMap(Double.init), let ry = attributes["ry"].flatMap(Double.init)
                {
                    current?.points += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
                }
            case "text" where current?.kind == "node":
                if let x = attributes["x"].flatMap(Double.init), let y = attributes["y"].flatMap(Double.init),
                    let size = attributes["font-size"].flatMap(Double.init)
                {
                    current?.texts.append((x, y, size))
                }
            case "path" where current?.kind == "edge":
                current?.points += Self.bezier(Self.points(attributes["d"] ?? ""))
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { current?.title += string }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "title" { inTitle = false }
            if element == "g", let group = current {
                groups.append(group)
                current = nil
            }
        }

        /// The "x,y" pairs of an SVG path or points list.
        static func points(_ text: String) -> [(Double, Double)] {
            text.split(whereSeparator: { $0 == " " || $0 == "M" || $0 == "C" || $0 == "L" || $0 == "Z" }).compactMap {
                let pair = $0.split(separator: ",")
                guard pair.count == 2, let x = Double(pair[0]), let y = Double(pair[1]) else { return nil }
                return (x, y)
            }
        }

        /// Points along the cubic Bézier pieces Graphviz writes (a start, then three points a
        /// piece), ten to a piece.
        static func bezier(_ controls: [(Double, Double)]) -> [(Double, Double)] {
            guard var start = controls.first else { return [] }
            var points = [start]
            var index = 1
            while index + 2 < controls.count {
                let (c1, c2, end) = (controls[index], controls[index + 1], controls[index + 2])
                for step in 1...10 {
                    let t = Double(step) / 10
                    let u = 1 - t
                    let weights = (u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t)
                    points.append((
                        weights.0 * start.0 + weights.1 * c1.0 + weights.2 * c2.0 + weights.3 * end.0,
                        weights.0 * start.1 + weights.1 * c1.1 + weights.2 * c2.1 + weights.3 * end.1
                    ))
                }
                start = end
                index += 3
            }
            return points
        }
    }
}

@Suite("run --variant")
struct RunVariantTests {
    /// summary.csv's rows of `variant`, without the header.
    static func rows(_ summary: String, of variant: String) -> [Substring] {
        summary.split(separator: "\n").filter { $0.split(separator: ",")[1] == variant }
    }

    @Test("--variant runs that variant and the baseline, with the numbers of a run of every variant")
    func subset() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = CommandRunner.packageRoot.appendingPathComponent("scenarios/mmc.yaml").path
        func run(_ extra: [String], into name: String) throws -> (status: Int32, summary: String?, files: [String]) {
            let out = folder.appendingPathComponent(name)
            let outcome = try CommandRunner.run(["run", scenario, "--quiet", "--replications", "3", "--out", out.path] + extra)
            let summary = try? String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: out.path).sorted()) ?? []
            return (outcome.status, summary, files)
        }
        let all = try run([], into: "all")
        let chosen = try run(["--variant", "c4"], into: "chosen")
        #expect(chosen.status == 0)
        let (full, part) = (try #require(all.summary), try #require(chosen.summary))
        #expect(Self.rows(part, of: "c2").isEmpty)
        for variant in ["c1", "c4"] {
            #expect(!Self.rows(part, of: variant).isEmpty)
            #expect(Self.rows(part, of: variant) == Self.rows(full, of: variant), "\(variant) as in a full run")
        }
        #expect(chosen.files.contains("comparison.csv"))
        let alone = try run(["--variant", "c4", "--no-baseline"], into: "alone")
        #expect(alone.status == 0)
        #expect(Self.rows(try #require(alone.summary), of: "c1").isEmpty)
        #expect(!alone.files.contains("comparison.csv"), "one variant: nothing to compare")
        let unknown = try run(["--variant", "c3"], into: "unknown")
        #expect(unknown.status == 2)
        #expect(unknown.files.isEmpty, "nothing written")
    }
}
