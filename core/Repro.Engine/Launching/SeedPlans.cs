using Repro.Engine.Planning;
using Repro.Engine.Recipes;

namespace Repro.Engine.Launching;

/// <summary>
/// Plans a recipe for every seed of a group before its folder is written (a task's data, and so its splits and sizes, can
/// depend on the seed). A problem every seed has is reported once; one only some seeds have names them.
/// </summary>
internal static class SeedPlans
{
    /// <summary>Throws every planning problem of <paramref name="recipe"/> over <paramref name="seeds"/> at once.</summary>
    public static void Check(Recipe recipe, IReadOnlyList<long> seeds, string? device, PlanningMemo memo)
    {
        var problems = new List<(Diagnostic Problem, long Seed)>();
        foreach (var seed in seeds)
        {
            try { RunPlanner.Plan(recipe, seed, device, new SilentObserver(), memo); }
            catch (RecipeException e) { problems.AddRange(e.Diagnostics.Select(d => (d, seed))); }
        }
        if (problems.Count == 0) return;
        throw new RecipeException(problems.GroupBy(p => p.Problem).Select(g => g.Count() == seeds.Count ? g.Key
            : g.Key with { Message = $"seed{(g.Count() == 1 ? "" : "s")} {string.Join(", ", g.Select(p => p.Seed))}: {g.Key.Message}" }).ToList());
    }
}
