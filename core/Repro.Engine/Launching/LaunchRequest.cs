using Repro.Engine.Slurm;

namespace Repro.Engine.Launching;

/// <summary>Where the seeds of a group run: this machine (in this process, or <c>--jobs N</c> children) or a Slurm job array.</summary>
public enum ExecutorKind
{
    /// <summary>This machine.</summary>
    Local,
    /// <summary>A Slurm job array.</summary>
    Slurm,
}

/// <summary>
/// What <c>repro run</c> was asked to do, as typed: a recipe (with overrides, seeds, a grid) or a folder to resume, where to run
/// it, and the options every run shares. <see cref="LaunchPlanner"/> turns it into a checked <see cref="Launch"/>.
/// </summary>
/// <param name="RunsRoot">The folder for run directories (<c>--out</c>) as given; checked before a fresh launch writes anything.</param>
/// <param name="Seed">One seed (<c>--seed</c>), instead of the recipe's.</param>
/// <param name="Seeds">A group's seeds (<c>--seeds</c>).</param>
/// <param name="Slurm">The <c>--slurm-*</c> options given; the recipe's and the user file's fill the rest.</param>
/// <param name="Group">(Child runs) the group folder that records this run.</param>
/// <param name="MaxSteps">(Determinism checks) stop each training stage after this many steps.</param>
/// <param name="TracePath">(Determinism checks) write every step's trace here.</param>
/// <param name="ProfilePath">(The bench's step split) write where the training steps' time went here.</param>
public sealed record LaunchRequest(
    string? RecipePath,
    string? Resume,
    IReadOnlyList<string> Set,
    long? Seed,
    IReadOnlyList<long>? Seeds,
    IReadOnlyList<string> Grid,
    ExecutorKind Executor,
    int Jobs,
    SlurmDefaults Slurm,
    string? Device,
    string RunsRoot,
    string? CacheRoot,
    IReadOnlyList<string> PluginPaths,
    IReadOnlyList<string> CommandLine,
    bool AllowPluginDrift = false,
    bool CheckDeterminism = false,
    int DeterminismSteps = 20,
    string? Group = null,
    int? MaxSteps = null,
    string? TracePath = null,
    string? ProfilePath = null)
{
    /// <summary>Whether any <c>--slurm-*</c> option was given.</summary>
    public bool SlurmGiven => Slurm != SlurmDefaults.None && (Slurm.Partition ?? Slurm.Time ?? Slurm.Mem ?? Slurm.Gres ?? Slurm.Account) is not null
        || Slurm.Cpus is not null || Slurm.Args.Count > 0;
}
