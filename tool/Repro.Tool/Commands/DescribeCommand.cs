using Cocona;
using Repro.Engine;
using Repro.Engine.Planning;
using Repro.Engine.Recipes;

namespace Repro.Tool.Commands;

/// <summary><c>repro describe</c>.</summary>
public sealed class DescribeCommand
{
    /// <summary>
    /// Validates a recipe and prints it resolved: overrides applied, every default explicit, plugins pinned. The recipe is
    /// planned as <c>repro run</c> plans its first seed (tasks loaded, every planning check done), so describe accepts nothing that run refuses.
    /// </summary>
    [Command("describe", Description = "Validate a recipe and print it resolved (defaults explicit, plugin versions pinned)")]
    public int Describe(
        [Argument(Description = "Recipe file (.yaml)")] string recipe,
        PluginPathOptions plugins,
        [Option("set", Description = "Override a recipe field; repeatable")] string[]? set = null) =>
        CommandGuard.Run(() =>
        {
            var (loaded, _) = RecipeLoader.Load(recipe, set ?? [], plugins.Paths);
            Console.Write(RunPlanner.Plan(loaded, loaded.Seeds[0], deviceOverride: null, new SilentObserver()).ResolvedRecipe);
            return ExitCodes.Ok;
        });
}
