using System.Text.Json;
using Repro.Engine.Slurm;

namespace Repro.Engine.Runs;

/// <summary>
/// <c>&lt;group&gt;/plan.json</c>: how a group was started (recipe, seeds, executor and the run options every seed
/// shares), written before any seed runs, so <c>repro status</c> and <c>repro run --resume GROUP</c> need nothing else.
/// <see cref="PlanHash"/> is the group's <see cref="Runs.PlanHash"/> (null in a sweep's configuration groups: the sweep
/// records it, and in groups made before Repro recorded it).
/// </summary>
public sealed record GroupPlan(
    string Recipe,
    string RecipePath,
    IReadOnlyList<long> Seeds,
    string Executor,
    int Jobs,
    string Out,
    IReadOnlyList<string> Set,
    IReadOnlyList<string> Plugins,
    string? Cache = null,
    string? Device = null,
    GroupSlurm? Slurm = null,
    string? PlanHash = null)
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
        var plan = Json.Read<GroupPlan>(path, "group plan");
        string? Damaged(string field, string why) => $"{path} is not a valid group plan: its field '{field}' {why}";
        var problem =
            plan.Seeds.Count == 0 ? Damaged("seeds", "is empty")
            : plan.Seeds.Distinct().Count() != plan.Seeds.Count ? Damaged("seeds", "names a seed twice")
            : plan.Recipe.Trim().Length == 0 ? Damaged("recipe", "is empty")
            : plan.RecipePath.Trim().Length == 0 ? Damaged("recipe_path", "is empty")
            : plan.Out.Trim().Length == 0 ? Damaged("out", "is empty")
            : plan.Executor is not ("local" or "slurm") ? Damaged("executor", $"is '{plan.Executor}', not local or slurm")
            : plan.Jobs < 1 ? Damaged("jobs", $"is {plan.Jobs}; at least 1")
            : (plan.Executor == "slurm") != (plan.Slurm is not null) ? Damaged("slurm", plan.Slurm is null ? "is missing for executor slurm" : "is given for executor local")
            : null;
        return problem is null ? plan : throw new ReproException(problem);
    }
}

/// <summary>A group submitted to Slurm: its options and the ids of its jobs (null until submitted; no shared job when no stage is shared by every seed).</summary>
public sealed record GroupSlurm(SlurmOptions Options, string? SharedJob = null, long? SharedSeed = null, string? ArrayJob = null, IReadOnlyList<long>? ArraySeeds = null, string? FinishJob = null)
{
    /// <summary>The seeds of the array job, in task order.</summary>
    public IReadOnlyList<long> ArraySeeds { get; init; } = ArraySeeds ?? [];
}
