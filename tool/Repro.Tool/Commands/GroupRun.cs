using System.Globalization;
using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Tool.Output;

namespace Repro.Tool.Commands;

/// <summary>A group's seeds run as child processes of this tool (<c>--jobs N</c>), and a group continued with <c>--resume GROUP</c>.</summary>
internal static class GroupRun
{
    /// <summary>Runs <paramref name="seeds"/> of a planned group in children, <paramref name="jobs"/> at once, then writes group.json.</summary>
    public static int InChildren(string folder, GroupPlan plan, IReadOnlyList<long> seeds, int jobs, int threads)
    {
        WarnIfOversubscribed(jobs, threads);
        return Complete(folder, plan, ChildRuns.Run(seeds, jobs, seed => FreshRun(folder, plan, seed)));
    }

    /// <summary>Runs <paramref name="seeds"/> of a planned group one after another in this process, recording each in the group folder.</summary>
    public static IReadOnlyList<RunResult> InProcess(string folder, Recipe recipe, IReadOnlyList<long> seeds, RunOptions options, CancellationToken cancel) =>
        ConsoleProgress.Run(observer =>
            new RecipeRunner(recipe, new GroupSeedObserver(observer, folder)).Run(options with { Seeds = seeds }, cancel));

    /// <summary>Warns when <paramref name="jobs"/> children of <paramref name="threads"/> threads each ask for more threads than there are cores.</summary>
    public static void WarnIfOversubscribed(int jobs, int threads)
    {
        if (jobs * threads > Environment.ProcessorCount)
            Console.WriteLine($"warning: {jobs} jobs × {threads} threads each = {jobs * threads} threads on {Environment.ProcessorCount} cores; runs will be slower, not different");
    }

    /// <summary>Runs the seeds of a group that did not finish (resuming their run directories), then writes group.json.</summary>
    public static int Resume(string folder, int jobs)
    {
        var plan = GroupPlan.Read(folder);
        var recorded = GroupSeeds.Read(folder);
        var todo = new List<long>();
        foreach (var seed in plan.Seeds)
        {
            var finished = recorded.TryGetValue(seed, out var entry) && !File.Exists(new RunFiles(GroupSeeds.RunOf(folder, entry)).Incomplete);
            if (finished) Console.WriteLine($"seed {seed}: finished in {GroupSeeds.RunOf(folder, entry!)}; kept");
            else todo.Add(seed);
        }
        if (todo.Count == 0) Console.WriteLine("every seed has finished");
        else if (plan.Slurm is not null) return SlurmSubmission.Submit(folder, plan, todo, sharedStages: false);
        var failed = ChildRuns.Run(todo, Math.Max(jobs, plan.Jobs), seed =>
            recorded.TryGetValue(seed, out var entry) ? ResumedRun(folder, plan, GroupSeeds.RunOf(folder, entry)) : FreshRun(folder, plan, seed));
        return Complete(folder, plan, failed);
    }

    private static int Complete(string folder, GroupPlan plan, IReadOnlyList<long> failed)
    {
        if (failed.Count > 0)
            throw new ReproException($"seed(s) {string.Join(", ", failed)} did not finish (their output is above); continue the group with repro run --resume {folder}");
        var path = GroupSeeds.Finish(folder, plan.Recipe, plan.RecipePath, plan.Seeds);
        GroupTable.Print(GroupFile.Read(path), path);
        return ExitCodes.Ok;
    }

    /// <summary>The arguments of one seed's fresh run in a group: <c>run RECIPE --seed S --group G</c> with the plan's options.</summary>
    public static IReadOnlyList<string> FreshRun(string folder, GroupPlan plan, long seed) =>
        [.. SeedlessRun(folder, plan), "--seed", seed.ToString(CultureInfo.InvariantCulture)];

    /// <summary>The arguments of a seed's run in a group, <c>--seed</c> left to add.</summary>
    public static IReadOnlyList<string> SeedlessRun(string folder, GroupPlan plan)
    {
        List<string> args = ["run", plan.RecipePath, "--out", plan.Out, "--group", folder];
        foreach (var set in plan.Set) args.AddRange(["--set", set]);
        if (plan.Device is not null) args.AddRange(["--device", plan.Device]);
        return [.. args, .. Shared(plan)];
    }

    /// <summary>The arguments that continue one seed's unfinished run directory in a group.</summary>
    public static IReadOnlyList<string> ResumedRun(string folder, GroupPlan plan, string runDirectory) =>
        ["run", "--resume", runDirectory, "--group", folder, .. Shared(plan)];

    private static IEnumerable<string> Shared(GroupPlan plan)
    {
        List<string> args = plan.Cache is null ? ["--no-cache"] : ["--cache", plan.Cache];
        foreach (var plugin in plan.Plugins) args.AddRange(["--plugins", plugin]);
        return args;
    }
}
