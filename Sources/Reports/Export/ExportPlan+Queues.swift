/// The page's section on message queues (`runtime.queues`): how long they grew, how long
/// messages waited, what was lost, and each queue's length over time.
extension ExportPlan {
    /// Each queue's measures, one bar per variant, then its length bucket by bucket (replication 0);
    /// nil without queues.
    func queues() -> ExportSection? {
        let suffix = ".length_mean"
        let queues = folder.metrics.map(\.name).filter { name in
            name.hasSuffix(suffix) && folder.metrics.contains { $0.name == name.dropLast(suffix.count) + ".published" }
        }.map { String($0.dropLast(suffix.count)) }
        guard !queues.isEmpty else { return nil }
        var (charts, names) = entityCharts(
            queues,
            [
                ("length_mean", "Messages waiting, mean", "count"), ("length_max", "Messages waiting, most", "count"),
                ("redelivering_mean", "Waiting to be redelivered, mean", "count"),
                ("redelivering_max", "Waiting to be redelivered, most", "count"),
                ("wait_mean", "Wait in the queue, mean", "s"), ("age_mean", "Publication to handled, mean", "s"),
                ("dropped", "Dropped: queue full", "count"), ("expired", "Expired: past max age", "count"),
            ])
        let lines = [("queue_length", "Messages waiting in"), ("redelivering", "Waiting to be redelivered, of")]
        charts += queues.flatMap { queue in
            lines.compactMap { metric, title in
                let series = timeSeries(entity: queue, metric: metric)
                // A queue whose handling never failed has no redelivery backlog to draw.
                let drawn = metric == "queue_length" || series.contains { $0.points.contains { $0.y > 0 } }
                guard !series.isEmpty, drawn else { return nil }
                return LineChart(
                    title: "\(title) \(queue) (replication 0)", xUnit: "s", yUnit: "count", series: series,
                    faults: faults(of: series.map(\.name)), range: timeRange
                ).svg()
            }
        }
        return ExportSection(
            title: "Do the queues keep up?",
            paragraphs: [
                "A publisher goes on as soon as its message is sent; the queue's consumer handles the messages as its "
                    + "instances have room. `length_mean` and `length_max` count the messages waiting (not those being "
                    + "handled), `redelivering_mean` and `redelivering_max` the messages whose handling failed, waiting out "
                    + "the redelivery delay before they are back in the queue (a backlog the length does not show), "
                    + "`wait_mean` is the time from entering the queue to a consumer taking it, and "
                    + "`age_mean` the time from publication to handled, redeliveries after failures included.",
                "A queue that grows without bound has consumers slower than its publishers; one that drops (`dropped`) "
                    + "or expires (`expired`) messages loses work that the publishers counted as done.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }
}
