using System.Globalization;
using Repro.Engine.Recipes;
using Repro.Engine.Statistics;

namespace Repro.Engine.Planning;

/// <summary>
/// Whether a group's seeds can ever give a declared comparison a difference: the verdict needs the sign-flip test's
/// Holm-adjusted p below alpha, and its smallest possible raw p with n seeds is 2/2ⁿ, tested first at alpha/m.
/// </summary>
public static class AnalysisSeeds
{
    /// <summary>
    /// A warning when a group of <paramref name="seeds"/> seeds (two or more: one seed is a run, not a test) of
    /// <paramref name="recipe"/> can only find its comparisons equivalent or inconclusive; else null.
    /// </summary>
    public static string? Warning(Recipe recipe, int seeds)
    {
        if (recipe.Analysis is not { } analysis || analysis.Comparisons.Count == 0 || seeds < 2) return null;
        var level = analysis.Alpha / analysis.Comparisons.Count;
        if (SignFlipTest.SmallestExactP(seeds) < level) return null;
        var smallest = SignFlipTest.SmallestExactP(seeds).ToString("0.####", CultureInfo.InvariantCulture);
        return $"warning: analysis: with {seeds} seeds the sign-flip test's smallest p-value ({smallest}) is not below α/m = " +
               $"{level.ToString("0.####", CultureInfo.InvariantCulture)} (Holm's first step over {analysis.Comparisons.Count} comparison(s)), " +
               $"so no declared comparison can come out better or worse, only equivalent or inconclusive; {SignFlipTest.PairsToReach(level)} seeds can";
    }
}
