using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;
using Repro.Tool.Output;

namespace Repro.Tool.Commands;

/// <summary>
/// A sweep (<c>sweep:</c> or <c>--grid</c>): every configuration is checked first, then each becomes a group folder inside
/// the sweep folder and runs with the group's executor (in this process, <c>--jobs N</c> children over every
/// configuration and seed, or Slurm jobs per configuration); the sweep's group.json chooses each stage's configuration on dev.
/// </summary>
internal static class SweepRun
{
    /// <summary>Checks every configuration of <paramref name="sweep"/>, writes the sweep folder and runs it.</summary>
    public static int Start(string recipePath, Recipe recipe, SweepSpec sweep, GroupPlan template, IReadOnlyList<string> pluginPaths, RunOptions options, CancellationToken cancel)
    {
        var analysis = recipe.Analysis ?? throw new ReproException(
            $"a sweep chooses each stage's configuration on the dev split of analysis.primary, and {recipePath} declares no analysis: add analysis: {{ primary, comparisons, min_effect }}");
        var configurations = sweep.Configurations();
        var loaded = new List<Recipe>();
        var problems = new List<(Diagnostic Problem, string Configuration)>();
        foreach (var configuration in configurations)
        {
            try { loaded.Add(RecipeLoader.Load(recipePath, [.. template.Set, .. configuration.Set], pluginPaths).Recipe); }
            catch (RecipeException e)
            {
                problems.AddRange(e.Diagnostics.Select(d => (AtAxis(d, sweep), configuration.Name)));
            }
        }
        if (problems.Count > 0)
            throw new RecipeException(problems.GroupBy(p => p.Problem)
                .Select(g => g.Key with { Message = $"sweep configuration{(g.Count() == 1 ? "" : "s")} {string.Join(", ", g.Select(p => p.Configuration))}: {g.Key.Message}" }).ToList());
        if (template.Executor == "slurm") SlurmSubmission.CheckSbatch();

        var folder = SweepPlan.NewFolder(options.RunsRoot, recipe.Id);
        var plan = new SweepPlan(recipe.Id, Path.GetFullPath(recipePath), $"{SweepSelection.Split}/{analysis.PrimaryMetric}", sweep.Axes, configurations);
        plan.Write(folder);
        var groups = configurations.Select(c => (Folder: SweepPlan.GroupOf(folder, c), Plan: template with { Set = [.. template.Set, .. c.Set] })).ToList();
        foreach (var (group, groupPlan) in groups)
        {
            Directory.CreateDirectory(group);
            groupPlan.Write(group);
        }
        Console.WriteLine($"sweep of {configurations.Count} configuration(s) × {template.Seeds.Count} seed(s): {folder}");
        foreach (var c in configurations) Console.WriteLine($"  {c.Name}: {c.Label}");

        if (template.Executor == "slurm")
        {
            var finishJobs = groups.Select(g =>
            {
                SlurmSubmission.Submit(g.Folder, g.Plan, template.Seeds, sharedStages: recipe.Stages.Any(s => s.Seed is not null));
                return GroupPlan.Read(g.Folder).Slurm!.FinishJob!;
            }).ToList();
            SlurmSubmission.SubmitSweepFinish(folder, template.Slurm!.Options, recipe.Id, finishJobs);
            return ExitCodes.Ok;
        }
        if (template.Jobs > 1)
        {
            GroupRun.WarnIfOversubscribed(template.Jobs, recipe.Threads);
            var tasks = groups.SelectMany(g => template.Seeds.Select(seed => (g.Folder, g.Plan, Seed: seed))).ToList();
            var failed = ChildRuns.Run(tasks, template.Jobs, t => $"{Path.GetFileName(t.Folder)} seed {t.Seed}", t => GroupRun.FreshRun(t.Folder, t.Plan, t.Seed));
            if (failed.Count > 0)
                throw new ReproException($"{string.Join(", ", failed.Select(t => $"{Path.GetFileName(t.Folder)} seed {t.Seed}"))} did not finish (their output is above); continue the sweep with repro run --resume {folder}");
        }
        else
            for (var i = 0; i < groups.Count; i++)
            {
                Console.WriteLine($"configuration {configurations[i].Name} ({configurations[i].Label})");
                var results = GroupRun.InProcess(groups[i].Folder, loaded[i], template.Seeds, options, cancel);
                ResultTable.Print(results);
            }
        foreach (var (group, groupPlan) in groups) GroupSeeds.Finish(group, groupPlan.Recipe, groupPlan.RecipePath, groupPlan.Seeds);
        return Finish(folder);
    }

    // A problem in an override the sweep made is placed at the axis that made it (the recipe's sweep: line, or --grid).
    private static Diagnostic AtAxis(Diagnostic problem, SweepSpec sweep)
    {
        foreach (var axis in sweep.Axes)
            foreach (var value in axis.Values)
                if (problem.Location == $"--set {axis.Path}={value}") return problem with { Location = $"{axis.Origin} ({axis.Path}: {value})" };
        return problem;
    }

    /// <summary>Continues a sweep: finished configurations are kept, the others resumed as groups; then the selection.</summary>
    public static int Resume(string folder, int jobs)
    {
        var plan = SweepPlan.Read(folder);
        var slurmFinishJobs = new List<string>();
        GroupPlan? slurm = null;
        foreach (var configuration in plan.Configurations)
        {
            var group = SweepPlan.GroupOf(folder, configuration);
            if (File.Exists(Path.Combine(group, GroupFile.FileName)))
            {
                Console.WriteLine($"{configuration.Name} ({configuration.Label}): finished; kept");
                continue;
            }
            Console.WriteLine($"{configuration.Name} ({configuration.Label}): continuing");
            var before = GroupPlan.Read(group).Slurm?.FinishJob;
            GroupRun.Resume(group, jobs);
            var after = GroupPlan.Read(group);
            if (after.Slurm is null) continue;
            slurm = after;
            if (after.Slurm.FinishJob is { } job && job != before) slurmFinishJobs.Add(job);
        }
        if (slurm is not null && slurmFinishJobs.Count > 0)
        {
            SlurmSubmission.SubmitSweepFinish(folder, slurm.Slurm!.Options, plan.Recipe, slurmFinishJobs);
            return ExitCodes.Ok;
        }
        return Finish(folder);
    }

    /// <summary>Writes the sweep's group.json and prints the selection and the chosen metrics.</summary>
    public static int Finish(string folder)
    {
        var path = SweepSelection.Finish(folder);
        var group = GroupFile.Read(path);
        SweepTable.Print(group.Sweep!);
        GroupTable.Print(group, path);
        return ExitCodes.Ok;
    }
}
