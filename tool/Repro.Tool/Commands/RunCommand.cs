using Cocona;
using Cocona.Application;
using Repro.Engine;
using Repro.Engine.Recipes;
using Repro.Tool.Output;

namespace Repro.Tool.Commands;

/// <summary><c>repro run</c>.</summary>
public sealed class RunCommand(ICoconaAppContextAccessor context)
{
    /// <summary>Runs a recipe: one run directory per seed.</summary>
    [Command("run", Description = "Run a recipe; each seed gets its own run directory")]
    public int Run(
        [Argument(Description = "Recipe file (.yaml)")] string recipe,
        PluginPathOptions plugins,
        [Option("seed", Description = "Run only this seed instead of the recipe's seeds")] long? seed = null,
        [Option("device", Description = "cpu or cuda[:N]; overrides recipe.device")] string? device = null,
        [Option("out", Description = "Folder for run directories")] string @out = "runs",
        [Option("set", Description = "Override a recipe field, e.g. stages.target.optimizer.lr=2e-5; repeatable")] string[]? set = null) =>
        CommandGuard.Run(() =>
        {
            var (loaded, _) = RecipeLoader.Load(recipe, set ?? [], plugins.Paths);
            var options = new RunOptions(Path.GetFullPath(@out), seed, device, Environment.GetCommandLineArgs());
            var results = ConsoleProgress.Run(observer =>
                new RecipeRunner(loaded, observer).Run(options, context.Current!.CancellationToken));
            ResultTable.Print(results);
            return ExitCodes.Ok;
        });
}
