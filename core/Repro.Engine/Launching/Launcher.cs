using Repro.Engine.Execution;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;

namespace Repro.Engine.Launching;

/// <summary>
/// Executes a planned <see cref="Launch"/>: writes the group or sweep folder (only now, after every configuration and seed was
/// planned), hands the seeds to the executor, and writes group.json once they have finished.
/// </summary>
public sealed class Launcher(ILaunchReporter reporter, CancellationToken cancel)
{
    /// <summary>Executes <paramref name="launch"/>; returns the exit code.</summary>
    public int Execute(Launch launch)
    {
        switch (launch)
        {
            case NothingToDo nothing:
                reporter.Line(nothing.Reason);
                break;
            case RunLaunch run:
                reporter.Runs(reporter.Progress(observer => new RecipeRunner(run.Recipe, GroupSeedObserver.In(run.Group, observer)).Run(run.Options, cancel)));
                break;
            case ResumeRunLaunch resume:
                if (resume.Note is not null) reporter.Line(resume.Note);
                reporter.Runs([reporter.Progress(observer => new RecipeRunner(resume.Recipe, GroupSeedObserver.In(resume.Group, observer)).Resume(resume.Run, resume.Options, cancel))]);
                break;
            case GroupLaunch group:
                return StartGroup(group);
            case SweepLaunch sweep:
                return StartSweep(sweep);
            case ResumeGroupLaunch group:
                return ResumeGroup(group);
            case ResumeSweepLaunch sweep:
                return ResumeSweep(sweep);
            case DeterminismLaunch check:
                return DeterminismCheck.Run(check, reporter, cancel);
            default:
                throw new System.Diagnostics.UnreachableException($"a launch of kind {launch.GetType().Name} has no case");
        }
        return ExitCodes.Ok;
    }

    private ILaunchExecutor ExecutorOf(GroupPlan plan, int jobs, int threads, bool sharedStages, string? sweep, RunOptions? inProcess) =>
        plan.Slurm is not null ? new SlurmExecutor(sharedStages, sweep, reporter)
        : jobs > 1 || inProcess is null ? new ChildProcessExecutor(jobs, threads, sweep is not null, reporter)
        : new InProcessExecutor(inProcess, reporter, cancel);

    private int StartGroup(GroupLaunch launch)
    {
        if (Planning.AnalysisSeeds.Warning(launch.Recipe, launch.Plan.Seeds.Count) is { } warning) reporter.Line(warning);
        var folder = GroupFile.NewFolder(launch.Options.RunsRoot, launch.Recipe.Id);
        PlanCheck.Record(folder, launch.Recipe, null);
        launch.Plan.Write(folder);
        var tasks = launch.Plan.Seeds.Select(seed => new SeedTask(folder, launch.Plan, seed, launch.Recipe)).ToList();
        var executor = ExecutorOf(launch.Plan, launch.Plan.Jobs, launch.Recipe.Threads, SharesStages(launch.Recipe), null, launch.Options);
        return Completed(executor.Execute(tasks), folder) ? FinishGroup(folder) : ExitCodes.Ok;
    }

    private int StartSweep(SweepLaunch launch)
    {
        if (Planning.AnalysisSeeds.Warning(launch.Recipe, launch.Template.Seeds.Count) is { } warning) reporter.Line(warning);
        var folder = SweepPlan.NewFolder(launch.Options.RunsRoot, launch.Recipe.Id);
        PlanCheck.Record(folder, launch.Recipe, launch.Plan.Axes);
        launch.Plan.Write(folder);
        var tasks = new List<SeedTask>();
        foreach (var (configuration, recipe) in launch.Plan.Configurations.Zip(launch.Configurations))
        {
            var group = SweepPlan.GroupOf(folder, configuration);
            var plan = launch.Template with { Set = [.. launch.Template.Set, .. configuration.Set] };
            Directory.CreateDirectory(group);
            plan.Write(group);
            tasks.AddRange(plan.Seeds.Select(seed => new SeedTask(group, plan, seed, recipe)));
        }
        reporter.Line($"sweep of {launch.Plan.Configurations.Count} configuration(s) × {launch.Template.Seeds.Count} seed(s): {folder}");
        foreach (var c in launch.Plan.Configurations) reporter.Line($"  {c.Name}: {c.Label}");
        var executor = ExecutorOf(launch.Template, launch.Template.Jobs, launch.Recipe.Threads, SharesStages(launch.Recipe), folder, launch.Options);
        if (!Completed(executor.Execute(tasks), folder)) return ExitCodes.Ok;
        foreach (var group in tasks.Select(t => t.Group).Distinct()) GroupFolder.Open(group).Finish();
        return FinishSweep(folder);
    }

