using Cocona;
using Repro.Engine;
using Repro.Engine.Caching;
using Repro.Engine.Execution;
using Repro.Engine.Launching;
using Repro.Engine.Runs;
using Repro.Engine.Slurm;

namespace Repro.Tool.Commands;

/// <summary>The options of <c>repro run</c>, bound into a <see cref="LaunchRequest"/>: numbers and names are parsed here, nothing else is decided.</summary>
public sealed record RunArguments(
    [Argument(Description = "Recipe file (.yaml)")] string? Recipe,
    [Option("seed", Description = "Run only this seed instead of the recipe's seeds")] string? Seed,
    [Option("seeds", Description = "Run these seeds instead of the recipe's and write a group: e.g. 1..5, 1,3,7 or 1..3,9")] string? Seeds,
    [Option("device", Description = "cpu or cuda[:N]; overrides recipe.device")] string? Device,
    [Option("out", Description = "Folder for run directories (default: runs)")] string? Out,
    [Option("set", Description = "Override a recipe field, e.g. stages.target.optimizer.lr=2e-5; repeatable")] string[]? Set,
    [Option("resume", Description = "Continue the unfinished run, group or sweep in this folder as it was planned")] string? Resume,
    [Option("allow-plugin-drift", Description = "With --resume: continue even if a plugin assembly changed")] bool AllowPluginDrift,
    [Option("cache", Description = "Stage cache folder (default: $REPRO_CACHE, else ~/.cache/repro)")] string? Cache,
    [Option("no-cache", Description = "Compute every stage; neither read nor write the stage cache")] bool NoCache,
    [Option("check-determinism", Description = "Run each training stage's first --steps steps twice in fresh processes and report the first divergence")] bool CheckDeterminism,
    [Option("steps", Description = "With --check-determinism: steps per stage (default 20)", ValueName = "N")] string? Steps,
    [Option("grid", Description = "Sweep a recipe field over values, e.g. stages.target.optimizer.lr=1e-4,3e-4 (replaces the recipe's sweep axis of that path); repeatable")] string[]? Grid,
    [Option("executor", Description = "Where the seeds run: local (this machine) or slurm (a job array)")] string? Executor,
    [Option("jobs", Description = "With --executor local: seeds run at once, each in its own process (default 1)", ValueName = "N")] string? Jobs,
    [Option("slurm-partition", Description = "With --executor slurm: partition")] string? SlurmPartition,
    [Option("slurm-time", Description = "With --executor slurm: time limit per job, e.g. 02:00:00")] string? SlurmTime,
    [Option("slurm-cpus", Description = "With --executor slurm: CPUs per task (default: the recipe's threads)", ValueName = "N")] string? SlurmCpus,
    [Option("slurm-mem", Description = "With --executor slurm: memory per job, e.g. 8G")] string? SlurmMem,
    [Option("slurm-gres", Description = "With --executor slurm: generic resources, e.g. gpu:1")] string? SlurmGres,
    [Option("slurm-account", Description = "With --executor slurm: account to charge")] string? SlurmAccount,
    [Option("slurm-arg", Description = "With --executor slurm: an extra sbatch argument; repeatable")] string[]? SlurmArg,
    [Option("group"), Hidden] string? Group,
    [Option("max-steps"), Hidden] int? MaxSteps,
    [Option("trace"), Hidden] string? Trace,
    [Option("profile"), Hidden] string? Profile) : ICommandParameterSet
{
    /// <summary>The request these options make, with <paramref name="plugins"/>.</summary>
    public LaunchRequest ToRequest(IReadOnlyList<string> plugins) => new(
        Recipe, Resume, Set ?? [],
        Seed is null ? null : SeedList.Parse(Seed, "--seed") is [var one] ? one : throw new ReproException($"--seed takes one seed, not '{Seed}'; use --seeds for several"),
        Seeds is null ? null : SeedList.Parse(Seeds),
        Grid ?? [],
        Executor switch
        {
            null or "local" => ExecutorKind.Local,
            "slurm" => ExecutorKind.Slurm,
            _ => throw new ReproException($"unknown --executor '{Executor}'; use local or slurm"),
        },
        NumberOption.Int("--jobs", Jobs ?? "1", 1, 1024),
        new SlurmDefaults(SlurmPartition, SlurmTime, SlurmCpus is null ? null : NumberOption.Int("--slurm-cpus", SlurmCpus, 1, 4096), SlurmMem, SlurmGres, SlurmAccount, SlurmArg ?? []),
        Device,
        Out ?? "runs",
        NoCache || Trace is not null ? null : OutputPath.Folder(Cache ?? StageCache.DefaultRoot, "--cache", "the stage cache"),
        plugins,
        Environment.GetCommandLineArgs(),
        AllowPluginDrift,
        CheckDeterminism,
        NumberOption.Int("--steps", Steps ?? "20", 1, 1_000_000),
        Group, MaxSteps, Trace is null ? null : OutputPath.File(Trace, "--trace"), Profile is null ? null : OutputPath.File(Profile, "--profile"));
}
