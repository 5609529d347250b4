using System.Globalization;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Statistics;

/// <summary>What a declared comparison concludes on the primary metric.</summary>
public enum AnalysisVerdict { Better, Worse, Equivalent, Inconclusive }

/// <summary>
/// One declared comparison: the primary metric on its split first, then the same metric on the group's other splits
/// (dev beside test), the Holm-adjusted p-values of the primary row across the family, the equivalence test and the power.
/// </summary>
public sealed record DeclaredComparison(
    string Baseline,
    string Candidate,
    IReadOnlyList<MetricComparison> Rows,
    double? HolmTTestP,
    double HolmPermutationP,
    double? EquivalenceP,
    double? HolmEquivalenceP,
    AnalysisVerdict Verdict,
    PowerEstimate? Power,
    double? AsoEpsilonMin = null)
{
    /// <summary>The primary row.</summary>
    public MetricComparison Primary => Rows[0];
}

/// <summary>
/// <c>repro compare GROUP</c> for a recipe with <c>analysis:</c>: each declared comparison of arms, paired by seed and,
/// where the runs recorded their predictions, by test item (the seeds × items estimate, <see cref="SeedsByItems"/>; else
/// the seeds alone). The family is the declared comparisons on the primary metric; the t-test's and the sign-flip
/// permutation test's p-values are adjusted with Holm across it, and a difference counts only when both adjusted p-values are below alpha. Otherwise the two one-sided tests
/// decide whether the arms are equivalent within ±min_effect; if neither, the comparison is inconclusive. Power is
/// estimated at alpha / m (Holm's first step, the strictest). A secondary test takes no part in the verdict: almost
/// stochastic order (<see cref="AlmostStochasticOrder"/>) of the candidate's seed scores over the baseline's, at confidence
/// 1 − alpha / m (Bonferroni, as deep-significance adjusts it).
/// </summary>
public sealed record DeclaredAnalysis(AnalysisSpec Spec, IReadOnlyList<long> Seeds, IReadOnlyList<DeclaredComparison> Comparisons)
{
    /// <summary>Runs <paramref name="spec"/> on <paramref name="group"/>, by seed and test item where <paramref name="predictions"/> has them.</summary>
    public static DeclaredAnalysis Of(AnalysisSpec spec, GroupFile group, int permutations, GroupPredictions? predictions = null)
    {
        var raw = spec.Comparisons.Select(c => Rows(group, predictions, c.Baseline, c.Candidate, spec, permutations)).ToList();
        var primaries = raw.Select(r => r[0]).ToList();
        var holmT = Holm.Adjust(primaries.Select(p => p.TTestP).ToList());
        var holmPermutation = Holm.Adjust(primaries.Select(p => (double?)p.PermutationP).ToList());
        var equivalence = primaries.Select(p => p.Estimate?.Tost(spec.MinEffect)).ToList();
        var holmEquivalence = Holm.Adjust(equivalence);
        var m = spec.Comparisons.Count;
        var comparisons = spec.Comparisons.Select((c, i) =>
        {
            var primary = primaries[i];
            var verdict = Decide(primary, holmT[i], holmPermutation[i] ?? 1, holmEquivalence[i], spec.Alpha);
            var power = primary.Differences.Count < 2 ? null
                : PowerEstimate.Of(Sample.Of(primary.Differences.ToList()).Std, spec.MinEffect, spec.Alpha / m, primary.Differences.Count);
            return new DeclaredComparison(c.Baseline, c.Candidate, raw[i], holmT[i], holmPermutation[i] ?? 1, equivalence[i], holmEquivalence[i], verdict, power,
                Aso(group, c.Baseline, c.Candidate, spec, primary, m));
        }).ToList();
        return new DeclaredAnalysis(spec, group.Seeds, comparisons);
    }

    /// <summary>Each comparison that names a paper's claim, read against it (<see cref="ClaimReading"/>).</summary>
    public IReadOnlyList<ClaimReading> Claims => _claims ??= ClaimReading.Of(Spec, Comparisons);
    private IReadOnlyList<ClaimReading>? _claims;

