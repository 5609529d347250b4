using Repro.Engine.Execution;
using Repro.Engine.Planning;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Slurm;
using Repro.Engine.Sweeps;

namespace Repro.Engine.Launching;

/// <summary>
/// Turns a <see cref="LaunchRequest"/> into a checked <see cref="Launch"/>: options that cannot go together are refused,
/// <c>--resume</c> dispatches on the folder's kind, and every configuration and seed of a group or sweep is planned
/// (<see cref="RunPlanner"/>) before any folder is written. Every problem is a <see cref="ReproException"/>.
/// </summary>
public static class LaunchPlanner
{
    /// <summary>The checked launch of <paramref name="request"/>.</summary>
    public static Launch Plan(LaunchRequest request)
    {
        if (request.Seed is not null && request.Seeds is not null) throw new ReproException("give --seed N (one seed) or --seeds LIST (a group), not both");
        if (request.Executor == ExecutorKind.Slurm && request.Jobs != 1) throw new ReproException("--jobs is for --executor local; Slurm runs every seed as its own array task");
        if (request.Executor != ExecutorKind.Slurm && request.SlurmGiven) throw new ReproException("--slurm-* options need --executor slurm");
        if (request.Resume is not null) return Resume(request);
        if (request.Group is not null) return GroupChild(request);
        return Fresh(request);
    }

    private static RunOptions OptionsOf(LaunchRequest request, IReadOnlyList<long>? seeds = null) =>
        new(OutputFolder.FullPath(request.RunsRoot), seeds, request.Device, request.CommandLine, request.AllowPluginDrift, request.CacheRoot, request.MaxSteps, request.TracePath, request.ProfilePath);

    // --resume FOLDER: a sweep, a group or a run continues as it was planned; nothing that would change it is accepted.
    private static Launch Resume(LaunchRequest request)
    {
        var folder = Path.GetFullPath(request.Resume!);
        var kind = FolderKinds.Of(folder);
        var changes = new[] { (request.RecipePath is not null, "a recipe"), (request.Set.Count > 0, "--set"), (request.Grid.Count > 0, "--grid"),
            (request.Seed is not null, "--seed"), (request.Seeds is not null, "--seeds"), (request.CheckDeterminism, "--check-determinism"),
            (request.Executor != ExecutorKind.Local || request.SlurmGiven, "--executor or --slurm-*") }
            .Where(c => c.Item1).Select(c => c.Item2).ToList();
        if (changes.Count > 0)
            throw new ReproException($"--resume {(kind == FolderKind.None ? "" : FolderKinds.Name(kind).ToUpperInvariant() + " ")}continues as it was planned: " +
                $"give no {string.Join(", ", changes)} with it");
        switch (kind)
        {
            case FolderKind.Sweep:
                if (request.Group is not null) throw new ReproException("--group records one seed's run; a sweep is not resumed into a group");
                return new ResumeSweepLaunch(SweepFolder.Open(folder), request.Jobs);
            case FolderKind.Group:
                if (request.Group is not null) throw new ReproException("--group records one seed's run; a group is not resumed into a group");
                return new ResumeGroupLaunch(GroupFolder.Open(folder), request.Jobs);
            case FolderKind.Run:
                if (request.Jobs != 1) throw new ReproException("--jobs runs the seeds of a group at once; a run directory is one seed");
                return ResumeRun(new RunFiles(folder), request);
            default:
                throw new ReproException($"{request.Resume} is not a run directory (no recipe.yaml), a group folder (no {GroupPlan.FileName}) or a sweep folder (no {SweepPlan.FileName})");
        }
    }

    private static Launch ResumeRun(RunFiles files, LaunchRequest request, string? note = null)
    {
        var group = request.Group is null ? null : GroupFolderOf(request.Group);
        if (!File.Exists(files.Incomplete)) return new NothingToDo($"{files.Directory} is complete; nothing to resume");
        var (recipe, _) = RecipeLoader.Load(files.Recipe, [], request.PluginPaths, recorded: files.ReadManifest());
        return new ResumeRunLaunch(recipe, files, OptionsOf(request), group, note);
    }

    // --group G --seed S: one seed of a group, run by a child process or a Slurm task; a requeued or repeated task continues its own run.
    private static Launch GroupChild(LaunchRequest request)
    {
        var group = GroupFolderOf(request.Group!);
        if (request.Seed is not { } seed || request.Seeds is not null) throw new ReproException("--group records one seed's run in a group folder: give it with --seed N");
        if (request.Grid.Count > 0) throw new ReproException("--grid starts a sweep; a run recorded in a group (--group) is one configuration");
        if (GroupFolder.Open(group).RunOf(seed) is { } run)
        {
            if (run.IsFinished) return new NothingToDo($"seed {seed} of this group has finished in {run.Directory}; nothing to do");
            if (File.Exists(run.Recipe))
                return ResumeRun(run, request, $"seed {seed} of this group has an unfinished run; resuming {run.Directory}");
        }
        var recipe = Load(request);
        return new RunLaunch(recipe, OptionsOf(request, [seed]), group);
    }

