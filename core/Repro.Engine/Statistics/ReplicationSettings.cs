using Repro.Engine.Runs;
using Repro.Engine.Sweeps;

namespace Repro.Engine.Statistics;

/// <summary>The settings of a replicability table read from group folders: each group's declared analysis, labelled by its recipe.</summary>
public static class ReplicationSettings
{
    /// <summary>
    /// One setting per group at <paramref name="paths"/>, each with its declared analysis (by seed and test item where its
    /// runs recorded predictions). A label is the group's <c>recipe@version</c> and the <c>--set</c> overrides it ran with
    /// (a sweep's own axes aside), with the path as given where two labels would still be equal; the same group given twice
    /// is refused (it would count one setting twice).
    /// </summary>
    public static IReadOnlyList<ReplicationSetting> Of(IReadOnlyList<string> paths, int permutations)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var file = Path.GetFullPath(path);
            if (Directory.Exists(file)) file = Path.Combine(file, GroupFile.FileName);
            if (!seen.TryAdd(file, path)) throw new ReproException($"{seen[file]} and {path} are the same group; each setting is counted once");
        }
        var groups = paths.Select(path =>
        {
            var group = GroupSource.Load(path);
            var set = Overrides(path);
            return (Path: path, Group: group, Label: set.Count == 0 ? group.Recipe : $"{group.Recipe} [{string.Join(", ", set)}]");
        }).ToList();
        return groups.Select(g =>
        {
            var spec = AnalysisSource.Required(g.Path, g.Group, "--replicability compares the declared comparisons of every group");
            var label = groups.Count(other => other.Label == g.Label) > 1 ? $"{g.Label} ({g.Path})" : g.Label;
            return new ReplicationSetting(label, DeclaredAnalysis.Of(spec, g.Group, permutations, new GroupPredictions(g.Path, g.Group)));
        }).ToList();
    }

    // The --set a group or sweep was launched with: a group's plan records them; a sweep's configuration plans add its axes.
    private static IReadOnlyList<string> Overrides(string path)
    {
        var folder = Path.GetFullPath(path);
        if (File.Exists(folder)) folder = Path.GetDirectoryName(folder)!;
        if (SweepPlan.IsSweep(folder))
        {
            var first = SweepPlan.Read(folder).Configurations[0];   // Read refuses a plan without configurations
            var planned = SweepPlan.GroupOf(folder, first);
            return GroupPlan.IsGroup(planned) ? [.. GroupPlan.Read(planned).Set.Except(first.Set)] : [];
        }
        return GroupPlan.IsGroup(folder) ? GroupPlan.Read(folder).Set : [];
    }
}
