namespace Repro.Engine.Statistics;

/// <summary>Whether a larger value of a metric is better, worse, or unknown.</summary>
public enum Direction { HigherIsBetter, LowerIsBetter, Unknown }

/// <summary>The direction of the metrics Repro computes, by the last part of a <c>stage/split/metric</c> key.</summary>
public static class MetricDirection
{
    private static readonly HashSet<string> Higher =
    [
        "accuracy", "f1", "macro_f1", "mcc", "pearson", "spearman",
        Contracts.MetricNames.TokenAccuracy, Contracts.MetricNames.EntityPrecision, Contracts.MetricNames.EntityRecall, Contracts.MetricNames.EntityF1,
    ];
    private static readonly HashSet<string> Lower = ["loss", "perplexity", "mse", "rmse", "mae"];

    /// <summary>The direction of <paramref name="key"/>'s metric.</summary>
    public static Direction Of(string key)
    {
        var metric = key[(key.LastIndexOf('/') + 1)..];
        return Higher.Contains(metric) ? Direction.HigherIsBetter : Lower.Contains(metric) ? Direction.LowerIsBetter : Direction.Unknown;
    }
}
