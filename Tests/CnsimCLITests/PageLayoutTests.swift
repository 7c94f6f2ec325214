import Foundation
import Testing
import Yams

/// Each committed page (notebooks-export/NAME.html, which CommittedExportsTests keeps equal to a
/// fresh export) laid out by headless Chromium at 1400 px wide, measured by a script added to a
/// copy: no text under 12 px, no two labels of a chart overlapping, none outside its chart, and
/// every fault window of the scenario shaded on the page's charts over time.
@Suite("Page layout in Chromium")
struct PageLayoutTests {
    /// The pages laid out: one of each story (an outage, a retry storm, delivery, storage, a
    /// queueing network) in `swift test`, to keep it fast; every committed page with
    /// `CNSIM_ALL_PAGES=1`, which `.ci/run` sets for a second pass of this suite.
    static var pages: [String] {
        if ProcessInfo.processInfo.environment["CNSIM_ALL_PAGES"] == "1" { return CommittedResultsTests.scenarios }
        return ["zone-outage", "retry-storm", "monolith-vs-microservices", "storage-scale-out", "mmc"]
            .filter(CommittedResultsTests.scenarios.contains)
    }

    /// Runs in the page after layout and writes what it measured, as JSON, into the DOM.
    static let script = """
        <script>
        window.addEventListener("load", () => {
          const small = [], overlaps = [], outside = [], faults = [], timeCharts = [];
          for (const element of document.body.querySelectorAll("*")) {
            if (element.closest("script") || element.id === "cnsim-check") continue;
            const own = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
            if (!own) continue;
            let size = parseFloat(getComputedStyle(element).fontSize);
            const svg = element.closest("svg");
            if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width > 0) {
              size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            }
            if (size < 11.95) small.push(`${size.toFixed(1)} px: ${element.textContent.trim().slice(0, 60)}`);
          }
          for (const chart of document.querySelectorAll("svg.chart")) {
            const frame = chart.getBoundingClientRect();
            const boxes = [...chart.querySelectorAll("text")].map(t => [t.textContent, t.getBoundingClientRect()]);
            for (const [text, box] of boxes) {
              if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1)
                outside.push(text);
            }
            for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
              const [a, b] = [boxes[i][1], boxes[j][1]];
              const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
              const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              if (x > 1 && y > 1) overlaps.push(`${boxes[i][0]} | ${boxes[j][0]}`);
            }
            if (chart.classList.contains("time")) {
              const shades = [...chart.querySelectorAll("rect.fault")];
              timeCharts.push(shades.length);
              for (const r of shades) faults.push([parseFloat(r.dataset.start), parseFloat(r.dataset.end)]);
            }
          }
          const out = document.createElement("pre");
          out.id = "cnsim-check";
          out.textContent = JSON.stringify({small, overlaps, outside, faults, timeCharts, width: document.body.clientWidth});
          document.body.appendChild(out);
        });
        </script>
        """

    struct Measured: Decodable {
        var small: [String]
        var overlaps: [String]
        var outside: [String]
        var faults: [[Double]]
        var timeCharts: [Int]
    }

    static func measure(page: URL) throws -> Measured {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent(page.lastPathComponent)
        let html = try String(contentsOf: page, encoding: .utf8)
        try html.replacingOccurrences(of: "</body>", with: Self.script + "\n</body>").write(to: copy, atomically: true, encoding: .utf8)
        let (status, dom) = try ExportToolTests.run(
            ExportToolTests.chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000", "--hide-scrollbars",
                "--dump-dom", copy.absoluteString,
            ])
        #expect(status == 0)
        guard let start = dom.range(of: "<pre id=\"cnsim-check\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
        else {
            Issue.record("the check did not run: \(dom.suffix(400))")
            return Measured(small: [], overlaps: [], outside: [], faults: [], timeCharts: [])
        }
        let json = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Measured.self, from: Data(json.utf8))
    }

    /// A duration of a scenario file in seconds: `10m`, `2m20s`, `90s`, `500ms`, `1h`, `2d`.
    static func seconds(_ text: String) -> Double? {
        var total = 0.0
        var number = ""
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        while let first = rest.first {
            if first.isNumber || first == "." {
                number.append(first)
                rest = rest.dropFirst()
                continue
            }
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }), let value = Double(number) else { return nil }
            total += value * unit.1
            number = ""
            rest = rest.dropFirst(unit.0.count)
        }
        return number.isEmpty ? total : nil
    }

    /// The windows the page must shade: faults.csv's rows of replication 0, and the file's
    /// `chaos` or `failures` items with `from` and `to` that faults.csv does not account for
    /// (an `errors` item ends at its repair, which faults.csv says).
    static func expectedWindows(_ name: String) throws -> [(Double, Double)] {
        let root = CommandRunner.packageRoot
        var windows: [(Double, Double)] = []
        let faultsFile = root.appendingPathComponent("results/\(name)/faults.csv")
        let monitored = FileManager.default.fileExists(atPath: faultsFile.path)
        if monitored {
            let lines = try String(contentsOf: faultsFile, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let header = lines[0].map(String.init)
            let (replication, start, end) = (header.firstIndex(of: "replication")!, header.firstIndex(of: "start_s")!, header.firstIndex(of: "end_s")!)
            for line in lines.dropFirst() where line[replication] == "0" {
                if let from = Double(line[start]), let to = Double(line[end]) { windows.append((from, to)) }
            }
        }
        let yaml = try String(contentsOf: root.appendingPathComponent("scenarios/\(name).yaml"), encoding: .utf8)
        guard let document = try Yams.load(yaml: yaml) as? [String: Any] else { return windows }
        let model = (document["runtime"] ?? document["storage"]) as? [String: Any] ?? [:]
        let items = (model["chaos"] as? [Any] ?? []) + (model["failures"] as? [Any] ?? [])
        for case let item as [String: Any] in items {
            guard let (kind, value) = item.first, let fields = value as? [String: Any] else { continue }
            if monitored, kind == "errors" || kind == "random_errors" { continue }
            if let from = (fields["from"] as? String).flatMap(seconds), let to = (fields["to"] as? String).flatMap(seconds) {
                windows.append((from, to))
            }
        }
        return windows
    }

    @Test(
        "each shipped page at 1400 px: text ≥ 12 px, no label overlapping another or outside its chart, every fault window shaded",
        .enabled(if: ExportToolTests.chromium != nil, "Chromium is not installed (apt-get install chromium) — skipped"),
        arguments: PageLayoutTests.pages)
    func layout(_ name: String) throws {
        let page = CommandRunner.packageRoot.appendingPathComponent("notebooks-export/\(name).html")
        let measured = try Self.measure(page: page)
        #expect(measured.small.isEmpty, "\(name): text under 12 px: \(measured.small.prefix(8))")
        #expect(measured.overlaps.isEmpty, "\(name): overlapping labels: \(measured.overlaps.prefix(8))")
        #expect(measured.outside.isEmpty, "\(name): labels outside their chart: \(measured.outside.prefix(8))")
        let expected = try Self.expectedWindows(name)
        guard !measured.timeCharts.isEmpty else { return }
        if !expected.isEmpty {
            #expect(measured.timeCharts.allSatisfy { $0 > 0 }, "\(name): a chart over time without its faults shaded")
        }
        for (from, to) in expected {
            #expect(
                measured.faults.contains { abs($0[0] - from) < 0.1 && abs($0[1] - to) < 0.1 },
                "\(name): the fault window \(from) s–\(to) s is not shaded")
        }
    }
}
