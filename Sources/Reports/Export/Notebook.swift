import Foundation

/// A Jupyter notebook (nbformat 4.5) that reads the results folder's CSVs with pandas and draws
/// the HTML page's charts with matplotlib, one section per question.
enum Notebook {
    /// - Parameter results: path of the results folder relative to the notebook's folder.
    static func render(title: String, sections: [ExportSection], results: String) throws -> Data {
        var cells: [[String: Any]] = []
        func add(markdown: String) {
            cells.append(["cell_type": "markdown", "id": "cell-\(cells.count + 1)", "metadata": [String: Any](), "source": lines(markdown)])
        }
        func add(code: String) {
            cells.append([
                "cell_type": "code", "id": "cell-\(cells.count + 1)", "execution_count": NSNull(),
                "metadata": [String: Any](), "outputs": [Any](), "source": lines(code),
            ])
        }
        add(markdown: "# \(title)\n\nThis notebook reads the CSV files `cnsim run` wrote to `\(results)` and draws "
            + "them. Run it top to bottom (Kernel → Restart & Run All). Change the scenario, run cnsim again, and "
            + "run this notebook again to see what the change does.")
        add(code: setup(results: results))
        for section in sections {
            add(markdown: "## \(section.title)\n\n" + section.paragraphs.joined(separator: "\n\n"))
            if let code = section.code { add(code: code) }
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5, "cells": cells,
            "metadata": [
                "kernelspec": ["display_name": "Python 3", "language": "python", "name": "python3"],
                "language_info": ["name": "python"],
            ],
        ]
        var data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0a)
        return data
    }

    /// Notebook sources are lists of lines, each but the last ending in a newline.
    private static func lines(_ text: String) -> [String] {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "\n" : $0.element }
    }

    private static func setup(results: String) -> String {
        """
        import pandas as pd
        import matplotlib.pyplot as plt
        from pathlib import Path

        RESULTS = Path(\(python([results]).dropFirst().dropLast()))  # the results folder, relative to this notebook
        summary = pd.read_csv(RESULTS / "summary.csv")
        variants = list(dict.fromkeys(summary["variant"]))


        def bars(metrics, title):
            \"\"\"One group per metric, one bar per variant: mean over replications with its 95% CI.\"\"\"
            rows = summary[summary["metric"].isin(metrics)]
            fig, ax = plt.subplots(figsize=(max(4, 1.6 * len(metrics) * len(variants)), 3.5))
            width = 0.8 / len(variants)
            for i, variant in enumerate(variants):
                part = rows[rows["variant"] == variant].set_index("metric").reindex(metrics)
                low = (part["mean"] - part["ci95_low"]).fillna(0).clip(lower=0)
                high = (part["ci95_high"] - part["mean"]).fillna(0).clip(lower=0)
                x = [j + i * width for j in range(len(metrics))]
                ax.bar(x, part["mean"], width, yerr=[low, high], capsize=3, label=variant)
            ax.set_xticks([j + width * (len(variants) - 1) / 2 for j in range(len(metrics))], metrics)
            ax.set_title(title)
            ax.legend()
            plt.show()


        def timeline(entity, metric):
            \"\"\"A metric of one entity over simulated time, replication 0 of each variant.\"\"\"
            series = pd.read_csv(RESULTS / "timeseries.csv")
            part = series[(series.replication == 0) & (series.entity == entity) & (series.metric == metric)]
            fig, ax = plt.subplots(figsize=(9, 3.5))
            for variant in variants:
                rows = part[part.variant == variant]
                if len(rows):
                    ax.plot(rows.time_s, rows.value, label=variant)
            ax.set_xlabel("simulated time [s]")
            ax.set_ylabel(metric)
            ax.legend()
            plt.show()


        def events(name, columns):
            \"\"\"Per variant, a lane per event of replication 0 (up to 12, bad ones first where the
            table says), each drawn from its own start: the axis reads as time taken.\"\"\"
            table = pd.read_csv(RESULTS / f"{name}.csv")
            table = table[table.replication == 0]
            for i, variant in enumerate(variants):
                rows = table[table.variant == variant]
                if "bad" in rows.columns:
                    rows = pd.concat([rows[rows.bad == True], rows[rows.bad != True]])
                rows = rows.head(12)
                if not len(rows):
                    continue
                fig, ax = plt.subplots(figsize=(9, 1 + 0.35 * len(rows)))
                labels = []
                for lane, (_, row) in enumerate(rows.iterrows()):
                    times = pd.to_numeric(row[columns], errors="coerce").dropna()
                    start = times.min() if len(times) else 0
                    labels.append(f"at {start:.0f} s" + (" (bad)" if row.get("bad") is True else ""))
                    if len(times):
                        ax.hlines(lane, 0, times.max() - start, color=f"C{i}", alpha=0.35, linewidth=6)
                        ax.scatter(times - start, [lane] * len(times), color=f"C{i}", zorder=3)
                ax.set_yticks(range(len(labels)), labels)
                ax.invert_yaxis()
                ax.set_xlabel("seconds since it began")
                ax.set_title(f"{variant}: {name}, time since each began")
                plt.show()
        """
    }
}
