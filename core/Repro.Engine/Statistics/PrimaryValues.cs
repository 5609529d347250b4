using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Statistics;

/// <summary>
/// The recipe's primary metric (<c>analysis.primary</c>) of every stage that reports it, in the recipe's order: a run's
/// values, or a group's means over its seeds. What <c>repro run</c> ends with; null for a recipe that declares no analysis.
/// </summary>
public sealed record PrimaryValues(string Primary, IReadOnlyList<(string Stage, double Value)> Values)
{
    /// <summary>The values of the run in <paramref name="directory"/>, from its recorded recipe and <paramref name="metrics"/>.</summary>
    public static PrimaryValues? OfRun(string directory, MetricsFile metrics) =>
        Of(directory, (stage, spec) =>
            metrics.Stages.TryGetValue(stage, out var splits) && splits.TryGetValue(spec.PrimarySplit, out var named) && named.TryGetValue(spec.PrimaryMetric, out var value)
                ? value : null);

    /// <summary>The means of the group written to <paramref name="path"/> (its <c>group.json</c>), from its first run's recorded recipe.</summary>
    public static PrimaryValues? OfGroup(string path, GroupFile group) =>
        group.Runs.Values.FirstOrDefault() is { } first
            ? Of(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, first),
                (stage, spec) => group.Metrics.TryGetValue($"{stage}/{spec.Primary}", out var metric) ? metric.Mean : null)
            : null;

    private static PrimaryValues? Of(string runDirectory, Func<string, AnalysisSpec, double?> value)
    {
        var path = new RunFiles(Path.GetFullPath(runDirectory)).Recipe;
        if (!File.Exists(path)) return null;
        Recipe recipe;
        // A summary line, never a reason to fail a finished run: an unreadable recipe gives none.
        try { recipe = RecipeReader.ReadRecorded(path, []); }
        catch (ReproException) { return null; }
        if (recipe.Analysis is not { } spec) return null;
        var values = recipe.Stages.Select(s => (s.Name, Value: value(s.Name, spec))).Where(v => v.Value is not null).Select(v => (v.Name, v.Value!.Value)).ToList();
        return values.Count == 0 ? null : new PrimaryValues(spec.Primary, values);
    }
}
