using Repro.Engine.Recipes;

namespace Repro.Engine.Snapshots;

/// <summary>One row of a verification: a metric, its two values and the verdict.</summary>
public sealed record MetricVerdict(string Key, double? Verified, double? Received, string Tolerance, bool Passed)
{
    /// <summary>received − verified (means), when both exist.</summary>
    public double? Delta => Verified is { } v && Received is { } r ? r - v : null;
}

/// <summary>The outcome of comparing a received snapshot with the verified one.</summary>
/// <param name="Metrics">One verdict per metric in either snapshot.</param>
/// <param name="Changes">Differences that are not numbers: recipe version, plugin versions, data fingerprints, seeds, device class.</param>
public sealed record SnapshotComparison(IReadOnlyList<MetricVerdict> Metrics, IReadOnlyList<string> Changes)
{
    /// <summary>True when every metric passed and nothing else changed.</summary>
    public bool Passed => Changes.Count == 0 && Metrics.All(m => m.Passed);

    /// <summary>Compares per the recipe's tolerances (first matching rule; none: bitwise equal seed by seed).</summary>
    public static SnapshotComparison Compare(Snapshot verified, Snapshot received, IReadOnlyList<ToleranceRule> tolerances)
    {
        var changes = new List<string>();
        if (verified.Version != received.Version) changes.Add($"recipe version: {verified.Version} → {received.Version}");
        if (verified.DeviceClass != received.DeviceClass) changes.Add($"device class: {verified.DeviceClass} → {received.DeviceClass}");
        foreach (var id in verified.Plugins.Keys.Union(received.Plugins.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (verified.Plugins.GetValueOrDefault(id), received.Plugins.GetValueOrDefault(id));
            if (a != b) changes.Add($"plugin {id}: {a ?? "(none)"} → {b ?? "(none)"}");
        }
        foreach (var stage in verified.Data.Keys.Union(received.Data.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (verified.Data.GetValueOrDefault(stage), received.Data.GetValueOrDefault(stage));
            if (a != b) changes.Add($"data of stage {stage}: fingerprint {Short(a)} → {Short(b)}");
        }
        var seedsBefore = string.Join(",", verified.Metrics.Values.FirstOrDefault()?.Seeds.Keys ?? Enumerable.Empty<string>());
        var seedsNow = string.Join(",", received.Metrics.Values.FirstOrDefault()?.Seeds.Keys ?? Enumerable.Empty<string>());
        if (seedsBefore != seedsNow) changes.Add($"seeds: {seedsBefore} → {seedsNow}");

        var metrics = new List<MetricVerdict>();
        foreach (var key in verified.Metrics.Keys.Union(received.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (verified.Metrics.GetValueOrDefault(key), received.Metrics.GetValueOrDefault(key));
            var rule = tolerances.FirstOrDefault(t => t.Matches(key));
            if (a is null || b is null)
            {
                metrics.Add(new MetricVerdict(key, a?.Mean, b?.Mean, a is null ? "new metric" : "missing", false));
                continue;
            }
            var passed = rule is null
                ? a.Mean.Equals(b.Mean) && a.Std.Equals(b.Std) && a.Seeds.Count == b.Seeds.Count && a.Seeds.All(s => b.Seeds.TryGetValue(s.Key, out var v) && v.Equals(s.Value))
                : Within(a, b, rule);
            metrics.Add(new MetricVerdict(key, a.Mean, b.Mean, rule?.ToString() ?? "exact", passed));
        }
        return new SnapshotComparison(metrics, changes);
    }

    private static bool Within(SnapshotMetric verified, SnapshotMetric received, ToleranceRule rule)
    {
        var delta = Math.Abs(received.Mean - verified.Mean);
        return (rule.Abs is { } abs && delta <= abs)
            || (rule.Rel is { } rel && delta <= rel * Math.Abs(verified.Mean))
            || (rule.Std is { } k && delta <= k * verified.Std)
            || delta == 0;
    }

    private static string Short(string? fingerprint) => fingerprint is null ? "(none)" : fingerprint[..Math.Min(12, fingerprint.Length)] + "…";
}