    // A stage with a pinned seed is the same for every run seed: on Slurm, one job computes it before the others.
    private static bool SharesStages(Recipes.Recipe recipe) => recipe.Stages.Any(s => s.Seed is not null);

    /// <summary>Whether every task finished (false when submitted to a scheduler); throws naming the tasks that failed.</summary>
    private static bool Completed(IReadOnlyList<SeedTask>? failed, string folder)
    {
        if (failed is null) return false;
        if (failed.Count > 0)
            throw new ReproException($"{string.Join(", ", failed.Select(t => t.Label(SweepPlan.IsSweep(folder))))} did not finish (their output is above); " +
                $"continue with repro run --resume {folder}");
        return true;
    }

    /// <summary>The seeds of a group that did not finish, each resuming its run directory where it has one.</summary>
    private List<SeedTask> Unfinished(GroupFolder group)
    {
        var todo = new List<SeedTask>();
        foreach (var seed in group.Plan.Seeds)
        {
            var run = group.RunOf(seed);
            if (run is { IsFinished: true }) reporter.Line($"seed {seed}: finished in {run.Directory}; kept");
            else todo.Add(new SeedTask(group.Path, group.Plan, seed, Resume: run is not null && File.Exists(run.Recipe) ? run.Directory : null));
        }
        return todo;
    }

    // Resumed seeds run as children (or Slurm tasks) with the options the group was planned with.
    private bool Continue(IReadOnlyList<SeedTask> todo, GroupPlan plan, int jobs, string folder, string? sweep)
    {
        if (todo.Count == 0)
        {
            reporter.Line("every seed has finished");
            return true;
        }
        return Completed(ExecutorOf(plan, Math.Max(jobs, plan.Jobs), 1, sharedStages: false, sweep, inProcess: null).Execute(todo), folder);
    }

    private int ResumeGroup(ResumeGroupLaunch launch) =>
        Continue(Unfinished(launch.Group), launch.Group.Plan, launch.Jobs, launch.Group.Path, sweep: null) ? FinishGroup(launch.Group.Path) : ExitCodes.Ok;

    private int ResumeSweep(ResumeSweepLaunch launch)
    {
        var open = new List<GroupFolder>();
        foreach (var (configuration, group) in launch.Sweep.Groups)
        {
            var finished = SweepFolder.IsFinished(group);
            reporter.Line($"{configuration.Name} ({configuration.Label}): {(finished ? "finished; kept" : "continuing")}");
            if (!finished) open.Add(group);
        }
        var folder = launch.Sweep.Path;
        if (open.Count > 0 && !Continue([.. open.SelectMany(Unfinished)], open[0].Plan, launch.Jobs, folder, folder)) return ExitCodes.Ok;
        foreach (var group in open) FinishGroup(group.Path);
        return FinishSweep(folder);
    }

    /// <summary>Writes a group's group.json from its finished runs and shows it.</summary>
    public int FinishGroup(string folder)
    {
        var path = GroupFolder.Open(folder).Finish();
        reporter.Group(GroupFile.Read(path), path);
        return ExitCodes.Ok;
    }

    /// <summary>Writes a sweep's group.json (each stage's configuration chosen on dev) and shows it.</summary>
    public int FinishSweep(string folder)
    {
        var path = SweepSelection.Finish(folder);
        reporter.Group(GroupFile.Read(path), path);
        return ExitCodes.Ok;
    }
}
