using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Statistics;

/// <summary>The <c>analysis:</c> a group's runs declared: read from each run's own <c>recipe.yaml</c>, never from a later edit of the recipe.</summary>
public static class AnalysisSource
{
    /// <summary>
    /// The analysis declared by the runs of the group at <paramref name="path"/> (a <c>group.json</c> or its folder), or null
    /// when they declare none. Runs that declare different analyses are an error.
    /// </summary>
    public static AnalysisSpec? Of(string path, GroupFile group)
    {
        var full = Path.GetFullPath(path);
        var folder = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
        if (!File.Exists(Path.Combine(folder, GroupFile.FileName))) return null;
        AnalysisSpec? first = null;
        string? firstRun = null;
        foreach (var seed in group.Seeds)
        {
            if (!group.Runs.TryGetValue(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), out var relative)) continue;
            var recipe = new RunFiles(Path.GetFullPath(Path.Combine(folder, relative))).Recipe;
            if (!File.Exists(recipe)) throw new ReproException($"the run of seed {seed} has no recipe.yaml ({recipe}); its declared analysis cannot be read");
            var problems = new List<Diagnostic>();
            var spec = RecipeReader.ReadRecorded(recipe, problems).Analysis;
            if (problems.FirstOrDefault(d => d.Message.Contains("analysis", StringComparison.Ordinal)) is { } problem)
                throw new ReproException($"invalid declared analysis: {problem}");
            if (firstRun is null) (first, firstRun) = (spec, recipe);
            else if (!Equal(first, spec))
                throw new ReproException($"the runs of this group declare different analyses ({firstRun} and {recipe}); compare them with --stages A,B instead");
        }
        return first;
    }

    /// <summary><see cref="Of"/>, or an error saying that <paramref name="path"/> declares no analysis, followed by <paramref name="otherwise"/>.</summary>
    public static AnalysisSpec Required(string path, GroupFile group, string otherwise) =>
        Of(path, group) ?? throw new ReproException($"{path} declares no analysis (recipe analysis: {{ primary, comparisons, min_effect }}); {otherwise}");

    private static bool Equal(AnalysisSpec? a, AnalysisSpec? b) =>
        a is null ? b is null : b is not null && a.Primary == b.Primary && a.MinEffect == b.MinEffect && a.Alpha == b.Alpha && a.Comparisons.SequenceEqual(b.Comparisons);
}
