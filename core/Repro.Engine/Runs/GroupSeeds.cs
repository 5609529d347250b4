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

    /// <summary>Every recorded seed of a group planned as <paramref name="plan"/>, by seed; a damaged record is refused naming its file and field.</summary>
    internal static IReadOnlyDictionary<long, GroupSeed> Read(string group, GroupPlan plan)
    {
        var result = new SortedDictionary<long, GroupSeed>();
        if (!Directory.Exists(Folder(group))) return result;
        foreach (var file in Directory.GetFiles(Folder(group), "*.json").Order(StringComparer.Ordinal))
        {
            var entry = Json.Read<GroupSeed>(file, "seed record");
            if (GroupFolder.SeedOfFile(file) != entry.Seed)
                throw new ReproException($"{file} is not a valid seed record: its field 'seed' is {entry.Seed}, but the file is named for another seed");
            if (!plan.Seeds.Contains(entry.Seed))
                throw new ReproException($"{file} is not a valid seed record: seed {entry.Seed} is not one of the group's planned seeds ({string.Join(", ", plan.Seeds)})");
            if (entry.Run.Trim().Length == 0 || Path.IsPathRooted(entry.Run))
                throw new ReproException($"{file} is not a valid seed record: its field 'run' must be the run directory relative to the group folder, not '{entry.Run}'");
            result[entry.Seed] = entry;
        }
        return result;
    }

    /// <summary>The run directory of a recorded seed, as a full path.</summary>
    public static string RunOf(string group, GroupSeed seed) => Path.GetFullPath(Path.Combine(group, seed.Run));
}
