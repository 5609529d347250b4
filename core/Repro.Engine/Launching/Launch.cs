using Repro.Engine.Execution;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Sweeps;

namespace Repro.Engine.Launching;

/// <summary>
/// A checked launch, ready to execute: every recipe loaded, every configuration and seed planned, nothing written yet.
/// <see cref="Launcher"/> executes it; each kind is one case there.
/// </summary>
public abstract record Launch
{
    private protected Launch() { }
}

/// <summary>Nothing to do, and why (a finished run or group seed asked for again).</summary>
public sealed record NothingToDo(string Reason) : Launch;

/// <summary>Runs of a recipe in this process, one directory per seed (recorded in <paramref name="Group"/> when a group's child).</summary>
public sealed record RunLaunch(Recipe Recipe, RunOptions Options, string? Group) : Launch;

/// <summary>Continues an unfinished run directory with its own recipe (recorded in <paramref name="Group"/> when a group's child), saying <paramref name="Note"/> first.</summary>
public sealed record ResumeRunLaunch(Recipe Recipe, RunFiles Run, RunOptions Options, string? Group, string? Note = null) : Launch;

/// <summary>A new group folder: <paramref name="Plan"/>'s seeds of <paramref name="Recipe"/>, each planned.</summary>
public sealed record GroupLaunch(Recipe Recipe, GroupPlan Plan, RunOptions Options) : Launch;

/// <summary>A new sweep folder: one group per configuration (each recipe loaded and each seed planned), then the choice on dev.</summary>
public sealed record SweepLaunch(Recipe Recipe, SweepPlan Plan, GroupPlan Template, IReadOnlyList<Recipe> Configurations, RunOptions Options) : Launch;

/// <summary>Continues a group folder's unfinished seeds with the group's executor.</summary>
public sealed record ResumeGroupLaunch(GroupFolder Group, int Jobs) : Launch;

/// <summary>Continues a sweep folder's unfinished configurations, then chooses on dev.</summary>
public sealed record ResumeSweepLaunch(SweepFolder Sweep, int Jobs) : Launch;

/// <summary>Runs each training stage's first <paramref name="Steps"/> steps twice in fresh processes and compares them.</summary>
public sealed record DeterminismLaunch(LaunchRequest Request, long Seed, int Steps) : Launch;
