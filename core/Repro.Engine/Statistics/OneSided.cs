namespace Repro.Engine.Statistics;

/// <summary>One-sided paired t-tests of a mean against a value (at least two differences).</summary>
public static class OneSided
{
    /// <summary>p of H0 "mean ≥ <paramref name="value"/>": small when the mean is credibly below it.</summary>
    public static double Below(IReadOnlyList<double> differences, double value) => P(differences, value, below: true);

    /// <summary>p of H0 "mean ≤ <paramref name="value"/>": small when the mean is credibly above it.</summary>
    public static double Above(IReadOnlyList<double> differences, double value) => P(differences, value, below: false);

    private static double P(IReadOnlyList<double> differences, double value, bool below)
    {
        if (differences.Count < 2) throw new ArgumentException("a one-sided test needs at least two pairs", nameof(differences));
        var sample = Sample.Of(differences);
        var error = sample.Std / Math.Sqrt(differences.Count);
        if (error == 0) return (below ? sample.Mean < value : sample.Mean > value) ? 0 : 1;
        var t = (sample.Mean - value) / error;
        return below ? StudentT.Cdf(t, differences.Count - 1) : 1 - StudentT.Cdf(t, differences.Count - 1);
    }
}
