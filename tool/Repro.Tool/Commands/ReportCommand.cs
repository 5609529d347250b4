using Cocona;
using Repro.Engine;
using Repro.Engine.Runs;
using Repro.Engine.Statistics;
using Repro.Tool.Reports;

namespace Repro.Tool.Commands;

/// <summary><c>repro report</c>: a readable report with plots for a run directory or a multi-seed group.</summary>
public sealed class ReportCommand
{
    /// <summary>Writes <c>report.md</c> and its PNG and SVG figures into the report folder.</summary>
    [Command("report", Description = "Write a Markdown report with PNG and SVG plots (loss and eval curves per stage; for a group, bars with 95% CI per stage) into <run-or-group>/report/")]
    public int Report(
        [Argument(Description = "A run directory, a group.json or the folder holding one")] string source,
        [Option("out", Description = "Folder for report.md and the figures (default: report/ beside the run's or group's files)")] string? @out = null) =>
        CommandGuard.Run(() =>
        {
            var resolved = ReportSource.Resolve(source);
            var folder = OutputPath.Folder(@out ?? Path.Combine(resolved.IsGroup ? Path.GetDirectoryName(resolved.Path)! : resolved.Path, "report"),
                "--out", "report.md and its figures");
            string written;
            if (resolved.IsGroup)
            {
                var summary = GroupSummary.Read(resolved.Path);
                var (path, missing) = GroupReportPage.Write(summary, folder, Sanity(resolved.Path, summary.File));
                foreach (var seed in missing) Console.Error.WriteLine($"warning: the run of seed {seed} was not found; its curves are left out");
                written = path;
            }
            else written = RunReportPage.Write(resolved.Path, folder);
            Console.WriteLine($"report: {written}");
            return ExitCodes.Ok;
        });

    // The sanity checks read each run's recipe and manifest: where a run is missing or damaged the report goes on without them.
    private static SanityGates.Result? Sanity(string path, GroupFile group)
    {
        try { return SanityGates.Check(path, group, AnalysisSource.Of(path, group)); }
        catch (ReproException e)
        {
            Console.Error.WriteLine($"warning: the sanity checks are left out: {e.Message}");
            return null;
        }
    }
}
