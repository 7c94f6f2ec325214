/// Text sizes and placement shared by the charts: every label at least 12 px, and labels that
/// would overlap moved to rows of their own.
enum ChartText {
    /// Smallest text the charts draw [px]: readable on a projector at 1400 px wide.
    static let small = 12.0
    /// Chart titles [px].
    static let title = 14.0

    /// A conservative width of `text` at `size` px in a sans-serif font: wide letters counted
    /// wider, so that a box computed from it holds what the browser draws.
    static func width(_ text: String, size: Double) -> Double {
        let wide = Set("MWmw@%")
        let narrow = Set("iljtf.,:;'| ()[]")
        return text.reduce(0) { sum, character in
            sum + (wide.contains(character) ? 0.9 : narrow.contains(character) ? 0.34 : character.isUppercase ? 0.7 : 0.58)
        } * size
    }

    /// Rows for labels centred at `x` (0 is the first): each label takes the first row where it
    /// keeps `gap` px from every label already there.
    static func rows(_ labels: [(x: Double, text: String)], size: Double, gap: Double = 6) -> [Int] {
        var ends: [[(Double, Double)]] = []
        var result = Array(repeating: 0, count: labels.count)
        for index in labels.indices.sorted(by: { labels[$0].x < labels[$1].x }) {
            let half = width(labels[index].text, size: size) / 2
            let span = (labels[index].x - half - gap, labels[index].x + half + gap)
            let row = ends.firstIndex { row in row.allSatisfy { $0.1 <= span.0 || $0.0 >= span.1 } } ?? ends.count
            if row == ends.count { ends.append([]) }
            ends[row].append(span)
            result[index] = row
        }
        return result
    }

    /// Where a label centred at `x` must be centred to stay inside [low, high].
    static func clamp(_ x: Double, _ text: String, size: Double, low: Double, high: Double) -> Double {
        let half = width(text, size: size) / 2
        return min(max(x, low + half), max(low + half, high - half))
    }
}
