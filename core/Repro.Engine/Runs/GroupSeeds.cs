using System.Globalization;
using System.Text.Json;

namespace Repro.Engine.Runs;

/// <summary>Which run directory belongs to a seed of a group, written when the run starts.</summary>
public sealed record GroupSeed(long Seed, string Run, string Host, int Pid, DateTime StartedUtc);

/// <summary>
/// <c>&lt;group&gt;/seeds/&lt;seed&gt;.json</c>: each seed's run directory, recorded (atomically) by the process
/// that runs it, so a group run by several processes or jobs can be finished, inspected and resumed from its folder.
/// </summary>
public static class GroupSeeds
{
    private static string Folder(string group) => Path.Combine(group, "seeds");

    /// <summary>Records that <paramref name="seed"/> runs in <paramref name="runDirectory"/>.</summary>
    public static void Record(string group, long seed, string runDirectory) =>
        Json.Write(Path.Combine(Folder(group), seed.ToString(CultureInfo.InvariantCulture) + ".json"),
            new GroupSeed(seed, Path.GetRelativePath(group, runDirectory).Replace('\\', '/'), Environment.MachineName, Environment.ProcessId, DateTime.UtcNow));

    /// <summary>Every recorded seed, by seed.</summary>
    public static IReadOnlyDictionary<long, GroupSeed> Read(string group)
    {
        var result = new SortedDictionary<long, GroupSeed>();
        if (!Directory.Exists(Folder(group))) return result;
        foreach (var file in Directory.GetFiles(Folder(group), "*.json"))
        {
            var entry = Json.Read<GroupSeed>(file, "seed record");
            result[entry.Seed] = entry;
        }
        return result;
    }

    /// <summary>The run directory of a recorded seed, as a full path.</summary>
    public static string RunOf(string group, GroupSeed seed) => Path.GetFullPath(Path.Combine(group, seed.Run));

    /// <summary>
    /// Writes <c>group.json</c> from the finished runs of <paramref name="seeds"/>; throws naming the seeds
    /// that have no run or an unfinished one (nothing is written then).
    /// </summary>
    public static string Finish(string group, string recipeId, string recipePath, IReadOnlyList<long> seeds)
    {
        var recorded = Read(group);
        var runs = new List<(string, MetricsFile)>();
        var missing = new List<string>();
        foreach (var seed in seeds)
        {
            if (!recorded.TryGetValue(seed, out var entry)) { missing.Add($"seed {seed}: never started"); continue; }
            var files = new RunFiles(RunOf(group, entry));
            if (!files.IsFinished) { missing.Add($"seed {seed}: unfinished ({files.Directory})"); continue; }
            runs.Add((files.Directory, Json.Read<MetricsFile>(files.Metrics)));
        }
        if (missing.Count > 0)
            throw new ReproException($"the group in {group} is not finished: {string.Join("; ", missing)}; continue it with repro run --resume {group}");
        var path = Path.Combine(group, GroupFile.FileName);
        Json.Write(path, GroupFile.Of(recipeId, recipePath, group, runs));
        return path;
    }
}
