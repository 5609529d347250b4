using Repro.Engine.Recipes;
using Repro.Engine.Sweeps;

namespace Repro.Engine.Runs;

/// <summary>
/// What <c>repro compare</c> says about the recipe file beside the runs it reads: the file as it is now (the group's
/// recorded path, else <c>recipes/&lt;name&gt;.yaml</c> under the current folder), resolved with the group's <c>--set</c>
/// for the first run's seed, against the recipe that run recorded, line by line; and, for a sweep, the grid it ran
/// against the recipe's <c>sweep:</c>. Nothing is said to be faithful that was not compared.
/// </summary>
public static class RecipeDeviation
{
    /// <summary>One line when the recipe plans what the runs ran, or one per difference (and why nothing was compared).</summary>
    public static IReadOnlyList<string> Of(string groupPath, GroupFile group)
    {
        var full = Path.GetFullPath(groupPath);
        var folder = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
        var name = group.Recipe.Split('@')[0];
        var recipePath = File.Exists(group.RecipePath) ? group.RecipePath : Path.GetFullPath(Path.Combine("recipes", name + ".yaml"));
        var shown = Path.GetRelativePath(Environment.CurrentDirectory, recipePath);
        if (!File.Exists(recipePath)) return [$"not compared with the recipe: neither {group.RecipePath} nor {shown} exists"];
        var (seed, run) = group.Runs.OrderBy(r => long.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).First();
        var runFiles = new RunFiles(Path.GetFullPath(Path.Combine(folder, run)));
        if (!File.Exists(runFiles.Recipe)) return [$"not compared with the recipe: the run {run} has no recipe.yaml"];
        var planFolder = group.Sweep is { Configurations: [var first, ..] } ? Path.Combine(folder, first.Name) : folder;
        try
        {
            var set = GroupPlan.IsGroup(planFolder) ? GroupPlan.Read(planFolder).Set : [];
            var recipe = RecipeLoader.Load(recipePath, set, []).Recipe;
            var now = ResolvedRecipeWriter.Write(recipe, long.Parse(seed, System.Globalization.CultureInfo.InvariantCulture));
            var ran = Data.InputFile.ReadText(runFiles.Recipe, 1 << 24, "recipe");
            var lines = RunDrift.LineDifferences(ran, now).ToList();
            if (group.Sweep is not null && SweepPlan.IsSweep(folder))
            {
                var axes = Axes(SweepPlan.Read(folder).Axes);
                var declared = Axes(recipe.Sweep?.Axes ?? []);
                if (axes != declared) lines.Add($"grid: the runs swept {axes}; the recipe sweeps {(declared.Length == 0 ? "nothing" : declared)}");
            }
            return lines.Count == 0
                ? [$"the recipe {shown} ({recipe.Id}) plans what these runs ran"]
                : [$"⚠ the recipe {shown} ({recipe.Id}) deviates from what these runs ran ({group.Recipe}; - the runs, + the recipe now):", .. lines.Select(l => "    " + l)];
        }
        catch (ReproException e)
        {
            return [$"not compared with the recipe {shown}: {e.Message.Split('\n')[0]}"];
        }
    }

    private static string Axes(IEnumerable<SweepAxis> axes) =>
        string.Join("; ", axes.OrderBy(a => a.Path, StringComparer.Ordinal).Select(a => $"{a.Path} over [{string.Join(", ", a.Values)}]"));
}