    /// <summary>Whether any declared comparison found the candidate worse.</summary>
    public bool AnyWorse => Comparisons.Any(c => c.Verdict == AnalysisVerdict.Worse);

    /// <summary>The verdict in words, with the margin for equivalence.</summary>
    public string Words(DeclaredComparison c) => c.Verdict switch
    {
        AnalysisVerdict.Better => "better",
        AnalysisVerdict.Worse => "worse",
        AnalysisVerdict.Equivalent => $"equivalent within ±{Spec.MinEffect.ToString("0.####", CultureInfo.InvariantCulture)}",
        _ => c.Power is { Enough: false } ? "inconclusive (underpowered)" : "inconclusive",
    };

    private static AnalysisVerdict Decide(MetricComparison primary, double? holmT, double holmPermutation, double? holmEquivalence, double alpha)
    {
        if (holmT is { } t && t < alpha && holmPermutation < alpha && primary.MeanDifference != 0)
            return (primary.Direction, primary.MeanDifference > 0) switch
            {
                (Direction.LowerIsBetter, true) or (Direction.HigherIsBetter, false) => AnalysisVerdict.Worse,
                (Direction.LowerIsBetter, false) or (Direction.HigherIsBetter, true) => AnalysisVerdict.Better,
                _ => AnalysisVerdict.Inconclusive,
            };
        return holmEquivalence is { } e && e < alpha ? AnalysisVerdict.Equivalent : AnalysisVerdict.Inconclusive;
    }

    /// <summary>Which random numbers the bootstrap of ε_min draws: fixed, so a page recomputes to the same digits.</summary>
    public const int AsoSeed = 1;

    // ε_min of "B dominates A" over the paired seeds' primary values, in the metric's better direction.
    private static double? Aso(GroupFile group, string a, string b, AnalysisSpec spec, MetricComparison primary, int m)
    {
        if (primary.Differences.Count < 2) return null;
        double Better(double v) => primary.Direction == Direction.LowerIsBetter ? -v : v;
        var (valuesA, valuesB) = (group.Metrics[$"{a}/{spec.Primary}"].Seeds, group.Metrics[$"{b}/{spec.Primary}"].Seeds);
        return AlmostStochasticOrder.EpsilonMin([.. primary.UnitValues(valuesA).Select(Better)],
            [.. primary.UnitValues(valuesB).Select(Better)], AsoSeed, confidenceLevel: 1 - spec.Alpha / m);
    }

    private static List<MetricComparison> Rows(GroupFile group, GroupPredictions? predictions, string a, string b, AnalysisSpec spec, int permutations)
    {
        var splits = group.Metrics.Keys.Select(MetricKey.Parse).Where(k => k.Stage == a && k.Metric == spec.PrimaryMetric)
            .Select(k => k.Split).Where(split => group.Metrics.ContainsKey(new MetricKey(b, split, spec.PrimaryMetric).ToString()))
            .OrderBy(split => split == spec.PrimarySplit ? 0 : 1).ThenBy(split => split, StringComparer.Ordinal).ToList();
        if (splits.FirstOrDefault() != spec.PrimarySplit)
            throw new ReproException($"the group has no {a}/{spec.Primary} and {b}/{spec.Primary} to compare (analysis.primary is {spec.Primary})");
        return splits.Select(split =>
        {
            var (valuesA, valuesB) = (group.Metrics[$"{a}/{split}/{spec.PrimaryMetric}"].Seeds, group.Metrics[$"{b}/{split}/{spec.PrimaryMetric}"].Seeds);
            var seeds = group.Seeds.Where(s => valuesA.ContainsKey(Key(s)) && valuesB.ContainsKey(Key(s))).ToList();
            return PairedMetric.Of($"{split}/{spec.PrimaryMetric}", seeds, valuesA, valuesB, predictions is null ? null : (predictions, a),
                predictions is null ? null : (predictions, b), split, spec.PrimaryMetric, spec.Alpha, permutations);
        }).ToList();
    }

    private static string Key(long seed) => seed.ToString(CultureInfo.InvariantCulture);
}
