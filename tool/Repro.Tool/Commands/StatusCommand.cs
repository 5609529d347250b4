using Cocona;
using Repro.Engine;
using Repro.Engine.Runs;
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
            if (!SweepPlan.IsSweep(folder)) return Print(folder);
            var sweep = SweepPlan.Read(folder);
            foreach (var configuration in sweep.Configurations)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"{configuration.Name}: {configuration.Label}"));
                Print(SweepPlan.GroupOf(folder, configuration));
            }
            var finished = sweep.Configurations.Count(c => File.Exists(Path.Combine(SweepPlan.GroupOf(folder, c), GroupFile.FileName)));
            AnsiConsole.MarkupLine(Markup.Escape($"sweep {sweep.Recipe}: {finished} of {sweep.Configurations.Count} configurations finished; "
                + (File.Exists(Path.Combine(folder, GroupFile.FileName)) ? $"selection written ({GroupFile.FileName})" : "selection not written yet")));
            return ExitCodes.Ok;
        });

    private static int Print(string folder)
    {
        var plan = GroupPlan.Read(folder);
        var notes = new List<string>();
        var jobs = plan.Slurm is null ? null : SlurmQueue.Jobs(folder, plan.Slurm, notes.Add);
        var seeds = GroupStatus.Of(folder).Select(s => Queued(s, jobs?.GetValueOrDefault(s.Seed))).ToList();
        var table = new Table().AddColumns("seed", "state", "run directory", "detail");
        if (jobs is not null) table.AddColumns("job", "log");
        foreach (var s in seeds)
        {
            string[] row = [s.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), s.State,
                Markup.Escape(s.Run is null ? "" : Path.GetRelativePath(folder, s.Run)), Markup.Escape(s.Detail ?? "")];
            var job = jobs?.GetValueOrDefault(s.Seed);
            table.AddRow(jobs is null ? row : [.. row, Markup.Escape(job?.Job ?? ""), Markup.Escape(job is null ? "" : Path.GetRelativePath(folder, job.Log))]);
        }
        AnsiConsole.Write(table);
        var counts = string.Join(", ", seeds.GroupBy(s => s.State).Select(g => $"{g.Count()} {g.Key}"));
        var done = File.Exists(Path.Combine(folder, GroupFile.FileName)) ? "group.json written" : "group.json not written yet";
        AnsiConsole.MarkupLine(Markup.Escape($"{plan.Recipe}, executor {plan.Executor}: {counts}; {done}"));
        foreach (var note in notes) AnsiConsole.MarkupLine(Markup.Escape(note));
        return ExitCodes.Ok;
    }

    // The scheduler knows about seeds whose run has not started yet (queued) or whose node the .lock cannot be seen from.
    private static SeedStatus Queued(SeedStatus seed, SeedJob? job) => (seed.State, job?.State) switch
    {
        ("finished", _) => seed,
        (_, "running" or "completing" or "configuring") => seed with { State = "running" },
        (_, "pending" or "requeued") => seed with { State = "pending", Detail = $"queued ({job!.State})" },
        _ => seed,
    };
}