    private static string GroupFolderOf(string group)
    {
        var folder = Path.GetFullPath(group);
        return GroupPlan.IsGroup(folder) ? folder : throw new ReproException($"--group {group} is not a group folder (no {GroupPlan.FileName})");
    }

    private static Recipe Load(LaunchRequest request)
    {
        if (request.RecipePath is null) throw new ReproException("give a recipe file, or --resume RUN_DIRECTORY");
        OutputFolder.Check(request.RunsRoot);
        return RecipeLoader.Load(request.RecipePath, request.Set, request.PluginPaths).Recipe;
    }

    // A recipe: one run, a group of seeds, or a sweep of configurations × seeds.
    private static Launch Fresh(LaunchRequest request)
    {
        var recipe = Load(request);
        if (request.CheckDeterminism) return new DeterminismLaunch(request, recipe.Seeds[0], request.DeterminismSteps);
        foreach (var option in request.Grid)
            if (option.IndexOf('=') is > 0 and var eq && StagePath.MissingStage(recipe.Document.Root, option[..eq].Trim()) is { } missing)
                throw new ReproException($"--grid {option}: {missing}");
        var sweep = SweepSpec.WithGrid(recipe.Sweep, request.Grid);
        var seeds = request.Seeds ?? (request.Seed is { } one ? [one] : null);
        if (seeds is null && (recipe.Seeds.Count > 1 || sweep is not null)) seeds = [.. recipe.Seeds];
        if (seeds is null || request.Seed is not null && sweep is null)
        {
            if (request.Executor == ExecutorKind.Slurm) throw new ReproException("--executor slurm runs the seeds of a group: give --seeds, or a recipe with several seeds");
            if (request.Jobs > 1) throw new ReproException("--jobs runs the seeds of a group at once: give --seeds, or a recipe with several seeds");
            return new RunLaunch(recipe, OptionsOf(request, seeds), null);
        }
        var options = OptionsOf(request);
        var plan = new GroupPlan(recipe.Id, Path.GetFullPath(request.RecipePath!), seeds, request.Executor == ExecutorKind.Slurm ? "slurm" : "local", request.Jobs,
            options.RunsRoot, request.Set, [.. request.PluginPaths.Select(Path.GetFullPath)], options.CacheRoot, request.Device,
            request.Executor == ExecutorKind.Slurm
                ? new GroupSlurm(SlurmDefaults.FromUserFile().Under(recipe.Executor ?? SlurmDefaults.None).Under(request.Slurm).ToOptions(recipe.Threads))
                : null);
        if (request.Executor == ExecutorKind.Slurm) SlurmSubmission.CheckSbatch();
        if (sweep is not null) return Sweep(request, recipe, sweep, plan, options);
        PlanCheck.Check(options.RunsRoot, recipe, null);
        using (var memo = new PlanningMemo()) SeedPlans.Check(recipe, seeds, request.Device, memo);
        return new GroupLaunch(recipe, plan with { PlanHash = PlanHash.Of(recipe, null) }, options);
    }

    private static SweepLaunch Sweep(LaunchRequest request, Recipe recipe, SweepSpec sweep, GroupPlan template, RunOptions options)
    {
        var analysis = recipe.Analysis ?? throw new ReproException(
            $"a sweep chooses each stage's configuration on the dev split of analysis.primary, and {request.RecipePath} declares no analysis: add analysis: {{ primary, comparisons, min_effect }}");
        PlanCheck.Check(options.RunsRoot, recipe, sweep.Axes);
        var configurations = sweep.Configurations();
        var loaded = new List<Recipe>();
        var problems = new List<(Diagnostic Problem, string Configuration)>();
        using var memo = new PlanningMemo();
        foreach (var configuration in configurations)
        {
            try
            {
                var configured = RecipeLoader.Load(request.RecipePath!, [.. template.Set, .. configuration.Set], request.PluginPaths).Recipe;
                SeedPlans.Check(configured, template.Seeds, request.Device, memo);
                loaded.Add(configured);
            }
            catch (RecipeException e)
            {
                problems.AddRange(e.Diagnostics.Select(d => (AtAxis(d, sweep), configuration.Name)));
            }
        }
        if (problems.Count > 0)
            throw new RecipeException(problems.GroupBy(p => p.Problem)
                .Select(g => g.Key with { Message = $"sweep configuration{(g.Count() == 1 ? "" : "s")} {string.Join(", ", g.Select(p => p.Configuration))}: {g.Key.Message}" }).ToList());
        var plan = new SweepPlan(recipe.Id, Path.GetFullPath(request.RecipePath!), $"{SweepSelection.Split}/{analysis.PrimaryMetric}", sweep.Axes, configurations,
            PlanHash.Of(recipe, sweep.Axes));
        return new SweepLaunch(recipe, plan, template, loaded, options);
    }

    // A problem in an override the sweep made is placed at the axis that made it (the recipe's sweep: line, or --grid).
    private static Diagnostic AtAxis(Diagnostic problem, SweepSpec sweep)
    {
        foreach (var axis in sweep.Axes)
            foreach (var value in axis.Values)
                if (problem.Location == $"--set {axis.Path}={value}") return problem with { Location = $"{axis.Origin} ({axis.Path}: {value})" };
        return problem;
    }
}
