namespace Repro.Engine.Statistics;

/// <summary>
/// The mean paired difference over seeds crossed with test items, as a random-effects model sees it: each per-seed,
/// per-item difference is d(s, i) = μ + a(s) + b(i) + e(s, i), with the seed effect a (training randomness: initial head,
/// dropout, order, a drawn training subset), the item effect b (which test sentences happened to be drawn) and the
/// residual e. The variance of the grand mean over S seeds and N items is σa²/S + σb²/N + σe²/(SN). From the two-way ANOVA
/// mean squares (E MS seeds = Nσa² + σe², E MS items = Sσb² + σe²), <see cref="Crossed"/> estimates it as
/// (MS seeds + MS items)/(SN): high by σe²/(SN), the same upward bias as the two-way ("pigeonhole") bootstrap of seeds and
/// items (Owen 2007), in exchange for a sum of positive terms whose Satterthwaite degrees of freedom stay between S − 1 and
/// S + N − 2 (the unbiased combination subtracts MS residual, and its degrees of freedom can fall towards 0).
/// <see cref="Of"/> reports the wider of that interval and the seeds-only paired one, so test items never narrow a claim.
/// </summary>
public static class SeedsByItems
{
    /// <summary>
    /// The estimate of <paramref name="differences"/>[seed][item] (at least 2 seeds and 2 items, every seed the same items):
    /// <see cref="Crossed"/>, or the seeds-only paired estimate of the per-seed means where its 95% interval is wider.
    /// </summary>
    public static MeanEstimate Of(IReadOnlyList<IReadOnlyList<double>> differences)
    {
        var crossed = Crossed(differences);
        var seedsOnly = MeanEstimate.OfPairs([.. differences.Select(row => row.Average())]);
        return Width(crossed) >= Width(seedsOnly) ? crossed : seedsOnly;
    }

    /// <summary>The random-effects estimate alone: error √((MS seeds + MS items)/(SN)), Satterthwaite's degrees of freedom.</summary>
    public static MeanEstimate Crossed(IReadOnlyList<IReadOnlyList<double>> differences)
    {
        var s = differences.Count;
        if (s < 2) throw new ArgumentException("seeds × items needs at least two seeds", nameof(differences));
        var n = differences[0].Count;
        if (n < 2) throw new ArgumentException("seeds × items needs at least two items", nameof(differences));
        if (differences.Any(row => row.Count != n)) throw new ArgumentException("every seed needs the same items", nameof(differences));

        var seedMeans = differences.Select(row => row.Average()).ToArray();
        var itemMeans = new double[n];
        foreach (var row in differences)
            for (var i = 0; i < n; i++) itemMeans[i] += row[i] / s;
        var grand = seedMeans.Average();
        var (seedDf, itemDf) = (s - 1.0, n - 1.0);
        var msSeeds = seedMeans.Sum(m => (m - grand) * (m - grand)) * n / seedDf;
        var msItems = itemMeans.Sum(m => (m - grand) * (m - grand)) * s / itemDf;
        var total = msSeeds + msItems;
        if (total == 0) return new MeanEstimate(grand, 0, seedDf);
        var satterthwaite = total * total / (msSeeds * msSeeds / seedDf + msItems * msItems / itemDf);
        return new MeanEstimate(grand, Math.Sqrt(total / (s * (double)n)), satterthwaite);
    }

    private static double Width(MeanEstimate e) => e.Ci95.High - e.Ci95.Low;
}
