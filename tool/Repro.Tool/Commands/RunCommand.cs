using Cocona;
using Cocona.Application;
using Repro.Engine;
using Repro.Engine.Execution;
using Repro.Engine.Caching;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Slurm;
using Repro.Engine.Sweeps;
using Repro.Tool.Output;

namespace Repro.Tool.Commands;

/// <summary><c>repro run</c>.</summary>
public sealed class RunCommand(ICoconaAppContextAccessor context)
{
    /// <summary>Runs a recipe (one run directory per seed), or resumes an unfinished run.</summary>
    [Command("run", Description = "Run a recipe (each seed gets its own run directory), or continue an unfinished run with --resume")]
    public int Run(
        [Argument(Description = "Recipe file (.yaml)")] string? recipe,
        PluginPathOptions plugins,
        [Option("seed", Description = "Run only this seed instead of the recipe's seeds")] string? seed = null,
        [Option("seeds", Description = "Run these seeds instead of the recipe's and write a group: e.g. 1..5, 1,3,7 or 1..3,9")] string? seeds = null,
        [Option("device", Description = "cpu or cuda[:N]; overrides recipe.device")] string? device = null,
        [Option("out", Description = "Folder for run directories")] string @out = "runs",
        [Option("set", Description = "Override a recipe field, e.g. stages.target.optimizer.lr=2e-5; repeatable")] string[]? set = null,
        [Option("resume", Description = "Continue the unfinished run in this run directory from its newest checkpoint")] string? resume = null,
        [Option("allow-plugin-drift", Description = "With --resume: continue even if a plugin assembly changed")] bool allowPluginDrift = false,
        [Option("cache", Description = "Stage cache folder (default: $REPRO_CACHE, else ~/.cache/repro)")] string? cache = null,
        [Option("no-cache", Description = "Compute every stage; neither read nor write the stage cache")] bool noCache = false,
        [Option("check-determinism", Description = "Run each training stage's first --steps steps twice in fresh processes and report the first divergence")] bool checkDeterminism = false,
        [Option("steps", Description = "With --check-determinism: steps per stage", ValueName = "N")] string stepsText = "20",
        [Option("grid", Description = "Sweep a recipe field over values, e.g. stages.target.optimizer.lr=1e-4,3e-4 (replaces the recipe's sweep axis of that path); repeatable")] string[]? grid = null,
        [Option("executor", Description = "Where the seeds run: local (this machine) or slurm (a job array)")] string executor = "local",
        [Option("jobs", Description = "With --executor local: seeds run at once, each in its own process", ValueName = "N")] string jobsText = "1",
        [Option("slurm-partition", Description = "With --executor slurm: partition")] string? slurmPartition = null,
        [Option("slurm-time", Description = "With --executor slurm: time limit per job, e.g. 02:00:00")] string? slurmTime = null,
        [Option("slurm-cpus", Description = "With --executor slurm: CPUs per task (default: the recipe's threads)", ValueName = "N")] string? slurmCpusText = null,
        [Option("slurm-mem", Description = "With --executor slurm: memory per job, e.g. 8G")] string? slurmMem = null,
        [Option("slurm-gres", Description = "With --executor slurm: generic resources, e.g. gpu:1")] string? slurmGres = null,
        [Option("slurm-account", Description = "With --executor slurm: account to charge")] string? slurmAccount = null,
        [Option("slurm-arg", Description = "With --executor slurm: an extra sbatch argument; repeatable")] string[]? slurmArg = null,
        [Option("group"), Hidden] string? group = null,
        [Option("max-steps"), Hidden] int? maxSteps = null,
        [Option("trace"), Hidden] string? trace = null) =>
        CommandGuard.Run(() =>
        {
            var cancel = context.Current!.CancellationToken;
            if (seed is not null && seeds is not null) throw new ReproException("give --seed N (one seed) or --seeds LIST (a group), not both");
            var list = seeds is null ? null : SeedList.Parse(seeds);
            long? single = seed is null ? null : SeedList.Parse(seed, "--seed") is [var one] ? one
                : throw new ReproException($"--seed takes one seed, not '{seed}'; use --seeds for several");
            var options = new RunOptions(OutputFolder.FullPath(@out), single is { } s ? [s] : null, device, Environment.GetCommandLineArgs(), allowPluginDrift,
                noCache || trace is not null ? null : OutputFolder.FullPath(cache ?? StageCache.DefaultRoot, "--cache"), maxSteps, trace is null ? null : Path.GetFullPath(trace));
            if (executor is not ("local" or "slurm")) throw new ReproException($"unknown --executor '{executor}'; use local or slurm");
            var jobs = NumberOption.Int("--jobs", jobsText, 1, 1024);
            var steps = NumberOption.Int("--steps", stepsText, 1, 1_000_000);
            int? slurmCpus = slurmCpusText is null ? null : NumberOption.Int("--slurm-cpus", slurmCpusText, 1, 4096);
            if (executor == "slurm" && jobs != 1) throw new ReproException("--jobs is for --executor local; Slurm runs every seed as its own array task");
            var slurmGiven = slurmPartition ?? slurmTime ?? slurmMem ?? slurmGres ?? slurmAccount ?? (slurmCpus ?? slurmArg?.Length)?.ToString();
            if (executor != "slurm" && slurmGiven is not null) throw new ReproException("--slurm-* options need --executor slurm");
            if (group is not null && !GroupPlan.IsGroup(Path.GetFullPath(group)))
                throw new ReproException($"--group {group} is not a group folder (no {GroupPlan.FileName})");
            if (group is not null && single is { } groupSeed && resume is null && recipe is not null
                && GroupSeeds.Read(Path.GetFullPath(group)).TryGetValue(groupSeed, out var earlier))
            {
                // a requeued or repeated task of a group continues its own run directory
                var earlierRun = GroupSeeds.RunOf(Path.GetFullPath(group), earlier);
                if (!File.Exists(new RunFiles(earlierRun).Incomplete))
                {
                    Console.WriteLine($"seed {groupSeed} of this group has finished in {earlierRun}; nothing to do");
                    return ExitCodes.Ok;
                }
                Console.WriteLine($"seed {groupSeed} of this group has an unfinished run; resuming {earlierRun}");
                (recipe, set, seed, resume) = (null, null, null, earlierRun);
            }
            if (group is not null && (seed is null || seeds is not null) && resume is null)
                throw new ReproException("--group records one seed's run in a group folder: give it with --seed N");
            if (group is not null && grid is not null) throw new ReproException("--grid starts a sweep; a run recorded in a group (--group) is one configuration");
            if (resume is not null && SweepPlan.IsSweep(Path.GetFullPath(resume)))
            {
                if (recipe is not null || set is not null || seed is not null || seeds is not null || grid is not null)
                    throw new ReproException("--resume SWEEP continues the sweep as it was planned: give no recipe, --set, --grid, --seed or --seeds with it");
                return SweepRun.Resume(Path.GetFullPath(resume), jobs);
            }
            if (resume is not null && GroupPlan.IsGroup(Path.GetFullPath(resume)))
            {
                if (recipe is not null || set is not null || seed is not null || seeds is not null)
                    throw new ReproException("--resume GROUP continues the group as it was planned: give no recipe, --set, --seed or --seeds with it");
                return GroupRun.Resume(Path.GetFullPath(resume), jobs);
            }
            if (resume is not null)
            {
                if (recipe is not null || set is not null || seed is not null || seeds is not null || grid is not null)
                    throw new ReproException("--resume continues a run exactly as it started: give no recipe, --set, --grid, --seed or --seeds with it");
                var files = new RunFiles(Path.GetFullPath(resume));
                if (!File.Exists(files.Recipe)) throw new ReproException($"{resume} is not a run directory (no recipe.yaml)");
                if (!File.Exists(files.Incomplete))
                {
                    Console.WriteLine($"{resume} is complete; nothing to resume");
                    return ExitCodes.Ok;
                }
                var (resolved, _) = RecipeLoader.Load(files.Recipe, [], plugins.Paths, recorded: files.ReadManifest());
                var result = ConsoleProgress.Run(observer => new RecipeRunner(resolved, InGroup(observer)).Resume(files, options, cancel));
                ResultTable.Print([result]);
                return ExitCodes.Ok;
            }
            if (recipe is null) throw new ReproException("give a recipe file, or --resume RUN_DIRECTORY");
            OutputFolder.Check(@out);
            var (loaded, _) = RecipeLoader.Load(recipe, set ?? [], plugins.Paths);
            if (checkDeterminism)
                return DeterminismCheck.Run(recipe, loaded.Seeds[0], steps, set ?? [], plugins.Paths, device, cancel);
            var sweep = group is null ? SweepSpec.WithGrid(loaded.Sweep, grid ?? []) : null;
            if (list is null && (single is null && loaded.Seeds.Count > 1 || sweep is not null)) list = single is { } only ? [only] : [.. loaded.Seeds];
            if (list is null)
            {
                if (executor == "slurm") throw new ReproException("--executor slurm runs the seeds of a group: give --seeds, or a recipe with several seeds");
                if (jobs > 1) throw new ReproException("--jobs runs the seeds of a group at once: give --seeds, or a recipe with several seeds");
                ResultTable.Print(ConsoleProgress.Run(observer => new RecipeRunner(loaded, InGroup(observer)).Run(options, cancel)));
                return ExitCodes.Ok;
            }
            var plan = new GroupPlan(loaded.Id, Path.GetFullPath(recipe), list, executor, jobs, options.RunsRoot, options.CacheRoot,
                set ?? [], [.. plugins.Paths.Select(Path.GetFullPath)], device,
                executor == "slurm" ? new GroupSlurm(SlurmDefaults.FromUserFile().Under(loaded.Executor ?? SlurmDefaults.None)
                    .Under(new SlurmDefaults(slurmPartition, slurmTime, slurmCpus, slurmMem, slurmGres, slurmAccount, slurmArg ?? [])).ToOptions(loaded.Threads),
                    null, null, null, [], null) : null);
            if (sweep is not null) return SweepRun.Start(recipe, loaded, sweep, plan, plugins.Paths, options, cancel);
            if (executor == "slurm") SlurmSubmission.CheckSbatch();
            var folder = GroupFile.NewFolder(options.RunsRoot, loaded.Id);
            plan.Write(folder);
            if (executor == "slurm") return SlurmSubmission.Submit(folder, plan, list, sharedStages: loaded.Stages.Any(s => s.Seed is not null));
            if (jobs > 1) return GroupRun.InChildren(folder, plan, list, jobs, loaded.Threads);
            ResultTable.Print(GroupRun.InProcess(folder, loaded, list, options, cancel));
            var path = GroupSeeds.Finish(folder, loaded.Id, loaded.Document.Path, list);
            GroupTable.Print(GroupFile.Read(path), path);
            return ExitCodes.Ok;

            IRunObserver InGroup(IRunObserver observer) => group is null ? observer : new GroupSeedObserver(observer, Path.GetFullPath(group));
        });
}
