using System.Globalization;
using System.Text.Json;
using Repro.Engine;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;

namespace Repro.Tool.Reports;

/// <summary>One metric of a group across seeds: <c>metrics["stage/split/metric"]</c> of <c>group.json</c>.</summary>
internal sealed record GroupMetric(string Stage, string Split, string Name, IReadOnlyDictionary<long, double> Seeds, double Mean, double? Std, double? CiLow, double? CiHigh);

/// <summary>
/// <c>group.json</c> (format 1) as the report reads it: the recipe, the seeds, each seed's run directory
/// (made absolute) and the per-metric summary. Read here rather than shared with the writer, so a report
/// only depends on the file format.
/// </summary>
internal sealed record GroupSummary(string Path, string Recipe, IReadOnlyList<long> Seeds, IReadOnlyDictionary<long, string> Runs, IReadOnlyList<GroupMetric> Metrics, SweepResult? Sweep = null)
{
    /// <summary>The run directories behind <paramref name="stage"/>'s metrics: in a sweep, those of the configuration chosen for it.</summary>
    public IReadOnlyDictionary<long, string> RunsOf(string stage)
    {
        if (Sweep is null || !Sweep.Selected.TryGetValue(stage, out var chosen)) return Runs;
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        return Sweep.Configurations.Single(c => c.Name == chosen).Runs.ToDictionary(
            p => long.Parse(p.Key, CultureInfo.InvariantCulture), p => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, p.Value)));
    }

    /// <summary>Reads and checks a group file; anything malformed is bad input naming the file and the field.</summary>
    public static GroupSummary Read(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new ReproException($"{path}: not valid JSON ({e.Message})"); }
        using (doc)
        {
            string field = "";
            try
            {
                var root = doc.RootElement;
                field = "format";
                if (root.GetProperty("format").GetInt32() != 1) throw new ReproException($"{path}: format {root.GetProperty("format")} is not supported (this repro reads format 1)");
                field = "recipe";
                var recipe = root.GetProperty("recipe").GetString()!;
                field = "seeds";
                var seeds = root.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()).ToList();
                field = "runs";
                var folder = System.IO.Path.GetDirectoryName(path)!;
                var runs = root.GetProperty("runs").EnumerateObject().ToDictionary(
                    p => long.Parse(p.Name, CultureInfo.InvariantCulture),
                    p => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, p.Value.GetString()!)));
                var metrics = new List<GroupMetric>();
                foreach (var m in root.GetProperty("metrics").EnumerateObject())
                {
                    field = $"metrics.{m.Name}";
                    var parts = m.Name.Split('/');
                    if (parts.Length != 3) throw new ReproException($"{path}: metric key '{m.Name}' is not stage/split/metric");
                    var values = m.Value.GetProperty("seeds").EnumerateObject().ToDictionary(p => long.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetDouble());
                    var ci = m.Value.TryGetProperty("ci95", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray().Select(x => x.GetDouble()).ToArray() : null;
                    if (ci is not null && ci.Length != 2) throw new ReproException($"{path}: {field}.ci95 must be [low, high]");
                    metrics.Add(new GroupMetric(parts[0], parts[1], parts[2], values, m.Value.GetProperty("mean").GetDouble(),
                        m.Value.TryGetProperty("std", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null, ci?[0], ci?[1]));
                }
                field = "sweep";
                var sweep = root.TryGetProperty("sweep", out var sw) ? sw.Deserialize<SweepResult>(Json.Options) : null;
                return new GroupSummary(path, recipe, seeds, runs, metrics, sweep);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
            {
                throw new ReproException($"{path}: malformed group file at '{field}' ({e.Message})");
            }
        }
    }
}
