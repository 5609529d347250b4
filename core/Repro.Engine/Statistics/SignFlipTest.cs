namespace Repro.Engine.Statistics;

/// <summary>
/// The paired permutation (sign-flip) test of differences d = B − A: under "no difference" each
/// difference is as likely positive as negative, so the p-value is the share of sign assignments whose
/// |mean| is at least the observed |mean| (two-sided). Exact (all 2^n assignments) for n ≤ 16; beyond
/// that <c>permutations</c> random assignments from a fixed seed, p = (1 + hits) / (1 + permutations).
/// </summary>
public static class SignFlipTest
{
    /// <summary>Largest n enumerated exactly.</summary>
    public const int ExactLimit = 16;

    /// <summary>Seed of the random assignments beyond <see cref="ExactLimit"/>, so a comparison is deterministic.</summary>
    public const int Seed = 20_240_601;

    /// <summary>The two-sided p-value.</summary>
    public static double P(IReadOnlyList<double> differences, int permutations = 100_000)
    {
        var n = differences.Count;
        if (n == 0) throw new ArgumentException("no differences", nameof(differences));
        var observed = Math.Abs(differences.Sum());
        // Sums that differ from the observed one only by rounding count as equal.
        var slack = 1e-12 * differences.Sum(Math.Abs);
        if (n <= ExactLimit)
        {
            var hits = 0L;
            for (var mask = 0L; mask < 1L << n; mask++)
                if (Math.Abs(SignedSum(differences, mask)) >= observed - slack) hits++;
            return (double)hits / (1L << n);
        }
        var random = new Random(Seed);
        var count = 0;
        for (var i = 0; i < permutations; i++)
        {
            var sum = 0.0;
            foreach (var d in differences) sum += random.Next(2) == 0 ? d : -d;
            if (Math.Abs(sum) >= observed - slack) count++;
        }
        return (1.0 + count) / (1.0 + permutations);
    }

    /// <summary>The smallest p-value the exact test can give with n pairs (2 / 2^n): below alpha or no difference can be significant.</summary>
    public static double SmallestExactP(int n) => n > ExactLimit ? 0 : 2.0 / (1L << n);

    /// <summary>The fewest pairs (at least 2) with which the test can give a p-value below <paramref name="level"/>.</summary>
    public static int PairsToReach(double level)
    {
        var n = 2;
        while (SmallestExactP(n) >= level) n++;
        return n;
    }

    private static double SignedSum(IReadOnlyList<double> differences, long mask)
    {
        var sum = 0.0;
        for (var i = 0; i < differences.Count; i++) sum += (mask >> i & 1) == 1 ? -differences[i] : differences[i];
        return sum;
    }
}
