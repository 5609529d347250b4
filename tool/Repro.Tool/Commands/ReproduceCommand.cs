using System.Globalization;
using Cocona;
using Cocona.Application;
using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Tool.Output;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro reproduce</c>.</summary>
public sealed class ReproduceCommand(ICoconaAppContextAccessor context)
{
    /// <summary>Re-executes a finished run from its manifest and prints a certificate.</summary>
    [Command("reproduce", Description = "Run a finished run again from its own recipe and certify: identical, within tolerance, or differs (exit 1)")]
    public int Reproduce(
        [Argument(Description = "Run directory")] string run,
        PluginPathOptions plugins,
        [Option("out", Description = "Folder for the reproduction's run directory")] string @out = "runs",
        [Option("tolerance", Description = "Absolute tolerance per metric (the recipe's verify.tolerances apply too)", ValueName = "X")] string toleranceText = "0",
        [Option("rel-tolerance", Description = "Relative tolerance per metric", ValueName = "X")] string relToleranceText = "0",
        [Option("allow-plugin-drift", Description = "Reproduce even if a plugin assembly differs from the run's")] bool allowPluginDrift = false) =>
        CommandGuard.Run(() =>
        {
            var tolerance = NumberOption.Double("--tolerance", toleranceText);
            var relTolerance = NumberOption.Double("--rel-tolerance", relToleranceText);
            if (tolerance < 0 || relTolerance < 0) throw new ReproException("--tolerance and --rel-tolerance must be 0 or more");
            var original = new RunFiles(Path.GetFullPath(run));
            if (!File.Exists(original.Recipe)) throw new ReproException($"{run} is not a run directory (no recipe.yaml)");
            OutputFolder.Check(@out);
            // The run's own plugins are found again from its manifest; --plugins takes precedence.
            var (recipe, _) = RecipeLoader.Load(original.Recipe, [], plugins.Paths, recorded: original.ReadManifest());
            var manifest = Reproduction.Prepare(original, recipe, allowPluginDrift);
            var options = new RunOptions(OutputFolder.FullPath(@out), [manifest.Seed], CommandLine: Environment.GetCommandLineArgs());
            var again = ConsoleProgress.Run(observer => new RecipeRunner(recipe, observer).Run(options, context.Current!.CancellationToken)).Single();
            var report = Reproduction.Compare(original, new RunFiles(again.Directory), tolerance, relTolerance, recipe.Tolerances);
            Print(report);
            return report.Verdict == "differs" ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });

    private static void Print(ReproductionReport report)
    {
        AnsiConsole.MarkupLine($"original:   {Markup.Escape(report.Original)}");
        AnsiConsole.MarkupLine($"reproduced: {Markup.Escape(report.Reproduced)}");
        if (report.Metrics.Count > 0)
        {
            var table = new Table().AddColumns("stage", "split", "metric", "original", "reproduced", "delta", "verdict");
            foreach (var m in report.Metrics)
                table.AddRow(m.Stage, m.Split, m.Metric, Numbers.Exact(m.Original), Numbers.Exact(m.Reproduced), Numbers.Exact(m.Delta), m.WithinTolerance ? "within tolerance" : "[red]differs[/]");
            AnsiConsole.Write(table);
        }
        foreach (var w in report.Weights) AnsiConsole.MarkupLine($"weights differ: {Markup.Escape(w)}");
        if (report.Environment.Count > 0)
        {
            AnsiConsole.MarkupLine("environment differences:");
            foreach (var e in report.Environment) AnsiConsole.MarkupLine($"  {Markup.Escape(e)}");
        }
        var colour = report.Verdict == "differs" ? "red" : "green";
        AnsiConsole.MarkupLine($"certificate: [bold {colour}]{Markup.Escape(report.Certificate)}[/]");
        foreach (var plugin in report.PluginDrift) Console.WriteLine($"  {plugin}"); // unwrapped: the hashes are read whole
    }
}
