namespace Repro.Engine.Statistics;

/// <summary>
/// How many paired seeds a comparison needs to detect an effect of <see cref="Effect"/> with 80% power, from the
/// observed standard deviation of the paired differences. Power of the two-sided paired t-test at level
/// <see cref="Alpha"/> is approximated as P(T(n−1) ≤ effect·√n / sd − t(1 − alpha/2, n−1)) (the usual
/// central-t approximation of the noncentral t); the seeds needed also let the exact sign-flip test reach alpha.
/// </summary>
public sealed record PowerEstimate(double PairedStd, double Effect, double Alpha, int Seeds, double PowerReached, int SeedsNeeded, double MinimumDetectableEffect)
{
    /// <summary>The fewest seeds with which the exact sign-flip test can reach <see cref="Alpha"/> at all (2 / 2ⁿ &lt; alpha).</summary>
    public int SignFlipSeeds { get; init; }

    /// <summary>The power wanted.</summary>
    public const double Target = 0.8;

    /// <summary>The largest number of seeds searched; more is reported as "more than this".</summary>
    public const int Limit = 10_000;

    /// <summary>The estimate for <paramref name="seeds"/> pairs whose differences have standard deviation <paramref name="pairedStd"/>.</summary>
    public static PowerEstimate Of(double pairedStd, double effect, double alpha, int seeds)
    {
        var needed = 2;
        while (needed < Limit && (Power(pairedStd, effect, alpha, needed) < Target || SignFlipTest.SmallestExactP(needed) >= alpha)) needed++;
        return new PowerEstimate(pairedStd, effect, alpha, seeds, seeds < 2 ? 0 : Power(pairedStd, effect, alpha, seeds), needed, Detectable(pairedStd, alpha, seeds))
            { SignFlipSeeds = SignFlipTest.PairsToReach(alpha) };
    }

    /// <summary>Whether the group had the seeds the target power needs.</summary>
    public bool Enough => Seeds >= SeedsNeeded;

    private static double Power(double sd, double effect, double alpha, int n)
    {
        if (n < 2) return 0;
        if (sd == 0) return 1;
        var critical = StudentT.Quantile(1 - alpha / 2, n - 1);
        return StudentT.Cdf(effect * Math.Sqrt(n) / sd - critical, n - 1);
    }

    /// <summary>The effect detected with 80% power at <paramref name="n"/> seeds: (t(1 − alpha/2) + t(0.8)) · sd / √n.</summary>
    private static double Detectable(double sd, double alpha, int n) =>
        n < 2 ? double.PositiveInfinity : (StudentT.Quantile(1 - alpha / 2, n - 1) + StudentT.Quantile(Target, n - 1)) * sd / Math.Sqrt(n);
}
