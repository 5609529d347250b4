using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Sweeps;

/// <summary>
/// A sweep folder, opened through its files: <c>sweep.json</c> and the group folder of every configuration, each read and
/// checked (a damaged file is refused by name and field).
/// </summary>
public sealed class SweepFolder
{
    private SweepFolder(string path, SweepPlan plan, IReadOnlyList<(SweepConfiguration Configuration, GroupFolder Group)> groups) =>
        (Path, Plan, Groups) = (path, plan, groups);

    /// <summary>The folder.</summary>
    public string Path { get; }
    /// <summary>The sweep as it was planned.</summary>
    public SweepPlan Plan { get; }
    /// <summary>Each configuration with its group folder, in plan order.</summary>
    public IReadOnlyList<(SweepConfiguration Configuration, GroupFolder Group)> Groups { get; }

    /// <summary>The sweep's result file (each stage's configuration chosen on dev), written when every configuration finished.</summary>
    public string ResultFile => System.IO.Path.Combine(Path, GroupFile.FileName);

    /// <summary>Opens the sweep folder <paramref name="folder"/> and every configuration's group folder.</summary>
    public static SweepFolder Open(string folder)
    {
        var plan = SweepPlan.Read(folder);
        return new SweepFolder(folder, plan, [.. plan.Configurations.Select(c => (c, GroupFolder.Open(SweepPlan.GroupOf(folder, c))))]);
    }

    /// <summary>Whether a configuration's group has written its group.json.</summary>
    public static bool IsFinished(GroupFolder group) => File.Exists(group.ResultFile);
}
