/// A single self-contained page: inline CSS and SVG, no scripts, no external resources.
/// Written as well-formed XHTML so that any XML parser can check it.
enum HTMLPage {
    static func render(title: String, sections: [ExportSection], footer: String) -> String {
        var html = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(SVG.escape(title))</title>
            <style>
            body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
            code { background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
            .charts { display: flex; flex-wrap: wrap; gap: 1rem; } .charts svg { max-width: 100%; height: auto; }
            .figure { overflow-x: auto; } .figure svg { display: block; margin: 0 auto; }
            table { border-collapse: collapse; font-size: .9rem; } td, th { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; }
            .significant { font-weight: bold; color: #c92a2a; } footer { margin-top: 3rem; color: #777; font-size: .85rem; }
            </style>
            </head>
            <body>
            <h1>\(SVG.escape(title))</h1>

            """
        for section in sections {
            html += "<section>\n<h2>\(SVG.escape(section.title))</h2>\n"
            for paragraph in section.paragraphs { html += "<p>\(inline(paragraph))</p>\n" }
            if let figure = section.figure { html += "<div class=\"figure\">\n\(figure)\n</div>\n" }
            if !section.charts.isEmpty { html += "<div class=\"charts\">\n" + section.charts.joined(separator: "\n") + "\n</div>\n" }
            if let table = section.table, let header = table.first {
                html += "<table>\n<tr>" + header.map { "<th>\(SVG.escape($0))</th>" }.joined() + "</tr>\n"
                for row in table.dropFirst() {
                    html += "<tr>" + row.map { cell in
                        cell == "significant" ? "<td class=\"significant\">significant</td>" : "<td>\(SVG.escape(cell))</td>"
                    }.joined() + "</tr>\n"
                }
                html += "</table>\n"
            }
            html += "</section>\n"
        }
        html += "<footer>\(SVG.escape(footer))</footer>\n</body>\n</html>\n"
        return html
    }

    /// Escapes a paragraph and turns `name` into <code>name</code>.
    static func inline(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        return parts.enumerated().map { index, part in
            index % 2 == 1 && index < parts.count - 1 ? "<code>\(SVG.escape(String(part)))</code>" : SVG.escape(String(part))
        }.joined()
    }
}
