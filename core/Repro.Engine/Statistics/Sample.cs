namespace Repro.Engine.Statistics;

/// <summary>
/// Mean, sample standard deviation (n−1) and the 95% Student-t confidence interval of the mean of a
/// sample; with one value the std is 0 and there is no interval.
/// </summary>
public sealed record Sample(int Count, double Mean, double Std, (double Low, double High)? Ci95)
{
    /// <summary>Summarises the values (at least one).</summary>
    public static Sample Of(IReadOnlyCollection<double> values) => Of(values, 0.95);

    /// <summary>Summarises the values with a <paramref name="confidence"/> interval of the mean.</summary>
    public static Sample Of(IReadOnlyCollection<double> values, double confidence)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var n = values.Count;
        var mean = values.Average();
        if (n == 1) return new Sample(1, mean, 0, null);
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = StudentT.Quantile(0.5 + confidence / 2, n - 1) * std / Math.Sqrt(n);
        return new Sample(n, mean, std, (mean - half, mean + half));
    }
}
