using System.Globalization;
using Repro.Engine.Runs;

namespace Repro.Engine.Launching;

/// <summary>The arguments of one seed's run in a group when it runs as its own process (a <c>--jobs</c> child or a Slurm task).</summary>
public static class GroupArguments
{
    /// <summary><c>run RECIPE --seed S --group G</c> with the plan's options.</summary>
    public static IReadOnlyList<string> Fresh(string folder, GroupPlan plan, long seed) =>
        [.. Seedless(folder, plan), "--seed", seed.ToString(CultureInfo.InvariantCulture)];

    /// <summary>A seed's fresh run in a group, <c>--seed</c> left to add (a Slurm array task adds its own).</summary>
    public static IReadOnlyList<string> Seedless(string folder, GroupPlan plan)
    {
        List<string> args = ["run", plan.RecipePath, "--out", plan.Out, "--group", folder];
        foreach (var set in plan.Set) args.AddRange(["--set", set]);
        if (plan.Device is not null) args.AddRange(["--device", plan.Device]);
        return [.. args, .. Shared(plan)];
    }

    /// <summary>Continues one seed's unfinished run directory in a group.</summary>
    public static IReadOnlyList<string> Resumed(string folder, GroupPlan plan, string runDirectory) =>
        ["run", "--resume", runDirectory, "--group", folder, .. Shared(plan)];

    private static IEnumerable<string> Shared(GroupPlan plan)
    {
        List<string> args = plan.Cache is null ? ["--no-cache"] : ["--cache", plan.Cache];
        foreach (var plugin in plan.Plugins) args.AddRange(["--plugins", plugin]);
        return args;
    }
}
