import Foundation
import Testing

@testable import Reports

@Suite("Bar charts")
struct BarChartTests {
    /// The category labels of a bar chart's SVG: (x, y, text) of each 12 px middle-anchored text
    /// below the plot.
    func labels(_ svg: String, categories: [String]) throws -> [(x: Double, y: Double, text: String)] {
        let pattern = try NSRegularExpression(pattern: #"<text x="([0-9.]+)" y="([0-9.]+)" text-anchor="middle" font-size="12.0"[^>]*>([^<]*)</text>"#)
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).compactMap { match in
            let part = { (index: Int) in String(svg[Range(match.range(at: index), in: svg)!]) }
            guard categories.contains(part(3)) else { return nil }
            return (Double(part(1))!, Double(part(2))!, part(3))
        }
    }

    @Test("a dozen long category names stagger over rows, none overlapping another; a few stay in one row")
    func categoryLabelsDoNotOverlap() throws {
        let many = [
            "nginx", "home-timeline", "user-timeline", "compose-post-service", "post-storage", "social-graph", "user",
            "text", "url-shorten", "user-mention", "media", "unique-id", "write-home-timeline",
        ]
        let estimate = Estimate(mean: 0.5, low: 0.4, high: 0.6)
        let variants = ["as-deployed", "tuned-clients", "breakers-read-through", "async-fan-out"]
        let chart = BarChart(
            title: "Threads held / servers [ratio]", unit: "ratio", categories: many,
            series: variants.map { ($0, many.map { _ in estimate }) })
        let placed = try labels(chart.svg(), categories: many)
        #expect(placed.count == many.count)
        let rows = Set(placed.map(\.y))
        #expect(rows.count >= 2, "too wide for one row at 940 px")
        for row in rows {
            let inRow = placed.filter { $0.y == row }.sorted { $0.x < $1.x }
            for (left, right) in zip(inRow, inRow.dropFirst()) {
                let gap = (right.x - ChartText.width(right.text, size: 12) / 2) - (left.x + ChartText.width(left.text, size: 12) / 2)
                #expect(gap >= 0, "\(left.text) and \(right.text) overlap")
            }
        }
        let few = ["read-home-timeline", "read-user-timeline", "compose-post"]
        let small = BarChart(title: "availability [%]", unit: "ratio", categories: few, series: variants.map { ($0, few.map { _ in estimate }) })
        #expect(Set(try labels(small.svg(), categories: few).map(\.y)).count == 1)
    }
}
