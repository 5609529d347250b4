namespace Repro.Engine.Statistics;

/// <summary>
/// One metric of two stages paired by seed, as every comparison builds it: the seeds that share a nested stage taken as one
/// unit (<see cref="SeedClusters"/>, read from the runs' manifests) and the seeds × items estimate where the runs recorded
/// predictions (<see cref="GroupPredictions"/>).
/// </summary>
internal static class PairedMetric
{
    /// <summary>
    /// Compares <paramref name="valuesB"/> with <paramref name="valuesA"/> (per seed) over <paramref name="seeds"/>; the runs
    /// behind each side (null when not read: seeds alone, no clusters) give the clusters and the per-item scores.
    /// </summary>
    public static MetricComparison Of(string name, IReadOnlyList<long> seeds, IReadOnlyDictionary<string, double> valuesA, IReadOnlyDictionary<string, double> valuesB,
        (GroupPredictions Runs, string Stage)? a, (GroupPredictions Runs, string Stage)? b, string split, string metric, double alpha, int permutations)
    {
        var clusters = a is { } ra && b is { } rb
            ? SeedClusters.Of(seeds, s => SeedClusters.Key(("A", ra.Runs.NestedSeeds(ra.Stage, s)), ("B", rb.Runs.NestedSeeds(rb.Stage, s))))
            : null;
        var units = SeedClusters.Units(seeds, clusters);
        string? missing = "no predictions were read";
        var items = a is null || b is null ? null : GroupPredictions.Estimate(a.Value.Runs, a.Value.Stage, b.Value.Runs, b.Value.Stage, split, metric, units, out missing);
        return MetricComparison.Of(name, seeds, SeedClusters.Means(valuesA, units), SeedClusters.Means(valuesB, units), alpha, permutations, items, missing, clusters);
    }
}
