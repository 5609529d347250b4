namespace Repro.Engine.Launching;

/// <summary>
/// The local executor with <c>--jobs N</c>: each seed (of each sweep configuration) runs as a child <c>repro run RECIPE --seed S
/// --group G</c>, at most N at once; each child keeps the recipe's thread count, so its metrics are bitwise those of a sequential run.
/// </summary>
internal sealed class ChildProcessExecutor(int jobs, int threads, bool inSweep, ILaunchReporter reporter) : ILaunchExecutor
{
    public IReadOnlyList<SeedTask>? Execute(IReadOnlyList<SeedTask> tasks)
    {
        if (jobs * threads > Environment.ProcessorCount)
            reporter.Line($"warning: {jobs} jobs × {threads} threads each = {jobs * threads} threads on {Environment.ProcessorCount} cores; runs will be slower, not different");
        return ChildRuns.Run(tasks, jobs, t => t.Label(inSweep), t => t.Arguments);
    }
}
