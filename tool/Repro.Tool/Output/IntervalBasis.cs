using Repro.Engine.Statistics;

namespace Repro.Tool.Output;

/// <summary>The seeds × items interval cell and the sentence that says what the t-tests read, shared by the comparison tables.</summary>
internal static class IntervalBasis
{
    /// <summary>The seeds × items interval of <paramref name="m"/>, or "—".</summary>
    public static string Cell(MetricComparison m, Func<double, string> signed) =>
        m.Items?.Ci95 is var (low, high) ? $"[{signed(low)}, {signed(high)}]" : "—";

    /// <summary>What the t-tests (and the TOST and claims tests) of <paramref name="rows"/> read, and why the seeds alone where they do.</summary>
    public static string Sentence(IEnumerable<MetricComparison> rows)
    {
        var list = rows.ToList();
        var missing = list.Where(m => m.Items is null).Select(m => m.ItemsMissing ?? "one paired seed").Distinct().ToList();
        var which = list.All(m => m.Items is null) ? "every row" : "rows without a seeds × items interval";
        return (missing.Count == 0
            ? "Intervals and t-tests: over seeds crossed with test items (a random-effects estimate of both sources of variance, docs/statistics.md); the sign-flip test permutes seeds."
            : $"Intervals and t-tests: over seeds alone for {which} ({string.Join("; ", missing)}): they leave out the test set's own variance (docs/statistics.md).")
            + Clusters(list);
    }

    // Rows whose seeds share nested stages: which clusters their units are.
    private static string Clusters(List<MetricComparison> rows) =>
        string.Concat(rows.Where(m => m.Clusters is not null).GroupBy(m => SeedClusters.Describe(m.Clusters!)).Select(g =>
            $" {string.Join(", ", g.Select(m => m.Metric).Distinct())}: seeds that share a nested stage's model count as one unit, so the " +
            $"differences, intervals and tests there are over {g.First().Clusters!.Count} cluster means, {g.Key} (docs/statistics.md)."));
}
