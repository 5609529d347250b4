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
        return Math.Max(OneSided.Above(differences, -margin),  // H0: mean ≤ −margin
                        OneSided.Below(differences, margin));  // H0: mean ≥ +margin
    }
}
