using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Engine.Runs;

namespace Repro.Engine.Snapshots;

/// <summary>One metric across seeds.</summary>
public sealed record SnapshotMetric(SortedDictionary<string, double> Seeds, double Mean, double Std);

/// <summary>
/// The metrics a recipe must reproduce (<c>&lt;name&gt;.verified.json</c> beside the recipe): per
/// <c>stage/split/metric</c> each seed's value, their mean and sample std, with the recipe version,
/// plugin versions, task data fingerprints and device class they were made with.
/// </summary>
public sealed record Snapshot(
    string Recipe,
    string Version,
    string DeviceClass,
    SortedDictionary<string, string> Plugins,
    SortedDictionary<string, string> Data,
    SortedDictionary<string, SnapshotMetric> Metrics)
{
    /// <summary>The snapshot of finished runs of one recipe (one per seed).</summary>
    public static Snapshot Of(IReadOnlyList<(MetricsFile Metrics, Manifest Manifest)> runs)
    {
        var first = runs[0].Manifest;
        var values = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (metrics, manifest) in runs)
            foreach (var (stage, splits) in metrics.Stages)
                foreach (var (split, named) in splits)
                    foreach (var (metric, value) in named)
                    {
                        var key = new MetricKey(stage, split, metric).ToString();
                        if (!values.TryGetValue(key, out var seeds)) values[key] = seeds = new(StringComparer.Ordinal);
                        seeds[manifest.Seed.ToString(CultureInfo.InvariantCulture)] = value;
                    }
        var snapshot = new SortedDictionary<string, SnapshotMetric>(StringComparer.Ordinal);
        foreach (var (key, seeds) in values)
        {
            var mean = seeds.Values.Average();
            var std = seeds.Count < 2 ? 0 : Math.Sqrt(seeds.Values.Sum(v => (v - mean) * (v - mean)) / (seeds.Count - 1));
            snapshot[key] = new SnapshotMetric(seeds, mean, std);
        }
        return new Snapshot(first.Recipe.Name, first.Recipe.Version, DeviceClassOf(first.Machine.Device),
            new(first.Plugins.ToDictionary(p => p.Id, p => p.Version), StringComparer.Ordinal),
            new(first.Tasks.ToDictionary(t => t.Key, t => t.Value.Fingerprint), StringComparer.Ordinal),
            snapshot);
    }

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public static string DeviceClassOf(string device) => device.StartsWith("cuda", StringComparison.Ordinal) ? "cuda" : "cpu";

    /// <summary>Stable, diff-friendly text: sorted keys, one metric per line, round-trip numbers, LF endings.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append($"  \"recipe\": {Quote(Recipe)},\n  \"version\": {Quote(Version)},\n  \"device_class\": {Quote(DeviceClass)},\n");
        sb.Append("  \"plugins\": {").Append(string.Join(",", Plugins.Select(kv => $"\n    {Quote(kv.Key)}: {Quote(kv.Value)}"))).Append("\n  },\n");
        sb.Append("  \"data\": {").Append(string.Join(",", Data.Select(kv => $"\n    {Quote(kv.Key)}: {Quote(kv.Value)}"))).Append("\n  },\n");
        sb.Append("  \"metrics\": {");
        sb.Append(string.Join(",", Metrics.Select(kv =>
            $"\n    {Quote(kv.Key)}: {{ \"mean\": {Number(kv.Value.Mean)}, \"std\": {Number(kv.Value.Std)}, \"seeds\": {{ " +
            string.Join(", ", kv.Value.Seeds.Select(s => $"{Quote(s.Key)}: {Number(s.Value)}")) + " } }")));
        sb.Append("\n  }\n}\n");
        return sb.ToString();
    }

    /// <summary>Reads a snapshot file, naming it on error.</summary>
    public static Snapshot Read(string path)
    {
        return Json.Read<Snapshot>(path, "snapshot");
    }

    private static string Quote(string s) => JsonValue.Create(s).ToJsonString();
    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
