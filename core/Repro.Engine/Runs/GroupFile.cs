using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Repro.Engine.Statistics;
using Repro.Engine.Execution;

namespace Repro.Engine.Runs;

/// <summary>One metric of a group: each seed's value, mean, sample std (n−1) and the 95% Student-t interval of the mean (null with one seed).</summary>
public sealed record GroupMetric(
    Dictionary<string, double> Seeds,
    double Mean,
    double Std,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double[]? Ci95);

/// <summary>
/// <c>group.json</c>: the result of running one recipe with several seeds, written to
/// <c>runs/&lt;name&gt;@&lt;version&gt;/group-&lt;timestamp&gt;/</c>. <see cref="Runs"/> maps each seed to its run
/// directory relative to the group folder; <see cref="Metrics"/> is keyed <c>stage/split/metric</c>.
/// A sweep's group adds <see cref="Sweep"/>: each stage's metrics are then those of the configuration chosen for it on
/// dev, and <see cref="Runs"/> are the first configuration's (the analysis is read from their recipes).
/// Read by <c>repro compare</c> and <c>repro report</c>: the property names are a format, kept stable.
/// </summary>
public sealed record GroupFile(
    int Format,
    string Recipe,
    string RecipePath,
    IReadOnlyList<long> Seeds,
    Dictionary<string, string> Runs,
    SortedDictionary<string, GroupMetric> Metrics,
    Sweeps.SweepResult? Sweep = null)
{
    /// <summary>File name inside the group folder.</summary>
    public const string FileName = "group.json";

    /// <summary>The run directories behind <paramref name="stage"/>'s metrics, by seed, relative to the group folder: in a sweep, those of the configuration chosen for it.</summary>
    public IReadOnlyDictionary<string, string> RunsOf(string stage) =>
        Sweep is not null && Sweep.Selected.TryGetValue(stage, out var chosen) ? Sweep.Configurations.Single(c => c.Name == chosen).Runs : Runs;

    /// <summary>The version of this format.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The group of finished runs (one per seed), with run paths relative to <paramref name="folder"/>.</summary>
    public static GroupFile Of(string recipeId, string recipePath, string folder, IEnumerable<(string Directory, MetricsFile Metrics)> runs)
    {
        var ordered = runs.OrderBy(r => r.Metrics.Seed).ToList();
        var seen = new Dictionary<long, string>();
        foreach (var (directory, metrics) in ordered)
            if (!seen.TryAdd(metrics.Seed, directory))
                throw new ReproException($"seed {metrics.Seed} appears twice ({seen[metrics.Seed]} and {directory}); a group holds one run per seed");
        var values = new SortedDictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (_, metrics) in ordered)
            foreach (var (stage, splits) in metrics.Stages)
                foreach (var (split, named) in splits)
                    foreach (var (metric, value) in named)
                    {
                        var key = new MetricKey(stage, split, metric).ToString();
                        if (!values.TryGetValue(key, out var seeds)) values[key] = seeds = [];
                        seeds[Seed(metrics.Seed)] = value;
                    }
        var summaries = new SortedDictionary<string, GroupMetric>(StringComparer.Ordinal);
        foreach (var (key, seeds) in values)
        {
            var sample = Sample.Of(seeds.Values);
            summaries[key] = new GroupMetric(seeds, sample.Mean, sample.Std, sample.Ci95 is { } ci ? [ci.Low, ci.High] : null);
        }
        return new GroupFile(CurrentFormat, recipeId, recipePath, ordered.Select(r => r.Metrics.Seed).ToList(),
            ordered.ToDictionary(r => Seed(r.Metrics.Seed), r => Path.GetRelativePath(folder, r.Directory).Replace('\\', '/')),
            summaries);
    }

    /// <summary>Writes the group of <paramref name="results"/> atomically into a new <c>group-&lt;timestamp&gt;</c> folder; returns the file's path.</summary>
    public static string Create(string runsRoot, string recipeId, string recipePath, IEnumerable<RunResult> results)
    {
        var folder = NewFolder(runsRoot, recipeId);
        var path = Path.Combine(folder, FileName);
        Json.Write(path, Of(recipeId, recipePath, folder, results.Select(r => (r.Directory, r.Metrics))));
        return path;
    }

    /// <summary>Reads a group file and checks it (the one reader of group.json: compare, report and status use it); a damaged one is refused naming the file and the field.</summary>
    public static GroupFile Read(string path)
    {
        var group = Json.Read<GroupFile>(path, "group file");
        if (group.Format != CurrentFormat)
            throw new ReproException($"{path} has group format {group.Format}; this repro reads format {CurrentFormat}");
        return group.Problem() is { } problem ? throw new ReproException($"{path} is not a valid group file: {problem}") : group;
    }

    /// <summary>What makes this group inconsistent (its field and why), or null.</summary>
    private string? Problem()
    {
        var seeds = Seeds.Select(Seed).ToHashSet();
        if (Seeds.Count == 0) return "its field 'seeds' is empty";
        if (seeds.Count != Seeds.Count) return "its field 'seeds' names a seed twice";
        if (RunsProblem("runs", Runs, seeds) is { } runs) return runs;
        foreach (var (key, metric) in Metrics)
        {
            if (!MetricKey.TryParse(key, out _)) return $"metric key '{key}' in 'metrics' is not stage/split/metric";
            if (metric.Seeds.Count == 0 || metric.Seeds.Keys.Any(s => !seeds.Contains(s)))
                return $"'metrics.{key}.seeds' is empty or names a seed that 'seeds' does not";
            if (metric.Ci95 is { Length: not 2 }) return $"'metrics.{key}.ci95' is not [low, high]";
        }
        if (Sweep is null) return null;
        var names = Sweep.Configurations.Select(c => c.Name).ToHashSet();
        if (names.Count == 0 || names.Count != Sweep.Configurations.Count) return "'sweep.configurations' is empty or names a configuration twice";
        foreach (var configuration in Sweep.Configurations)
            if (RunsProblem($"sweep.configurations.{configuration.Name}.runs", configuration.Runs, seeds) is { } problem) return problem;
        return Sweep.Selected.FirstOrDefault(s => !names.Contains(s.Value)) is { Key: { } stage, Value: var chosen }
            ? $"'sweep.selected.{stage}' is '{chosen}', which is not one of its configurations" : null;
    }

    // Each seed's run directory, relative to the group folder.
    private static string? RunsProblem(string field, IReadOnlyDictionary<string, string> runs, HashSet<string> seeds) =>
        runs.Keys.Any(s => !seeds.Contains(s)) || seeds.Any(s => !runs.ContainsKey(s)) ? $"'{field}' does not give exactly one run for each seed of 'seeds'"
        : runs.Values.FirstOrDefault(r => r.Trim().Length == 0 || Path.IsPathRooted(r)) is { } bad ? $"'{field}' holds '{bad}', not a run directory relative to the group folder"
        : null;

    private static string Seed(long seed) => seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates a new, empty <c>group-&lt;timestamp&gt;</c> (or <paramref name="kind"/>) folder for <paramref name="recipeId"/>; returns its path.</summary>
    public static string NewFolder(string runsRoot, string recipeId, string kind = "group")
    {
        var parent = Path.Combine(runsRoot, recipeId);
        Directory.CreateDirectory(parent);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (var n = 0; ; n++)
        {
            var path = Path.Combine(parent, n == 0 ? $"{kind}-{stamp}" : $"{kind}-{stamp}-{n}");
            if (Directory.Exists(path)) continue;
            Directory.CreateDirectory(path);
            return path;
        }
    }
}
