using Repro.Engine.Slurm;

namespace Repro.Engine.Launching;

/// <summary>
/// <c>--executor slurm</c>: each group's seeds are submitted as a job array (after a job computing the stages every seed shares,
/// when <paramref name="sharedStages"/>), with a last job that writes group.json; a sweep adds a job that chooses on dev.
/// </summary>
internal sealed class SlurmExecutor(bool sharedStages, string? sweep, ILaunchReporter reporter) : ILaunchExecutor
{
    public IReadOnlyList<SeedTask>? Execute(IReadOnlyList<SeedTask> tasks)
    {
        var finishJobs = new List<string>();
        Slurm.SlurmOptions? options = null;
        string? recipe = null;
        foreach (var group in tasks.GroupBy(t => t.Group))
        {
            var plan = group.First().Plan;
            var before = Runs.GroupPlan.Read(group.Key).Slurm?.FinishJob;
            SlurmSubmission.Submit(group.Key, plan, [.. group.Select(t => t.Seed)], sharedStages && group.All(t => t.Resume is null), reporter.Line);
            var after = Runs.GroupPlan.Read(group.Key).Slurm!;
            if (after.FinishJob is { } job && job != before) finishJobs.Add(job);
            (options, recipe) = (after.Options, plan.Recipe);
        }
        if (sweep is not null && finishJobs.Count > 0) SlurmSubmission.SubmitSweepFinish(sweep, options!, recipe!, finishJobs, reporter.Line);
        return null;
    }
}
