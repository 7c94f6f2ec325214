import Foundation

/// Writes `NAME.ipynb` and `NAME.html` for a results folder.
public enum Exporter {
    /// Returns the files written. Nothing is written when the folder cannot be read.
    public static func export(results: URL, to destination: URL, context: ExportContext) throws -> [URL] {
        let folder = try ResultsFolder(url: results)
        let plan = ExportPlan(folder: folder, context: context)
        let sections = plan.sections
        let title = "cnsim: \(folder.scenario)"
        let relative = relativePath(from: destination, to: results)
        let notebook = try Notebook.render(
            title: title, sections: sections, results: relative, faults: plan.faults(of: folder.variants))
        let page = HTMLPage.render(
            title: title, sections: sections,
            footer: "Drawn by cnsim from \(relative)/ — every number comes from the simulation's CSV files.")
        let notebookURL = destination.appendingPathComponent("\(folder.scenario).ipynb")
        let pageURL = destination.appendingPathComponent("\(folder.scenario).html")
        // Both or neither: a failure leaves the previous notebook and page together.
        try AtomicFile.writeAll([(notebook, notebookURL), (Data(page.utf8), pageURL)])
        return [notebookURL, pageURL]
    }

    /// `to` as a path relative to the folder `from` (both folders), with `/` separators.
    static func relativePath(from: URL, to: URL) -> String {
        let source = from.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let target = to.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < min(source.count, target.count), source[common] == target[common] { common += 1 }
        let parts = Array(repeating: "..", count: source.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
