using Repro.Engine.Execution;

namespace Repro.Engine.Launching;

/// <summary>The local executor without <c>--jobs</c>: each group's seeds run one after another in this process.</summary>
internal sealed class InProcessExecutor(RunOptions options, ILaunchReporter reporter, CancellationToken cancel) : ILaunchExecutor
{
    public IReadOnlyList<SeedTask>? Execute(IReadOnlyList<SeedTask> tasks)
    {
        var groups = tasks.GroupBy(t => t.Group).ToList();
        foreach (var group in groups)
        {
            var first = group.First();
            var recipe = first.Recipe ?? throw new InvalidOperationException("a seed run in this process has its recipe");
            if (groups.Count > 1) reporter.Line($"configuration {Path.GetFileName(group.Key)} ({string.Join(", ", first.Plan.Set)})");
            reporter.Runs(reporter.Progress(observer => new RecipeRunner(recipe, new GroupSeedObserver(observer, group.Key))
                .Run(options with { Seeds = [.. group.Select(t => t.Seed)] }, cancel)));
        }
        return [];
    }
}
