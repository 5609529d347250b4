namespace Repro.Engine.Runs;

/// <summary>One seed of a group: <c>pending</c>, <c>running</c>, <c>finished</c> or <c>failed</c>, with its run directory and why.</summary>
public sealed record SeedStatus(long Seed, string State, string? Run, string? Detail);

/// <summary>The state of each planned seed of a group folder, read from its files alone.</summary>
public static class GroupStatus
{
    /// <summary>Every planned seed's state.</summary>
    public static IReadOnlyList<SeedStatus> Of(string folder)
    {
        var plan = GroupPlan.Read(folder);
        var recorded = GroupSeeds.Read(folder);
        return [.. plan.Seeds.Select(seed => recorded.TryGetValue(seed, out var entry)
            ? OfRun(seed, new RunFiles(GroupSeeds.RunOf(folder, entry)))
            : new SeedStatus(seed, "pending", null, "not started"))];
    }

    private static SeedStatus OfRun(long seed, RunFiles files)
    {
        if (!File.Exists(files.Incomplete)) return new SeedStatus(seed, "finished", files.Directory, null);
        if (IsLocked(files)) return new SeedStatus(seed, "running", files.Directory, null);
        var manifest = files.ReadManifest();
        return manifest?.Status == "failed"
            ? new SeedStatus(seed, "failed", files.Directory, manifest.Failure)
            : new SeedStatus(seed, "failed", files.Directory, "stopped before finishing; repro run --resume GROUP continues it");
    }

    // A live run holds its directory's .lock; taking it for a moment tells whether one does.
    private static bool IsLocked(RunFiles files)
    {
        var path = Path.Combine(files.Directory, ".lock");
        if (!File.Exists(path)) return false;
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
