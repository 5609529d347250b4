using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Repro.Engine.Statistics;

/// <summary>
/// The Almost Stochastic Order test (del Barrio, Cuesta-Albertos &amp; Matrán 2018, "An optimal transportation approach
/// for assessing almost stochastic order"; for deep models Dror, Shlomov &amp; Reichart 2019, "Deep Dominance", ACL) in
/// the form of the deep-significance package (Ulmer et al. 2022, <c>deepsig.aso</c>, version 1.2.8), on scores where
/// higher is better (negate lower-is-better metrics first). Unpaired: A and B may have different numbers of seeds.
/// <para>
/// Direction: every method here asks whether <b>B dominates A</b>. A small value means B is better:
/// <see cref="EpsilonMin"/>(a, b) is deepsig's <c>aso(scores_a=b, scores_b=a)</c> and
/// <see cref="ViolationRatio(IReadOnlyList{double}, IReadOnlyList{double}, double)"/>(a, b) its
/// <c>compute_violation_ratio(scores_a=b, scores_b=a)</c>. deepsig's reading: ε_min &lt; 0.5 rejects "B is not better
/// than A"; Ulmer et al. recommend ε_min &lt; 0.2.
/// </para>
/// </summary>
public static class AlmostStochasticOrder
{
    /// <summary>The grid step of the integrals over (0, 1), deepsig's default for <c>aso</c>.</summary>
    public const double DefaultDt = 0.005;

    /// <summary>
    /// The empirical quantile function of the sample that deepsig uses: Q(p) = x₍⌈n·p⌉₎, the ⌈n·p⌉-th smallest score
    /// (the smallest for p = 0), i.e. the left-continuous inverse of the empirical CDF, Hyndman &amp; Fan's type 1,
    /// which is Math.NET's <see cref="QuantileDefinition.R1"/>.
    /// </summary>
    public static Func<double, double> EmpiricalQuantile(IReadOnlyList<double> scores)
    {
        if (scores.Count == 0) throw new ArgumentException("no scores", nameof(scores));
        var sorted = scores.Order().ToArray();
        return p => SortedArrayStatistics.QuantileCustom(sorted, p, QuantileDefinition.R1);
    }

    /// <summary>
    /// The violation ratio ε_W2 of "B dominates A" between the samples' empirical
    /// quantile functions (<see cref="EmpiricalQuantile"/>); deterministic. See the quantile-function overload.
    /// </summary>
    public static double ViolationRatio(IReadOnlyList<double> a, IReadOnlyList<double> b, double dt = DefaultDt) =>
        ViolationRatio(EmpiricalQuantile(a), EmpiricalQuantile(b), dt);

    /// <summary>
    /// The violation ratio ε_W2(A, B) = ∫_{Q_A(t) &gt; Q_B(t)} (Q_A(t) − Q_B(t))² dt / ∫₀¹ (Q_A(t) − Q_B(t))² dt: the share
    /// of the squared 2-Wasserstein distance on which A is above B, i.e. on which "B stochastically dominates A" is
    /// violated. 0 when B's quantiles are nowhere below A's, 0.5 by convention when the quantile functions agree on the
    /// whole grid. Both integrals are Riemann sums with step <paramref name="dt"/> on t = dt, 2dt, … (&lt; 1), the grid
    /// of NumPy's <c>arange(dt, 1, dt)</c>; as in deepsig, the numerator leaves out the first point t = dt, so
    /// ε_W2(A, B) + ε_W2(B, A) = 1 − (Q_A(dt) − Q_B(dt))² dt / W₂² rather than 1 (for the reverse of a strict dominance,
    /// (k − 1)/k with k grid points when the gap is constant).
    /// </summary>
    public static double ViolationRatio(Func<double, double> quantileA, Func<double, double> quantileB, double dt = DefaultDt)
    {
        if (dt is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(dt), "dt must be in (0, 1)");
        var points = (int)Math.Ceiling((1 - dt) / dt);
        double squaredDistance = 0, violation = 0;
        for (var i = 0; i < points; i++)
        {
            var t = dt + i * dt;
            var (qa, qb) = (quantileA(t), quantileB(t));
            var term = (qa - qb) * (qa - qb) * dt;
            squaredDistance += term;
            if (i > 0 && qa > qb) violation += term;
        }
        return squaredDistance == 0 ? 0.5 : violation / squaredDistance;
    }

    /// <summary>
    /// ε_min, the smallest ε for which "ε_W2(A, B) ≥ ε" (B is not ε-almost stochastically dominant over A) is rejected
    /// at level α = 1 − <paramref name="confidenceLevel"/> (del Barrio et al. 2018; Dror et al. 2019):
    /// ε_min = clip(ε_W2(A, B) − σ̂ / c · Φ⁻¹(α), 0, 1) with c = √(n·m / (n + m)),
    /// n = |a|, m = |b|, and σ̂ the population standard deviation of c · (ε_W2(A*, B*) − ε_W2(A, B)) over
    /// <paramref name="bootstrapIterations"/> bootstrap samples. A* (n scores) and B* (m scores) are drawn as deepsig
    /// does, by the sample's own <see cref="EmpiricalQuantile"/> at uniform draws (sampling with replacement); here A*'s
    /// draws come before B*'s in each iteration, all from one <see cref="Random"/>(<paramref name="seed"/>), so equal
    /// arguments give bitwise equal results (deepsig reseeds NumPy per iteration, so its numbers are reproduced only up
    /// to bootstrap noise).
    /// c cancels: ε_min = ε_W2 + z₁₋α · sd(ε_W2(A*, B*)). Multiple comparisons: raise the confidence level to
    /// 1 − α / k (Bonferroni), as deepsig's <c>num_comparisons</c> does.
    /// </summary>
    public static double EpsilonMin(IReadOnlyList<double> a, IReadOnlyList<double> b, int seed,
        double confidenceLevel = 0.95, int bootstrapIterations = 1000, double dt = DefaultDt)
    {
        if (confidenceLevel is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(confidenceLevel), "the confidence level must be in (0, 1)");
        if (bootstrapIterations < 1) throw new ArgumentOutOfRangeException(nameof(bootstrapIterations), "at least one bootstrap iteration is needed");
        var (quantileA, quantileB) = (EmpiricalQuantile(a), EmpiricalQuantile(b));
        var observed = ViolationRatio(quantileA, quantileB, dt);
        var c = Math.Sqrt((double)a.Count * b.Count / (a.Count + b.Count));
        var random = new Random(seed);
        var scaled = new double[bootstrapIterations];
        for (var i = 0; i < bootstrapIterations; i++)
        {
            var resampledA = Resample(quantileA, a.Count, random);
            var resampledB = Resample(quantileB, b.Count, random);
            scaled[i] = c * (ViolationRatio(resampledA, resampledB, dt) - observed);
        }
        var sigma = ArrayStatistics.PopulationStandardDeviation(scaled);
        return Math.Clamp(observed - sigma / c * Normal.InvCDF(0, 1, 1 - confidenceLevel), 0, 1);
    }

    private static double[] Resample(Func<double, double> quantile, int count, Random random)
    {
        var sample = new double[count];
        for (var i = 0; i < count; i++) sample[i] = quantile(random.NextDouble());
        return sample;
    }
}
