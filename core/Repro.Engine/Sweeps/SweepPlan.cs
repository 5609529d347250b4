using System.Text.Json;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Sweeps;

/// <summary>
/// <c>&lt;sweep&gt;/sweep.json</c>: a sweep as planned, written before any configuration runs. Each configuration is a
/// group folder of its own (<c>&lt;sweep&gt;/c1</c>, ...) holding a <c>plan.json</c> whose <c>set</c> adds the
/// configuration's overrides; <see cref="Metric"/> is what each stage's configuration is chosen on.
/// </summary>
public sealed record SweepPlan(string Recipe, string RecipePath, string Metric, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepConfiguration> Configurations)
{
    /// <summary>File name inside the sweep folder.</summary>
    public const string FileName = "sweep.json";

    /// <summary>Whether <paramref name="folder"/> is a sweep folder.</summary>
    public static bool IsSweep(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>The group folder of <paramref name="configuration"/>.</summary>
    public static string GroupOf(string folder, SweepConfiguration configuration) => Path.Combine(folder, configuration.Name);

    /// <summary>Writes the plan atomically.</summary>
    public void Write(string folder) => Json.Write(Path.Combine(folder, FileName), this);

    /// <summary>Reads a sweep's plan, naming the file on error.</summary>
    public static SweepPlan Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new ReproException($"{folder} is not a sweep folder (no {FileName})");
        var plan = Json.Read<SweepPlan>(path, "sweep plan");
        if (plan.Configurations is not { Count: > 0 } || plan.Metric is null) throw new ReproException($"{path} is not a sweep plan (no configurations or metric)");
        return plan;
    }

    /// <summary>Creates a new, empty <c>sweep-&lt;timestamp&gt;</c> folder for <paramref name="recipeId"/>; returns its path.</summary>
    public static string NewFolder(string runsRoot, string recipeId) => GroupFile.NewFolder(runsRoot, recipeId, "sweep");
}
