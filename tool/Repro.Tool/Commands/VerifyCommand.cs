using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Cocona;
using Cocona.Application;
using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Caching;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Snapshots;
using Repro.Tool.Output;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro verify</c> and <c>repro accept</c>: metric snapshots checked against the recipe's tolerances.</summary>
public sealed class VerifyCommand(ICoconaAppContextAccessor context)
{
    /// <summary>Runs a recipe (or reads runs) and compares its metrics with the verified snapshot.</summary>
    [Command("verify", Description = "Run a recipe (or read --run directories) and compare its metrics with <recipe>.verified.json; exit 1 on a difference")]
    public int Verify(
        [Argument(Description = "Recipe file (.yaml)")] string recipe,
        PluginPathOptions plugins,
        [Option("seeds", Description = "These seeds instead of the recipe's: e.g. 1..5, 1,3,7 or 1..3,9")] string? seeds = null,
        [Option("run", Description = "Use this finished run directory instead of running; repeatable (one per seed)")] string[]? run = null,
        [Option("junit", Description = "Also write the verdicts as JUnit XML to this file")] string? junit = null,
        [Option("out", Description = "Folder for run directories")] string @out = "runs",
        [Option("cache", Description = "Stage cache folder")] string? cache = null,
        [Option("no-cache", Description = "Compute every stage")] bool noCache = false) =>
        CommandGuard.Run(() =>
        {
            var junitPath = junit is null ? null : OutputPath.File(junit, "--junit");
            var (loaded, _) = RecipeLoader.Load(recipe, [], plugins.Paths);
            if (run is not { Length: > 0 }) OutputFolder.Check(@out);
            var cacheRoot = run is { Length: > 0 } || noCache ? null : OutputPath.Folder(cache ?? StageCache.DefaultRoot, "--cache", "the stage cache");
            var runs = run is { Length: > 0 } ? run.Select(SnapshotVerifier.ReadRun).ToList() : Execute(loaded, seeds, @out, cacheRoot);
            var verification = SnapshotVerifier.Verify(recipe, loaded, runs);
            if (verification.Comparison is null)
            {
                Console.WriteLine(verification.Report());
                return ExitCodes.CheckFailed;
            }
            Print(verification.Comparison, verification.VerifiedPath);
            if (junitPath is not null) AtomicFile.WriteText(junitPath, JUnit(loaded.Id, verification.Comparison));
            if (verification.Passed) return ExitCodes.Ok;
            Console.WriteLine($"wrote {verification.ReceivedPath}; if the change is intended: repro accept {recipe}");
            DiffTool.Offer(verification.ReceivedPath, verification.VerifiedPath);
            return ExitCodes.CheckFailed;
        });

    /// <summary>Promotes the received snapshot to verified.</summary>
    [Command("accept", Description = "Promote <recipe>.received.json to <recipe>.verified.json")]
    public int Accept([Argument(Description = "Recipe file (.yaml)")] string recipe) =>
        CommandGuard.Run(() =>
        {
            foreach (var file in SnapshotFiles.Accept(recipe)) Console.WriteLine($"accepted {file}");
            return ExitCodes.Ok;
        });

    private List<(MetricsFile, Manifest)> Execute(Recipe recipe, string? seeds, string @out, string? cacheRoot)
    {
        var list = seeds is null ? recipe.Seeds : SeedList.Parse(seeds);
        var results = ConsoleProgress.Run(observer =>
            new RecipeRunner(recipe, observer).Run(new RunOptions(OutputFolder.FullPath(@out), list, CacheRoot: cacheRoot), context.Current!.CancellationToken));
        return results.Select(r => SnapshotVerifier.ReadRun(r.Directory)).ToList();
    }

    private static void Print(SnapshotComparison comparison, string verifiedPath)
    {
        var table = new Table().AddColumns("stage", "split", "metric", "verified", "received", "delta", "tolerance", "verdict");
        foreach (var m in comparison.Metrics)
        {
            var key = MetricKey.Parse(m.Key);
            table.AddRow(key.Stage, key.Split, key.Metric, Numbers.Exact(m.Verified, "—"), Numbers.Exact(m.Received, "—"), Numbers.Exact(m.Delta, "—"), Markup.Escape(m.Tolerance), m.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }
        AnsiConsole.Write(table);
        foreach (var change in comparison.Changes) AnsiConsole.MarkupLine($"[red]changed:[/] {Markup.Escape(change)}");
        AnsiConsole.MarkupLine(comparison.Passed ? $"[green]verified[/] against {Markup.Escape(verifiedPath)}" : $"[red]differs[/] from {Markup.Escape(verifiedPath)}");
    }

    private static string JUnit(string suite, SnapshotComparison comparison)
    {
        var cases = comparison.Metrics.Select(m => new XElement("testcase", new XAttribute("classname", suite), new XAttribute("name", m.Key),
                m.Passed ? null : new XElement("failure", new XAttribute("message", $"verified {Numbers.Exact(m.Verified, "—")}, received {Numbers.Exact(m.Received, "—")}, tolerance {m.Tolerance}"))))
            .Concat(comparison.Changes.Select(c => new XElement("testcase", new XAttribute("classname", suite), new XAttribute("name", c),
                new XElement("failure", new XAttribute("message", c)))))
            .ToList();
        var failures = cases.Count(c => c.Element("failure") is not null);
        var document = new XDocument(new XElement("testsuites", new XElement("testsuite", new XAttribute("name", suite),
            new XAttribute("tests", cases.Count), new XAttribute("failures", failures), cases)));
        return document.ToString() + "\n";
    }
}
