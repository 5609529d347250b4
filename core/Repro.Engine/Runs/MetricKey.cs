namespace Repro.Engine.Runs;

/// <summary>
/// A metric of a run or group: <c>stage/split/metric</c>, the key of <c>group.json</c>'s metrics. A split is <c>split</c>, or
/// <c>task.split</c> for one task of a multitask stage; a metric name is the task's (accuracy, f1, ...).
/// </summary>
public readonly record struct MetricKey(string Stage, string Split, string Metric)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Stage}/{Split}/{Metric}";

    /// <summary>Reads <c>stage/split/metric</c>; false when it has not three non-empty parts.</summary>
    public static bool TryParse(string text, out MetricKey key)
    {
        var parts = text.Split('/');
        key = parts is [{ Length: > 0 } stage, { Length: > 0 } split, { Length: > 0 } metric] ? new MetricKey(stage, split, metric) : default;
        return parts is [{ Length: > 0 }, { Length: > 0 }, { Length: > 0 }];
    }

    /// <summary>Reads <c>stage/split/metric</c>; throws when it is not one.</summary>
    public static MetricKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new ReproException($"'{text}' is not a metric key stage/split/metric");
}
