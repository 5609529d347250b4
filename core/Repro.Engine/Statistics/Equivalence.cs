namespace Repro.Engine.Statistics;

/// <summary>
/// Two one-sided paired t-tests (TOST) of equivalence within ±<c>margin</c>: the p-value of "the mean difference
/// is at least <c>margin</c> away from 0", the larger of the p-values of "mean ≤ −margin" and "mean ≥ +margin".
/// Below alpha, the difference is smaller than the margin at that level (the 1 − 2·alpha interval lies inside ±margin).
/// </summary>
public static class Equivalence
{
    /// <summary>The TOST p-value of the paired differences (at least two).</summary>
    public static double P(IReadOnlyList<double> differences, double margin)
    {
        if (differences.Count < 2) throw new ArgumentException("an equivalence test needs at least two pairs", nameof(differences));
        if (margin <= 0) throw new ArgumentOutOfRangeException(nameof(margin), "the margin must be positive");
        var sample = Sample.Of(differences);
        var error = sample.Std / Math.Sqrt(differences.Count);
        if (error == 0) return Math.Abs(sample.Mean) < margin ? 0 : 1;
        var dof = differences.Count - 1;
        var aboveLower = 1 - StudentT.Cdf((sample.Mean + margin) / error, dof);  // H0: mean ≤ −margin
        var belowUpper = StudentT.Cdf((sample.Mean - margin) / error, dof);      // H0: mean ≥ +margin
        return Math.Max(aboveLower, belowUpper);
    }
}
