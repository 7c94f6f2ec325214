import Foundation

/// A Jupyter notebook (nbformat 4.5) that reads the results folder's CSVs with pandas and draws
/// the HTML page's charts with matplotlib, one section per question.
enum Notebook {
    /// - Parameter results: path of the results folder relative to the notebook's folder.
    static func render(title: String, sections: [ExportSection], results: String, faults: [FaultShade] = []) throws -> Data {
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
        add(code: setup(results: results, faults: faults))
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

    /// The set-up cell: reading the CSVs, the faults of replication 0 (start, end or None, name),
    /// and the helpers the sections' cells call, every time and ratio in human units.
    private static func setup(results: String, faults: [FaultShade]) -> String {
        let list = faults.map { fault in
            "(\(SVG.number(fault.start)), \(fault.end.map(SVG.number) ?? "None"), \(python([fault.label]).dropFirst().dropLast()))"
        }
        return """
        import pandas as pd
        import matplotlib.pyplot as plt
        from pathlib import Path

        RESULTS = Path(\(python([results]).dropFirst().dropLast()))  # the results folder, relative to this notebook
        summary = pd.read_csv(RESULTS / "summary.csv")
        variants = list(dict.fromkeys(summary["variant"]))
        # The faults of replication 0: (start [s], end [s] or None for a moment, what)
        FAULTS = [\(list.joined(separator: ",\n    "))]


        def duration(seconds):
            \"\"\"A time [s] in the largest fitting unit: 250 ms, 12 s, 2 min 20 s, 11 h, 14 d.\"\"\"
            size = abs(seconds)
            if size == 0:
                return "0"
            if size < 1:
                return f"{seconds * 1000:.3g} ms"
            if size < 60:
                return f"{seconds:.3g} s"
            if size < 7200:
                whole = int(round(size))
                return ("-" if seconds < 0 else "") + f"{whole // 60} min" + (f" {whole % 60} s" if whole % 60 else "")
            if size < 172800:
                return f"{seconds / 3600:.3g} h"
            return f"{seconds / 86400:.3g} d"


        def clock(seconds):
            \"\"\"A moment of the run: day 4, 06:04 from a day on, else the time since the start.\"\"\"
            if seconds < 86400:
                return duration(seconds)
            whole = int(seconds)
            return f"day {whole // 86400}, {whole % 86400 // 3600:02d}:{whole % 3600 // 60:02d}"


        def time_scale(span):
            \"\"\"Divisor and name of the unit that suits a time axis [s] of this span.\"\"\"
            for size, name in [(86400, "d"), (3600, "h"), (60, "min")]:
                if span >= 3 * size:
                    return size, name
            return 1, "s"


        def scaled(unit, values):
            \"\"\"Values in the unit a person reads: ratios in %, times in min, h or d as they fit.\"\"\"
            if unit == "ratio":
                return values * 100, "%"
            if unit == "s":
                size, name = time_scale(values.abs().max() if len(values) else 0)
                return values / size, name
            return values, {"1/s": "/s", "1/d": "/d"}.get(unit, unit)


        def bars(metrics, title, log=False):
            \"\"\"One group per metric, one bar per variant: mean over replications with its 95% CI, in human
            units; with log, on a logarithmic scale when every value is positive.\"\"\"
            rows = summary[summary["metric"].isin(metrics)]
            unit = rows["unit"].iloc[0] if len(rows) else ""
            fig, ax = plt.subplots(figsize=(max(4, 1.6 * len(metrics) * len(variants)), 3.5))
            width = 0.8 / len(variants)
            _, name = scaled(unit, rows["mean"].fillna(0))
            for i, variant in enumerate(variants):
                part = rows[rows["variant"] == variant].set_index("metric").reindex(metrics)
                mean, _ = scaled(unit, part["mean"])
                if unit == "s":
                    size, _ = time_scale(rows["mean"].abs().max())
                    mean, low, high = part["mean"] / size, part["ci95_low"] / size, part["ci95_high"] / size
                else:
                    low, _ = scaled(unit, part["ci95_low"])
                    high, _ = scaled(unit, part["ci95_high"])
                below = (mean - low).fillna(0).clip(lower=0)
                above = (high - mean).fillna(0).clip(lower=0)
                x = [j + i * width for j in range(len(metrics))]
                ax.bar(x, mean, width, yerr=[below, above], capsize=3, label=variant)
            ax.set_xticks([j + width * (len(variants) - 1) / 2 for j in range(len(metrics))], metrics)
            if log and len(rows) and (rows["mean"].dropna() > 0).all():
                ax.set_yscale("log")
            ax.set_ylabel(name)
            ax.set_title(title + (" (log scale)" if ax.get_yscale() == "log" else ""))
            ax.legend()
            plt.show()


        def shade(ax, size):
            \"\"\"The faults of replication 0 on a time axis in units of `size` seconds.\"\"\"
            for start, end, what in FAULTS:
                if end is None:
                    ax.axvline(start / size, color="firebrick", linestyle="--", linewidth=1)
                else:
                    ax.axvspan(start / size, end / size, color="firebrick", alpha=0.15, linewidth=0)
                if len(FAULTS) <= 8:
                    ax.annotate(what, (start / size, 1), xycoords=("data", "axes fraction"), va="bottom", fontsize=9)


        def timeline(entity, metric):
            \"\"\"A metric of one entity over simulated time, replication 0 of each variant, as steps, each
            variant with its own dash (the first widest, so none hides another), faults shaded.\"\"\"
            series = pd.read_csv(RESULTS / "timeseries.csv")
            part = series[(series.replication == 0) & (series.entity == entity) & (series.metric == metric)]
            size, name = time_scale(series.time_s.max() - series.time_s.min())
            fig, ax = plt.subplots(figsize=(9, 3.5))
            shade(ax, size)
            styles = ["-", "--", ":", "-."]
            for i, variant in enumerate(variants):
                rows = part[part.variant == variant]
                if len(rows):
                    values = rows.value * (100 if metric.endswith("ratio") else 1)
                    ax.step(rows.time_s / size, values, where="post", label=variant,
                            linestyle=styles[i % len(styles)], linewidth=1.5 + 1.2 * (len(variants) - 1 - i))
            ax.set_xlabel(f"simulated time [{name}]")
            ax.set_ylabel(metric + (" [%]" if metric.endswith("ratio") else " [/s]" if metric.endswith("rate") else ""))
            ax.legend()
            plt.show()


        def events(name, columns):
            \"\"\"Per variant, a lane per event of replication 0 (up to 12, bad ones first where the
            table says), each drawn from its own start, every variant on one time axis.\"\"\"
            table = pd.read_csv(RESULTS / f"{name}.csv")
            table = table[table.replication == 0]
            times = table[columns].apply(pd.to_numeric, errors="coerce")
            longest = (times.max(axis=1) - times.min(axis=1)).max()
            size, unit = time_scale(longest if longest > 0 else 1)
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
                    labels.append(clock(start) + (" (bad)" if row.get("bad") is True else ""))
                    if len(times):
                        ax.hlines(lane, 0, (times.max() - start) / size, color=f"C{i}", alpha=0.35, linewidth=6)
                        ax.scatter((times - start) / size, [lane] * len(times), color=f"C{i}", zorder=3)
                ax.set_yticks(range(len(labels)), labels)
                ax.set_xlim(-0.02 * longest / size, 1.05 * longest / size)
                ax.invert_yaxis()
                ax.set_xlabel(f"time since it began [{unit}]")
                ax.set_title(f"{variant}: {name}, time since each began")
                plt.show()
        """
    }
}
