namespace Repro.Engine.Statistics;

/// <summary>
/// An estimated mean difference with its standard error and Student-t degrees of freedom, and the t-tests and interval
/// that follow from them. From paired differences over seeds alone (<see cref="OfPairs"/>: error s/√n, n − 1 degrees of
/// freedom) or from seeds crossed with test items (<see cref="SeedsByItems"/>: Satterthwaite's degrees of freedom).
/// A zero error means every difference is equal: a test then rejects exactly when the mean is on the tested side.
/// </summary>
public sealed record MeanEstimate(double Mean, double StandardError, double DegreesOfFreedom)
{
    /// <summary>The estimate from paired differences (at least two), one per seed.</summary>
    public static MeanEstimate OfPairs(IReadOnlyList<double> differences)
    {
        if (differences.Count < 2) throw new ArgumentException("a paired estimate needs at least two pairs", nameof(differences));
        var sample = Sample.Of(differences);
        return new MeanEstimate(sample.Mean, sample.Std / Math.Sqrt(differences.Count), differences.Count - 1);
    }

    /// <summary>The 95% interval of the mean (mean ± t(0.975, df) · error).</summary>
    public (double Low, double High) Ci95
    {
        get
        {
            var half = StandardError == 0 ? 0 : StudentT.Quantile(0.975, DegreesOfFreedom) * StandardError;
            return (Mean - half, Mean + half);
        }
    }

    /// <summary>Two-sided p of "the mean is 0".</summary>
    public double P => StandardError == 0 ? (Mean == 0 ? 1 : 0) : StudentT.TwoSidedP(Mean / StandardError, DegreesOfFreedom);

    /// <summary>p of H0 "mean ≥ <paramref name="value"/>": small when the mean is credibly below it.</summary>
    public double Below(double value) =>
        StandardError == 0 ? (Mean < value ? 0 : 1) : StudentT.Cdf((Mean - value) / StandardError, DegreesOfFreedom);

    /// <summary>p of H0 "mean ≤ <paramref name="value"/>": small when the mean is credibly above it.</summary>
    public double Above(double value) =>
        StandardError == 0 ? (Mean > value ? 0 : 1) : 1 - StudentT.Cdf((Mean - value) / StandardError, DegreesOfFreedom);

    /// <summary>
    /// The two one-sided tests (TOST) of equivalence within ±<paramref name="margin"/>: the larger p of "mean ≤ −margin" and
    /// "mean ≥ +margin". Below α, the 1 − 2α interval lies inside ±margin.
    /// </summary>
    public double Tost(double margin)
    {
        if (margin <= 0) throw new ArgumentOutOfRangeException(nameof(margin), "the margin must be positive");
        return Math.Max(Above(-margin), Below(margin));
    }

    /// <summary>The same estimate of the mean in the opposite direction (differences negated).</summary>
    public MeanEstimate Negated => this with { Mean = -Mean };
}
