using System.Globalization;
using Repro.Engine.Runs;

namespace Repro.Engine.Slurm;

/// <summary>A seed's Slurm job, its log, and its state as the scheduler reports it (null when it is no longer queued).</summary>
public sealed record SeedJob(string Job, string Log, string? State);

/// <summary>Each seed's job of a group submitted to Slurm, with its state from <c>squeue</c>, else <c>sacct</c> where accounting is on.</summary>
public static class SlurmQueue
{
    /// <summary>Each seed's job, with the scheduler's state where it has one; <paramref name="note"/> hears why states are missing.</summary>
    public static IReadOnlyDictionary<long, SeedJob> Jobs(string folder, GroupSlurm slurm, Action<string> note)
    {
        var jobs = new Dictionary<long, (string Job, string Log)>();
        if (slurm is { SharedJob: { } shared, SharedSeed: { } sharedSeed })
            jobs[sharedSeed] = (shared, Path.Combine(folder, "slurm", $"shared-{shared}.log"));
        if (slurm.ArrayJob is { } array)
            for (var i = 0; i < slurm.ArraySeeds.Count; i++)
                jobs[slurm.ArraySeeds[i]] = ($"{array}_{i.ToString(CultureInfo.InvariantCulture)}", Path.Combine(folder, "slurm", $"{array}_{i}.log"));
        var ids = string.Join(",", new[] { slurm.SharedJob, slurm.ArrayJob }.OfType<string>());
        var states = ids.Length == 0 ? [] : Queued(ids);
        if (states.Count == 0 && ids.Length > 0)
        {
            states = Accounted(ids);
            if (states.Count == 0) note("squeue lists none of the group's jobs and sacct has nothing (accounting may be off); states come from the run directories");
        }
        return jobs.ToDictionary(j => j.Key, j => new SeedJob(j.Value.Job, j.Value.Log, states.GetValueOrDefault(j.Value.Job)));
    }

    private static Dictionary<string, string> Queued(string ids) => Parse(TryRun("squeue", ["-h", "-r", "-j", ids, "-o", "%i|%T"]));

    private static Dictionary<string, string> Accounted(string ids) => Parse(TryRun("sacct", ["-n", "-X", "-P", "-j", ids, "-o", "JobID,State"]));

    private static string TryRun(string command, IReadOnlyList<string> args)
    {
        try
        {
            var (exit, stdout, _) = SlurmCommand.Run(command, args);
            return exit == 0 ? stdout : "";
        }
        catch (ReproException)
        {
            return "";
        }
    }

    private static Dictionary<string, string> Parse(string lines) =>
        lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('|')).Where(p => p.Length >= 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1].Split(' ')[0].ToLowerInvariant());
}
