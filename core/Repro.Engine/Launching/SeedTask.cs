using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Launching;

/// <summary>
/// One seed of a group to run: fresh (with the group's configured <paramref name="Recipe"/> when it runs in this process),
/// or the continuation of its unfinished run directory <paramref name="Resume"/>.
/// </summary>
public sealed record SeedTask(string Group, GroupPlan Plan, long Seed, Recipe? Recipe = null, string? Resume = null)
{
    /// <summary>How output lines and failures name it: <c>seed 3</c>, or <c>c2 seed 3</c> inside a sweep.</summary>
    public string Label(bool inSweep) => inSweep ? $"{Path.GetFileName(Group)} seed {Seed}" : $"seed {Seed}";

    /// <summary>The arguments of this seed's run as its own process.</summary>
    public IReadOnlyList<string> Arguments => Resume is null ? GroupArguments.Fresh(Group, Plan, Seed) : GroupArguments.Resumed(Group, Plan, Resume);
}

/// <summary>Where a group's seeds run: one implementation per executor.</summary>
public interface ILaunchExecutor
{
    /// <summary>
    /// Runs or submits <paramref name="tasks"/> (in their order); returns the tasks that did not finish, or null when they were
    /// submitted to a scheduler and finish later.
    /// </summary>
    IReadOnlyList<SeedTask>? Execute(IReadOnlyList<SeedTask> tasks);
}
