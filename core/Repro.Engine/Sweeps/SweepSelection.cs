using Repro.Engine.Runs;
using Repro.Engine.Statistics;

namespace Repro.Engine.Sweeps;

/// <summary>One configuration of a finished sweep: its overrides, its group folder, its runs and each stage's mean on the selection metric.</summary>
public sealed record SweepConfigurationResult(string Name, IReadOnlyList<string> Set, string Group, Dictionary<string, string> Runs, SortedDictionary<string, double> Selection);

/// <summary>
/// The <c>sweep</c> record of a sweep's <c>group.json</c>: the metric configurations were chosen on, every configuration's
/// mean on it per stage, the configuration chosen for each stage, and the stages that could not be chosen for.
/// </summary>
public sealed record SweepResult(string Metric, IReadOnlyList<SweepConfigurationResult> Configurations, SortedDictionary<string, string> Selected, IReadOnlyList<string> Unselected);

/// <summary>
/// Chooses, for every stage, the configuration with the best mean over seeds of the selection metric on the dev split
/// (ties go to the earlier configuration), and writes the sweep's <c>group.json</c>: each stage's metrics, dev and test,
/// are those of its chosen configuration only. A stage without the selection metric keeps its metrics only when every
/// configuration gave it the same ones (a stage no axis touches); otherwise it is left out and named.
/// </summary>
public static class SweepSelection
{
    /// <summary>The split configurations are chosen on.</summary>
    public const string Split = "dev";

    /// <summary>Writes <c>group.json</c> of the sweep in <paramref name="folder"/> from its finished configurations; returns its path.</summary>
    public static string Finish(string folder)
    {
        var plan = SweepPlan.Read(folder);
        var groups = new List<(Recipes.SweepConfiguration Configuration, GroupFile Group)>();
        var unfinished = new List<string>();
        foreach (var configuration in plan.Configurations)
        {
            var path = Path.Combine(SweepPlan.GroupOf(folder, configuration), GroupFile.FileName);
            if (File.Exists(path)) groups.Add((configuration, GroupFile.Read(path)));
            else unfinished.Add($"{configuration.Name} ({configuration.Label})");
        }
        if (unfinished.Count > 0)
            throw new ReproException($"the sweep in {folder} is not finished: {string.Join("; ", unfinished)}; continue it with repro run --resume {folder}");
        var result = Select(plan.Metric, groups, folder);
        var first = groups[0].Group;
        var metrics = new SortedDictionary<string, GroupMetric>(StringComparer.Ordinal);
        foreach (var key in groups.SelectMany(g => g.Group.Metrics.Keys).Distinct())
        {
            var stage = StageOf(key);
            if (result.Selected.TryGetValue(stage, out var chosen) && groups.Single(g => g.Configuration.Name == chosen).Group.Metrics.TryGetValue(key, out var value))
                metrics[key] = value;
        }
        var file = new GroupFile(GroupFile.CurrentFormat, plan.Recipe, plan.RecipePath, first.Seeds, result.Configurations[0].Runs, metrics, result);
        var written = Path.Combine(folder, GroupFile.FileName);
        Json.Write(written, file);
        return written;
    }

    private static SweepResult Select(string metric, IReadOnlyList<(Recipes.SweepConfiguration Configuration, GroupFile Group)> groups, string folder)
    {
        var lowerIsBetter = MetricDirection.Of(metric) == Direction.LowerIsBetter;
        var stages = groups.SelectMany(g => g.Group.Metrics.Keys).Select(StageOf).Distinct().ToList();
        var selected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var unselected = new List<string>();
        var means = groups.Select(_ => new SortedDictionary<string, double>(StringComparer.Ordinal)).ToList();
        foreach (var stage in stages)
        {
            var key = $"{stage}/{metric}";
            if (groups.All(g => g.Group.Metrics.ContainsKey(key)))
            {
                var best = 0;
                for (var i = 0; i < groups.Count; i++)
                {
                    var mean = groups[i].Group.Metrics[key].Mean;
                    means[i][stage] = mean;
                    var bestMean = groups[best].Group.Metrics[key].Mean;
                    if (lowerIsBetter ? mean < bestMean : mean > bestMean) best = i;
                }
                selected[stage] = groups[best].Configuration.Name;
            }
            else if (groups.All(g => SameStage(g.Group, groups[0].Group, stage))) selected[stage] = groups[0].Configuration.Name;
            else unselected.Add(stage);
        }
        var configurations = groups.Select((g, i) => new SweepConfigurationResult(g.Configuration.Name, g.Configuration.Set, g.Configuration.Name,
            g.Group.Runs.ToDictionary(r => r.Key, r => Path.GetRelativePath(folder, Path.GetFullPath(Path.Combine(SweepPlan.GroupOf(folder, g.Configuration), r.Value))).Replace('\\', '/')),
            means[i])).ToList();
        return new SweepResult(metric, configurations, selected, unselected);
    }

    private static bool SameStage(GroupFile a, GroupFile b, string stage)
    {
        var keys = a.Metrics.Keys.Where(k => StageOf(k) == stage).ToList();
        return keys.SequenceEqual(b.Metrics.Keys.Where(k => StageOf(k) == stage))
               && keys.All(k => a.Metrics[k].Seeds.OrderBy(p => p.Key).SequenceEqual(b.Metrics[k].Seeds.OrderBy(p => p.Key)));
    }

    private static string StageOf(string key) => key[..key.IndexOf('/')];
}
