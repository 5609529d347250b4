using System.Text.Json;
using Repro.Engine.Slurm;

namespace Repro.Engine.Runs;

/// <summary>
/// <c>&lt;group&gt;/plan.json</c>: how a group was started (recipe, seeds, executor and the run options every seed
/// shares), written before any seed runs, so <c>repro status</c> and <c>repro run --resume GROUP</c> need nothing else.
/// </summary>
public sealed record GroupPlan(
    string Recipe,
    string RecipePath,
    IReadOnlyList<long> Seeds,
    string Executor,
    int Jobs,
    string Out,
    string? Cache,
    IReadOnlyList<string> Set,
    IReadOnlyList<string> Plugins,
    string? Device,
    GroupSlurm? Slurm = null)
{
    /// <summary>File name inside the group folder.</summary>
    public const string FileName = "plan.json";

    /// <summary>Whether <paramref name="folder"/> is a group folder started with a plan.</summary>
    public static bool IsGroup(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>Writes the plan atomically.</summary>
    public void Write(string folder) => Json.Write(Path.Combine(folder, FileName), this);

    /// <summary>Reads a group's plan, naming the file on error.</summary>
    public static GroupPlan Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new ReproException($"{folder} is not a group folder (no {FileName})");
        return Json.Read<GroupPlan>(path, "group plan");
    }
}

/// <summary>A group submitted to Slurm: its options and the ids of its jobs (null until submitted; no shared job when no stage is shared by every seed).</summary>
public sealed record GroupSlurm(SlurmOptions Options, string? SharedJob, long? SharedSeed, string? ArrayJob, IReadOnlyList<long> ArraySeeds, string? FinishJob);
