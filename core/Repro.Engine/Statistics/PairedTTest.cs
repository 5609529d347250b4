namespace Repro.Engine.Statistics;

/// <summary>
/// The paired t-test of differences d = B − A: the mean difference, its 95% confidence interval and
/// the two-sided p-value of "mean difference = 0" (t = mean / (std / √n), n − 1 degrees of freedom).
/// Needs two pairs; when every difference is equal, p is 1 if they are all 0 and 0 otherwise.
/// </summary>
public sealed record PairedTTest(int Pairs, double MeanDifference, double Std, double T, (double Low, double High) Ci95, double P)
{
    /// <summary>Tests the differences (at least two).</summary>
    public static PairedTTest Of(IReadOnlyList<double> differences)
    {
        if (differences.Count < 2) throw new ArgumentException("a paired t-test needs at least two pairs", nameof(differences));
        var sample = Sample.Of(differences);
        var n = differences.Count;
        var error = sample.Std / Math.Sqrt(n);
        if (error == 0)
            return new PairedTTest(n, sample.Mean, 0, sample.Mean == 0 ? 0 : Math.Sign(sample.Mean) * double.PositiveInfinity,
                (sample.Mean, sample.Mean), sample.Mean == 0 ? 1 : 0);
        var t = sample.Mean / error;
        return new PairedTTest(n, sample.Mean, sample.Std, t, sample.Ci95!.Value, StudentT.TwoSidedP(t, n - 1));
    }
}
