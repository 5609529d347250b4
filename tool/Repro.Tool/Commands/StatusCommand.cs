using Cocona;
using Repro.Engine;
using Repro.Engine.Runs;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro status GROUP</c>.</summary>
public sealed class StatusCommand
{
    /// <summary>Prints each seed's state in a group folder.</summary>
    [Command("status", Description = "Show each seed of a group folder: pending, running, finished or failed, with its run directory")]
    public int Status([Argument(Description = "Group folder (runs/<recipe>@<version>/group-...)")] string group) =>
        CommandGuard.Run(() =>
        {
            var folder = Path.GetFullPath(group);
            var plan = GroupPlan.Read(folder);
            var seeds = GroupStatus.Of(folder);
            var table = new Table().AddColumns("seed", "state", "run directory", "detail");
            foreach (var s in seeds)
                table.AddRow(s.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), s.State,
                    Markup.Escape(s.Run is null ? "" : Path.GetRelativePath(folder, s.Run)), Markup.Escape(s.Detail ?? ""));
            AnsiConsole.Write(table);
            var counts = string.Join(", ", seeds.GroupBy(s => s.State).Select(g => $"{g.Count()} {g.Key}"));
            var done = File.Exists(Path.Combine(folder, GroupFile.FileName)) ? "group.json written" : "group.json not written yet";
            AnsiConsole.MarkupLine(Markup.Escape($"{plan.Recipe}, executor {plan.Executor}: {counts}; {done}"));
            return ExitCodes.Ok;
        });
}
