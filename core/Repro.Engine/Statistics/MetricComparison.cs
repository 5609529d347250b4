namespace Repro.Engine.Statistics;

/// <summary>What a comparison concludes about one metric.</summary>
public enum Verdict { NoSignificantDifference, BBetter, BWorse, BHigher, BLower, TooFewPairs }

/// <summary>
/// One metric of <c>repro compare</c>: the paired differences B − A over the seeds both sides have, the
/// mean difference with its 95% paired-t interval over seeds, the seeds × test items interval where the runs recorded
/// their predictions (<see cref="Items"/>), the p-values of the t-test of the decisive estimate (<see cref="Estimate"/>)
/// and of the sign-flip permutation test over seeds, and the verdict at alpha (significant only when both are below it).
/// </summary>
public sealed record MetricComparison(
    string Metric,
    Direction Direction,
    IReadOnlyList<long> Seeds,
    double MeanA,
    double MeanB,
    double MeanDifference,
    (double Low, double High)? Ci95,
    double? TTestP,
    double PermutationP,
    Verdict Verdict,
    double? Correlation = null)
{
    /// <summary>The paired differences B − A, one per unit of <see cref="Units"/>.</summary>
    public IReadOnlyList<double> Differences { get; init; } = [];

    /// <summary>
    /// The seeds taken together because they share a nested stage's model (<see cref="SeedClusters"/>); null when every seed
    /// is its own unit. Then the differences, intervals and tests are over the clusters' means.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<long>>? Clusters { get; init; }

    /// <summary>The units the differences are over: <see cref="Clusters"/>, or each seed alone.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Units => SeedClusters.Units(Seeds, Clusters);

    /// <summary>Per-seed values (keyed by the seed's decimal text) averaged over each unit of <see cref="Units"/>.</summary>
    public IReadOnlyList<double> UnitValues(IReadOnlyDictionary<string, double> seedValues) => SeedClusters.Means(seedValues, Units);

    /// <summary>The estimate over seeds crossed with test items (<see cref="SeedsByItems"/>), when every run recorded its predictions.</summary>
    public MeanEstimate? Items { get; init; }

    /// <summary>Why there is no <see cref="Items"/> estimate (null when there is one).</summary>
    public string? ItemsMissing { get; init; }

    /// <summary>The estimate the verdicts read: seeds × items where the runs recorded predictions, else the seeds alone; null with one pair.</summary>
    public MeanEstimate? Estimate => Items ?? (Differences.Count < 2 ? null : MeanEstimate.OfPairs(Differences));

    /// <summary>
    /// Pearson correlation of A's and B's values across the paired seeds: how much noise the arms share. Pairing by
    /// seed removes variance only when it is positive; null with fewer than 3 seeds or a constant side.
    /// </summary>
    public static double? Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 3) return null;
        var (ma, mb) = (a.Average(), b.Average());
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Count; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return saa == 0 || sbb == 0 ? null : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>
    /// Compares the paired values (same order, one per seed, or one per cluster of <paramref name="clusters"/>); the t-test reads
    /// <paramref name="items"/> when given (the seeds × items estimate of the same units), else the units alone;
    /// <paramref name="itemsMissing"/> says why there is none.
    /// </summary>
    public static MetricComparison Of(string metric, IReadOnlyList<long> seeds, IReadOnlyList<double> a, IReadOnlyList<double> b, double alpha, int permutations,
        MeanEstimate? items = null, string? itemsMissing = null, IReadOnlyList<IReadOnlyList<long>>? clusters = null)
    {
        var differences = a.Zip(b, (x, y) => y - x).ToList();
        var direction = MetricDirection.Of(metric);
        var permutation = SignFlipTest.P(differences, permutations);
        if (differences.Count < 2)
            return new(metric, direction, seeds, a.Average(), b.Average(), differences.Average(), null, null, permutation, Verdict.TooFewPairs, Pearson(a, b))
                { Differences = differences, ItemsMissing = itemsMissing, Clusters = clusters };
        var t = PairedTTest.Of(differences);
        var p = (items ?? MeanEstimate.OfPairs(differences)).P;
        var verdict = p >= alpha || permutation >= alpha || t.MeanDifference == 0 ? Verdict.NoSignificantDifference
            : (direction, t.MeanDifference > 0) switch
            {
                (Direction.HigherIsBetter, true) or (Direction.LowerIsBetter, false) => Verdict.BBetter,
                (Direction.HigherIsBetter, false) or (Direction.LowerIsBetter, true) => Verdict.BWorse,
                (_, true) => Verdict.BHigher,
                _ => Verdict.BLower,
            };
        return new(metric, direction, seeds, a.Average(), b.Average(), t.MeanDifference, t.Ci95, p, permutation, verdict, Pearson(a, b))
            { Differences = differences, Items = items, ItemsMissing = items is null ? itemsMissing : null, Clusters = clusters };
    }

    /// <summary>The verdict in words.</summary>
    public string VerdictText => Verdict switch
    {
        Verdict.BBetter => "B better",
        Verdict.BWorse => "B worse",
        Verdict.BHigher => "B higher (direction unknown)",
        Verdict.BLower => "B lower (direction unknown)",
        Verdict.TooFewPairs => "too few seeds (one pair)",
        _ => "no significant difference",
    };
}
