/// The page's section on replica sets (`replica_set:`): how long each was without a primary,
/// how many elections that took, and what it cost the callers.
extension ExportPlan {
    /// Each replica set's time without a primary, its elections and its unavailable operations,
    /// one bar per variant; nil without replica sets.
    func replicaSets() -> ExportSection? {
        let suffix = ".no_primary_time"
        let sets = folder.metrics.map(\.name).filter { name in
            name.hasSuffix(suffix) && folder.metrics.contains { $0.name == name.dropLast(suffix.count) + ".elections" }
        }.map { String($0.dropLast(suffix.count)) }
        guard !sets.isEmpty else { return nil }
        let (charts, names) = entityCharts(
            sets,
            [
                ("no_primary_time", "Time without a primary", "s"), ("elections", "Primaries elected", "count"),
                ("failed_unavailable", "Operations unavailable", "count"),
            ])
        return ExportSection(
            title: "How long was a replica set without a primary?",
            paragraphs: [
                "A replica set's primary takes every write. When it is lost, writes (and reads from the primary) fail "
                    + "as unavailable until the loss is noticed (`failover_detection`) and a secondary elected "
                    + "(`election_time`); without a majority of members up, none is elected until a majority is back.",
                "`no_primary_time` is the time without a primary, `elections` the primaries elected after one was "
                    + "lost, `failed_unavailable` the operations turned away meanwhile (or for too few members up). "
                    + "Variants without a replica set have no bar.",
            ],
            charts: charts, code: "for metric in \(python(names)):\n    bars([metric], metric)")
    }
}
