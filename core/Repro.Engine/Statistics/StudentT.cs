namespace Repro.Engine.Statistics;

/// <summary>Student's t distribution with <c>dof</c> degrees of freedom: CDF and quantile.</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t).</summary>
    public static double Cdf(double t, double dof)
    {
        if (dof <= 0) throw new ArgumentOutOfRangeException(nameof(dof), "degrees of freedom must be positive");
        if (double.IsPositiveInfinity(t)) return 1;
        if (double.IsNegativeInfinity(t)) return 0;
        var tail = 0.5 * SpecialFunctions.RegularizedIncompleteBeta(dof / 2, 0.5, dof / (dof + t * t));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>Two-sided p-value of an observed statistic: P(|T| ≥ |t|).</summary>
    public static double TwoSidedP(double t, double dof) =>
        double.IsInfinity(t) ? 0 : SpecialFunctions.RegularizedIncompleteBeta(dof / 2, 0.5, dof / (dof + t * t));

    /// <summary>The t with P(T ≤ t) = <paramref name="p"/>, by bisection on the CDF to double precision.</summary>
    public static double Quantile(double p, double dof)
    {
        if (p is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), "p must be in (0, 1)");
        if (p < 0.5) return -Quantile(1 - p, dof);
        if (p == 0.5) return 0;
        double low = 0, high = 1;
        while (Cdf(high, dof) < p) { low = high; high *= 2; }
        for (var i = 0; i < 200 && high - low > 1e-15 * high; i++)
        {
            var mid = 0.5 * (low + high);
            if (Cdf(mid, dof) < p) low = mid; else high = mid;
        }
        return 0.5 * (low + high);
    }
}
