/// One question a scenario answers, as both the HTML page and the notebook show it: plain-words
/// paragraphs, then a chart cnsim draws (HTML) and the pandas/matplotlib code that draws the same
/// chart (notebook), or a table.
struct ExportSection {
    var title: String
    /// Paragraphs of plain text; `backticks` mark names.
    var paragraphs: [String]
    /// Inline SVG charts for the HTML page.
    var charts: [String] = []
    /// Python for the notebook's code cell, using the helpers of the set-up cell.
    var code: String? = nil
    /// A table for the HTML page (first row is the header).
    var table: [[String]]? = nil
    /// Markup the HTML page shows after the paragraphs as it is (Graphviz's SVG), in a box that
    /// scrolls rather than shrinks it; not in the notebook.
    var figure: String? = nil
}
