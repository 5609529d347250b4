using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>Default and allowed metric names for file tasks.</summary>
internal static class MetricChoice
{
    /// <summary>accuracy+f1 for two labels, accuracy+macro_f1 for more, pearson+spearman for regression.</summary>
    public static string[] Default(TargetKind target, int labels) => target == TargetKind.Regression
        ? [MetricNames.Pearson, MetricNames.Spearman]
        : labels == 2 ? [MetricNames.Accuracy, MetricNames.F1] : [MetricNames.Accuracy, MetricNames.MacroF1];

    /// <summary><paramref name="requested"/> checked against the target, or the default when empty.</summary>
    public static string[] Choose(string[] requested, TargetKind target, int labels)
    {
        if (requested.Length == 0) return Default(target, labels);
        string[] allowed = target == TargetKind.Regression
            ? [MetricNames.Pearson, MetricNames.Spearman, MetricNames.Loss]
            : [MetricNames.Accuracy, MetricNames.F1, MetricNames.MacroF1, MetricNames.Matthews, MetricNames.Loss];
        foreach (var metric in requested)
        {
            if (!allowed.Contains(metric))
                throw new ArgumentException($"metrics: '{metric}' is not a {target.ToString().ToLowerInvariant()} metric; choose from {string.Join(", ", allowed)}", "metrics");
            if (metric == MetricNames.F1 && labels != 2)
                throw new ArgumentException($"metrics: f1 is the positive-class F1 of two labels, but there are {labels}; use macro_f1", "metrics");
        }
        if (requested.Distinct().Count() != requested.Length) throw new ArgumentException("metrics: a metric is listed twice", "metrics");
        return requested;
    }
}
