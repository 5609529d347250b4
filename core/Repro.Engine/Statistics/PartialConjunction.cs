namespace Repro.Engine.Statistics;

/// <summary>
/// Partial conjunction (Benjamini &amp; Heller 2008, Bonferroni combination): from one p-value per setting, the p-value of
/// "the effect holds in at least u of the n settings" is max over j ≤ u of (n − j + 1) · p₍ⱼ₎, the Holm-adjusted value of the
/// u-th smallest p. The largest u whose p-value is below the level is the number of settings the effect provably holds in,
/// with the family-wise error across the settings at most that level.
/// </summary>
public static class PartialConjunction
{
    /// <summary>The p-values of "at least u of n", for u = 1..n (non-decreasing).</summary>
    public static double[] PValues(IReadOnlyList<double> p)
    {
        var adjusted = Holm.Adjust(p);
        Array.Sort(adjusted);
        return adjusted;
    }

    /// <summary>In how many settings, at least, the effect holds at <paramref name="level"/>: 0 when not even in one.</summary>
    public static int AtLeast(IReadOnlyList<double> p, double level) => PValues(p).Count(v => v < level);
}
