using Cocona;
using Repro.Engine;
using Repro.Engine.Runs;
using Repro.Engine.Slurm;
using Repro.Engine.Sweeps;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro status GROUP</c>.</summary>
public sealed class StatusCommand
{
    /// <summary>Prints each seed's state in a group folder.</summary>
    [Command("status", Description = "Show each seed of a group folder (each configuration of a sweep folder): pending, running, finished or failed, with its run directory")]
    public int Status([Argument(Description = "Group folder (runs/<recipe>@<version>/group-...)")] string group) =>
        CommandGuard.Run(() =>
        {
            var folder = Path.GetFullPath(group);
            if (!SweepPlan.IsSweep(folder)) return Print(GroupFolder.Open(folder));
            var sweep = SweepFolder.Open(folder);
            foreach (var (configuration, configured) in sweep.Groups)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"{configuration.Name}: {configuration.Label}"));
                Print(configured);
            }
            var finished = sweep.Groups.Count(g => SweepFolder.IsFinished(g.Group));
            AnsiConsole.MarkupLine(Markup.Escape($"sweep {sweep.Plan.Recipe}: {finished} of {sweep.Groups.Count} configurations finished; "
                + (File.Exists(sweep.ResultFile) ? $"selection written ({GroupFile.FileName})" : "selection not written yet")));
            return ExitCodes.Ok;
        });

    private static int Print(GroupFolder group)
    {
        var (folder, plan) = (group.Path, group.Plan);
        var notes = new List<string>();
        var jobs = plan.Slurm is null ? null : SlurmQueue.Jobs(folder, plan.Slurm, notes.Add);
        var seeds = group.States().Select(s => Queued(s, jobs?.GetValueOrDefault(s.Seed))).ToList();
        var table = new Table().AddColumns("seed", "state", "run directory", "detail");
        if (jobs is not null) table.AddColumns("job", "log");
        foreach (var s in seeds)
        {
            string[] row = [s.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), Name(s.State),
                Markup.Escape(s.Run is null ? "" : Path.GetRelativePath(folder, s.Run)), Markup.Escape(s.Detail ?? "")];
            var job = jobs?.GetValueOrDefault(s.Seed);
            table.AddRow(jobs is null ? row : [.. row, Markup.Escape(job?.Job ?? ""), Markup.Escape(job is null ? "" : Path.GetRelativePath(folder, job.Log))]);
        }
        AnsiConsole.Write(table);
        var counts = string.Join(", ", seeds.GroupBy(s => s.State).Select(g => $"{g.Count()} {Name(g.Key)}"));
        var done = File.Exists(group.ResultFile) ? "group.json written" : "group.json not written yet";
        AnsiConsole.MarkupLine(Markup.Escape($"{plan.Recipe}, executor {plan.Executor}: {counts}; {done}"));
        foreach (var note in notes) AnsiConsole.MarkupLine(Markup.Escape(note));
        return ExitCodes.Ok;
    }

    // The scheduler knows about seeds whose run has not started yet (queued) or whose node the .lock cannot be seen from.
    private static SeedStatus Queued(SeedStatus seed, SeedJob? job) => (seed.State, job?.State) switch
    {
        (SeedState.Finished, _) => seed,
        (_, "running" or "completing" or "configuring") => seed with { State = SeedState.Running },
        (_, "pending" or "requeued") => seed with { State = SeedState.Pending, Detail = $"queued ({job!.State})" },
        _ => seed,
    };

    private static string Name(SeedState state) => state.ToString().ToLowerInvariant();
}
