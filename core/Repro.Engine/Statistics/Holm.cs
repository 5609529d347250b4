namespace Repro.Engine.Statistics;

/// <summary>
/// Holm–Bonferroni adjustment of a family of p-values: sorted ascending, the i-th (from 0) is multiplied by (m − i),
/// then made non-decreasing and capped at 1. Rejecting where the adjusted p is below alpha controls the family-wise error rate.
/// </summary>
public static class Holm
{
    /// <summary>The adjusted p-values, in the order given.</summary>
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        var m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /// <summary>The adjusted p-values of those that exist, in the order given; a missing one (null) stays missing and is not counted.</summary>
    public static double?[] Adjust(IReadOnlyList<double?> p)
    {
        var present = Enumerable.Range(0, p.Count).Where(i => p[i] is not null).ToList();
        var adjusted = Adjust(present.Select(i => p[i]!.Value).ToList());
        var result = new double?[p.Count];
        for (var k = 0; k < present.Count; k++) result[present[k]] = adjusted[k];
        return result;
    }
}
