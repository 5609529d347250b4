using System.Text.Json;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Execution;

/// <summary>One metric of a reproduction that is not bitwise equal.</summary>
public sealed record MetricDifference(string Stage, string Split, string Metric, double Original, double Reproduced, bool WithinTolerance)
{
    /// <summary>Reproduced − original.</summary>
    public double Delta => Reproduced - Original;
}

/// <summary>The certificate of <c>repro reproduce</c>.</summary>
/// <param name="Verdict"><c>identical</c> (metrics and weights bitwise equal), <c>within tolerance</c>, or <c>differs</c>.</param>
/// <param name="PluginDrift">The plugins whose assembly differs from the run's (reproduced with <c>--allow-plugin-drift</c>), each with both SHA-256s.</param>
public sealed record ReproductionReport(
    string Verdict,
    string Original,
    string Reproduced,
    IReadOnlyList<MetricDifference> Metrics,
    IReadOnlyList<string> Weights,
    IReadOnlyList<string> Environment,
    IReadOnlyList<string> PluginDrift)
{
    /// <summary>The verdict, saying when it was reached with plugin assemblies other than the run's (<see cref="PluginDrift"/> names them).</summary>
    public string Certificate => PluginDrift.Count == 0 ? Verdict
        : $"{Verdict}, with {PluginDrift.Count} plugin assembl{(PluginDrift.Count == 1 ? "y" : "ies")} other than the run's:";
}

/// <summary>Re-executes a finished run from its own resolved recipe and compares the two.</summary>
public static class Reproduction
{
    /// <summary>Checks that <paramref name="run"/> can be reproduced with the loaded plugins and returns its manifest.</summary>
    public static Manifest Prepare(RunFiles run, Recipe recipe, bool allowPluginDrift)
    {
        if (!File.Exists(run.Manifest) || !File.Exists(run.Recipe))
            throw new ReproException($"{run.Directory} is not a run directory (it needs recipe.yaml and manifest.json)");
        if (!run.IsFinished)
            throw new ReproException($"{run.Directory} is an unfinished run (it is marked INCOMPLETE); finish it with repro run --resume {run.Directory}");
        var manifest = Json.Read<Manifest>(run.Manifest);
        var now = recipe.Components.Select(c => c.Plugin).Distinct()
            .Select(p => new ManifestPlugin(p.Id, p.Version.ToString(), "", "", p.AssemblyPath, p.AssemblySha256, RecipeRunner.ManifestPackageOf(p))).ToList();
        var problems = RunDrift.PluginProblems(manifest.Plugins, now, allowPluginDrift);
        if (problems.Count > 0)
            throw new ReproException("cannot reproduce with these plugins:\n  " + string.Join("\n  ", problems));
        return manifest;
    }

    /// <summary>
    /// Compares a run with its reproduction; a metric passes within <paramref name="absolute"/> or
    /// <paramref name="relative"/> tolerance, or within the recipe's own tolerance for it.
    /// </summary>
    public static ReproductionReport Compare(RunFiles original, RunFiles reproduced, double absolute, double relative, IReadOnlyList<ToleranceRule>? recipeTolerances = null)
    {
        var a = Json.Read<MetricsFile>(original.Metrics);
        var b = Json.Read<MetricsFile>(reproduced.Metrics);
        var metrics = new List<MetricDifference>();
        foreach (var (stage, splits) in a.Stages)
            foreach (var (split, values) in splits)
                foreach (var (metric, value) in values)
                {
                    var other = b.Stages.GetValueOrDefault(stage)?.GetValueOrDefault(split)?.GetValueOrDefault(metric) ?? double.NaN;
                    if (other.Equals(value)) continue;
                    var delta = Math.Abs(other - value);
                    var rule = recipeTolerances?.FirstOrDefault(t => t.Matches(new MetricKey(stage, split, metric).ToString()));
                    var within = delta <= Math.Max(absolute, relative * Math.Abs(value))
                        || (rule is not null && (delta <= (rule.Abs ?? -1) || delta <= (rule.Rel ?? -1) * Math.Abs(value)));
                    metrics.Add(new MetricDifference(stage, split, metric, value, other, within));
                }
        var weights = a.Stages.Keys
            .SelectMany(stage => new[] { (stage, original.Body(stage), reproduced.Body(stage)), (stage, original.Head(stage), reproduced.Head(stage)) })
            .Where(x => !File.Exists(x.Item3) || FileHash.Of(x.Item2) != FileHash.Of(x.Item3))
            .Select(x => $"{x.stage}/{Path.GetFileName(x.Item2)}")
            .ToList();
        var (before, after) = (Json.Read<Manifest>(original.Manifest), Json.Read<Manifest>(reproduced.Manifest));
        var environment = RunDrift.EnvironmentDifferences(before, after);
        var verdict = metrics.Count == 0 && weights.Count == 0 ? "identical"
            : metrics.All(m => m.WithinTolerance) ? "within tolerance"
            : "differs";
        return new ReproductionReport(verdict, original.Directory, reproduced.Directory, metrics, weights, environment, RunDrift.PluginAssemblyDifferences(before, after));
    }
}
