using Distribution = MathNet.Numerics.Distributions.StudentT;

namespace Repro.Engine.Statistics;

/// <summary>Student's t distribution with <c>dof</c> degrees of freedom (Math.NET Numerics): CDF, two-sided p and quantile.</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t).</summary>
    public static double Cdf(double t, double dof)
    {
        if (dof <= 0) throw new ArgumentOutOfRangeException(nameof(dof), "degrees of freedom must be positive");
        if (double.IsPositiveInfinity(t)) return 1;
        if (double.IsNegativeInfinity(t)) return 0;
        return Distribution.CDF(0, 1, dof, t);
    }

    /// <summary>Two-sided p-value of an observed statistic: P(|T| ≥ |t|), computed from the lower tail so small p keep their precision.</summary>
    public static double TwoSidedP(double t, double dof) => double.IsInfinity(t) ? 0 : Math.Min(1, 2 * Cdf(-Math.Abs(t), dof));

    /// <summary>The t with P(T ≤ t) = <paramref name="p"/>.</summary>
    public static double Quantile(double p, double dof)
    {
        if (p is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), "p must be in (0, 1)");
        if (p < 0.5) return -Quantile(1 - p, dof);
        return p == 0.5 ? 0 : Distribution.InvCDF(0, 1, dof, p);
    }
}
