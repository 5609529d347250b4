using System.Globalization;

namespace Repro.Engine.Runs;

/// <summary>Where one planned seed of a group stands: not started yet, or its run's state.</summary>
public enum SeedState
{
    /// <summary>Not started.</summary>
    Pending,
    /// <summary>Running now.</summary>
    Running,
    /// <summary>Stopped before finishing (killed, interrupted, failed, or its run directory damaged or gone).</summary>
    Failed,
    /// <summary>Finished.</summary>
    Finished,
}

/// <summary>One planned seed of a group: its state, its run directory (null when not started) and why, where there is more to say.</summary>
public sealed record SeedStatus(long Seed, SeedState State, string? Run, string? Detail);

/// <summary>
/// A group folder, opened through its files: <c>plan.json</c> (how it was planned) and <c>seeds/&lt;seed&gt;.json</c> (each started
/// seed's run directory), every one read and checked, so a damaged file is refused by name and field instead of being misread.
/// </summary>
public sealed class GroupFolder
{
    private GroupFolder(string path, GroupPlan plan, IReadOnlyDictionary<long, GroupSeed> recorded) => (Path, Plan, Recorded) = (path, plan, recorded);

    /// <summary>The folder.</summary>
    public string Path { get; }
    /// <summary>The group as it was planned.</summary>
    public GroupPlan Plan { get; }
    /// <summary>Every started seed's record, by seed.</summary>
    public IReadOnlyDictionary<long, GroupSeed> Recorded { get; }

    /// <summary>The group's result file, written when every seed finished.</summary>
    public string ResultFile => System.IO.Path.Combine(Path, GroupFile.FileName);

    /// <summary>Opens the group folder <paramref name="folder"/>; throws naming the file and field that is damaged.</summary>
    public static GroupFolder Open(string folder)
    {
        var plan = GroupPlan.Read(folder);
        return new GroupFolder(folder, plan, GroupSeeds.Read(folder, plan));
    }

    /// <summary>The run directory of <paramref name="seed"/>, or null when it has not started.</summary>
    public RunFiles? RunOf(long seed) => Recorded.TryGetValue(seed, out var entry) ? new RunFiles(GroupSeeds.RunOf(Path, entry)) : null;

    /// <summary>Every planned seed's state.</summary>
    public IReadOnlyList<SeedStatus> States() => [.. Plan.Seeds.Select(StateOf)];

    private SeedStatus StateOf(long seed)
    {
        if (RunOf(seed) is not { } run) return new SeedStatus(seed, SeedState.Pending, null, "not started");
        return run.State switch
        {
            RunState.Finished => new SeedStatus(seed, SeedState.Finished, run.Directory, null),
            RunState.Running => new SeedStatus(seed, SeedState.Running, run.Directory, null),
            RunState.Failed => new SeedStatus(seed, SeedState.Failed, run.Directory, run.ReadManifest()?.Failure),
            RunState.Stopped => new SeedStatus(seed, SeedState.Failed, run.Directory, "stopped before finishing; repro run --resume GROUP continues it"),
            RunState.Missing => new SeedStatus(seed, SeedState.Failed, run.Directory, "its run directory is gone; repro run --resume GROUP runs the seed again"),
            RunState.Damaged => new SeedStatus(seed, SeedState.Failed, run.Directory, $"its run directory has no {System.IO.Path.GetFileName(run.Metrics)}; repro run --resume GROUP runs the seed again"),
            _ => throw new System.Diagnostics.UnreachableException($"run state {run.State}"),
        };
    }

    /// <summary>
    /// Writes <c>group.json</c> from the finished runs of the planned seeds; throws naming the seeds that have no run or an
    /// unfinished one (nothing is written then). Returns the file's path.
    /// </summary>
    public string Finish()
    {
        var runs = new List<(string, MetricsFile)>();
        var missing = new List<string>();
        foreach (var status in States())
        {
            if (status.State == SeedState.Finished) runs.Add((status.Run!, Json.Read<MetricsFile>(new RunFiles(status.Run!).Metrics, "metrics file")));
            else missing.Add(status.Run is null ? $"seed {status.Seed}: never started" : $"seed {status.Seed}: unfinished ({status.Run})");
        }
        if (missing.Count > 0)
            throw new ReproException($"the group in {Path} is not finished: {string.Join("; ", missing)}; continue it with repro run --resume {Path}");
        Json.Write(ResultFile, GroupFile.Of(Plan.Recipe, Plan.RecipePath, Path, runs));
        return ResultFile;
    }

    /// <summary>The seed a seed record's file name gives (<c>seeds/3.json</c> → 3), or null.</summary>
    internal static long? SeedOfFile(string file) =>
        long.TryParse(System.IO.Path.GetFileNameWithoutExtension(file), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed) ? seed : null;
}
