using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;

namespace Repro.Engine.Launching;

/// <summary>
/// One plan per recipe version: a new group or sweep is refused when its <c>name@version</c> folder already holds a group
/// or sweep planned differently (<see cref="PlanHash"/>), so runs of two plans never sit under one version. The plan
/// itself is kept beside <c>plan.json</c>/<c>sweep.json</c> as <c>plan.yaml</c>, and a refusal shows the lines that differ.
/// </summary>
public static class PlanCheck
{
    /// <summary>File name of the plan text inside a group or sweep folder.</summary>
    public const string FileName = "plan.yaml";

    /// <summary>Throws when a group or sweep under <paramref name="runsRoot"/>/<c>name@version</c> has another plan than <paramref name="recipe"/> over <paramref name="grid"/>.</summary>
    public static void Check(string runsRoot, Recipe recipe, IReadOnlyList<SweepAxis>? grid)
    {
        var parent = Path.Combine(runsRoot, recipe.Id);
        if (!Directory.Exists(parent)) return;
        var hash = PlanHash.Of(recipe, grid);
        foreach (var folder in Directory.GetDirectories(parent).Order(StringComparer.Ordinal))
        {
            if (RecordedHash(folder) is not { } recorded || recorded == hash) continue;
            var kept = Path.Combine(folder, FileName);
            var differences = File.Exists(kept) ? RunDrift.LineDifferences(Data.InputFile.ReadText(kept, 1 << 20, "plan"), PlanHash.Text(recipe, grid)).ToList() : [];
            throw new ReproException(
                $"{folder} holds runs of {recipe.Id} planned differently (plan {recorded[..12]}…, this one {hash[..12]}…)" +
                (differences.Count > 0 ? ":\n    " + string.Join("\n    ", differences) : "") +
                $"\na recipe's plan is fixed before its runs: give the changed recipe a new version, or write to another --out");
        }
    }

    /// <summary>Writes the plan text of <paramref name="recipe"/> over <paramref name="grid"/> into <paramref name="folder"/>.</summary>
    public static void Record(string folder, Recipe recipe, IReadOnlyList<SweepAxis>? grid) =>
        AtomicFile.WriteText(Path.Combine(folder, FileName), PlanHash.Text(recipe, grid));

    // The plan hash a group or sweep folder recorded; null for folders made before Repro recorded one, or unreadable.
    private static string? RecordedHash(string folder)
    {
        try
        {
            return SweepPlan.IsSweep(folder) ? SweepPlan.Read(folder).PlanHash
                : GroupPlan.IsGroup(folder) ? GroupPlan.Read(folder).PlanHash
                : null;
        }
        catch (ReproException) { return null; }
    }
}
