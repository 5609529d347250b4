using System.Text.Json;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Sweeps;

/// <summary>
/// <c>&lt;sweep&gt;/sweep.json</c>: a sweep as planned, written before any configuration runs. Each configuration is a
/// group folder of its own (<c>&lt;sweep&gt;/c1</c>, ...) holding a <c>plan.json</c> whose <c>set</c> adds the
/// configuration's overrides; <see cref="Metric"/> is what each stage's configuration is chosen on; <see cref="PlanHash"/>
/// is the sweep's <see cref="Runs.PlanHash"/> over its grid (null in sweeps made before Repro recorded it).
/// </summary>
public sealed partial record SweepPlan(string Recipe, string RecipePath, string Metric, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepConfiguration> Configurations,
    string? PlanHash = null)
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
        if (plan.Configurations.Count == 0) throw new ReproException($"{path} is not a valid sweep plan: its field 'configurations' is empty");
        foreach (var configuration in plan.Configurations)
            if (!ConfigurationName().IsMatch(configuration.Name))
                throw new ReproException($"{path} is not a valid sweep plan: configuration name '{configuration.Name}' is not c1, c2, ...");
        if (plan.Configurations.Select(c => c.Name).Distinct().Count() != plan.Configurations.Count)
            throw new ReproException($"{path} is not a valid sweep plan: its field 'configurations' names a configuration twice");
        if (plan.Metric.Split('/') is not [SweepSelection.Split, { Length: > 0 }])
            throw new ReproException($"{path} is not a valid sweep plan: its field 'metric' is '{plan.Metric}', not {SweepSelection.Split}/METRIC");
        return plan;
    }

    /// <summary>Creates a new, empty <c>sweep-&lt;timestamp&gt;</c> folder for <paramref name="recipeId"/>; returns its path.</summary>
    public static string NewFolder(string runsRoot, string recipeId) => GroupFile.NewFolder(runsRoot, recipeId, "sweep");

    [System.Text.RegularExpressions.GeneratedRegex("^c[1-9][0-9]{0,5}$")]
    private static partial System.Text.RegularExpressions.Regex ConfigurationName();
}
