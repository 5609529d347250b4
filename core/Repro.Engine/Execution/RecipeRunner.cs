using System.Diagnostics;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text;
using Repro.Contracts;
using Repro.Engine.Caching;
using Repro.Engine.Data;
using Repro.Engine.Determinism;
using Repro.Engine.Planning;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using Repro.Engine.Training;

namespace Repro.Engine.Execution;

/// <summary>A finished run of one seed.</summary>
public sealed record RunResult(long Seed, string Directory, MetricsFile Metrics);

/// <summary>Runs a resolved recipe, one run directory per seed, stages in order.</summary>
public sealed class RecipeRunner(Recipe recipe, IRunObserver observer)
{
    /// <summary>Runs every seed of <see cref="RunOptions.Seeds"/> (the recipe's when null), one after another: the one seed loop of run, verify and Repro.Testing.</summary>
    public IReadOnlyList<RunResult> Run(RunOptions options, CancellationToken cancel = default) =>
        (options.Seeds ?? recipe.Seeds).Select(s =>
            Execute(() => RunFiles.Create(options.RunsRoot, recipe.Id, s), s, options, previous: null, cancel)).ToList();

    /// <summary>
    /// Continues an unfinished run in its own directory: finished stages are kept, the stage that was
    /// running restarts from its newest checkpoint, and the results are bitwise those of an uninterrupted run.
    /// The recipe must be the run's own <c>recipe.yaml</c>.
    /// </summary>
    public RunResult Resume(RunFiles files, RunOptions options, CancellationToken cancel = default)
    {
        if (!File.Exists(files.Manifest))
            throw new ReproException($"{files.Directory} has no manifest.json: it was never started, so there is nothing to resume; start it again with repro run");
        var previous = Json.Read<Manifest>(files.Manifest);
        if (!File.Exists(files.Incomplete))
            throw new ReproException($"{files.Directory} is already complete; nothing to resume");
        return Execute(() => files, previous.Seed, options, previous, cancel);
    }

    /// <summary>
    /// Runs one seed. The data, the tokenizer and every checkpoint are loaded and checked before
    /// <paramref name="runDirectory"/> is asked for, so bad input leaves no run directory behind.
    /// </summary>
    private RunResult Execute(Func<RunFiles> runDirectory, long seed, RunOptions options, Manifest? previous, CancellationToken cancel)
    {
        var failure = new RunFailure();
        try { return Execute(runDirectory, seed, options, previous, cancel, failure); }
        catch (Exception e) when (failure.Record(e)) { throw; } // Record returns false: the exception goes on unchanged
    }

    private RunResult Execute(Func<RunFiles> runDirectory, long seed, RunOptions options, Manifest? previous, CancellationToken cancel, RunFailure failure)
    {
        using var planned = new PlanningMemo();
        var plan = RunPlanner.Plan(recipe, seed, options.Device, observer, planned);
        var (device, resolved, seeds, tokenizer) = (plan.Device, plan.ResolvedRecipe, plan.Seeds, plan.Tokenizer);
        if (previous is not null && device.type == TorchSharp.DeviceType.CUDA)
            observer.Info("resuming on CUDA: TorchSharp 0.107 cannot save the CUDA generator, so the random numbers drawn on the GPU after the checkpoint " +
                          "(dropout masks) differ from an uninterrupted run's; the resumed run is a valid run, not a bitwise continuation (docs/determinism.md)");

        var files = runDirectory();
        using var runLock = files.Lock();
        // A new run's directory is its own from the start. A resumed run is taken over only once the drift check passed: a refused
        // resume (drift, data that no longer loads) leaves the run as it was, with no error.log and no failed status.
        if (previous is null) failure.Files = files;
        observer.RunStarted(recipe.Id, seed, files.Directory);
        if (previous is null) AtomicFile.WriteText(files.Recipe, resolved);
        var tokenCache = options.CacheRoot is null ? null : new TokenCache(options.CacheRoot);
        var loaded = plan.Tasks.DistinctBy(t => t.Task).ToDictionary(t => t.Task, t => new LoadedTask(t.Task, t.Fingerprint, tokenizer, tokenCache, observer.Info));
        var manifest = NewManifest(plan, options, loaded, DateTime.UtcNow);
        if (previous is not null)
        {
            RunDrift.Check(previous, manifest, options.AllowPluginDrift);
            failure.Files = files;
            manifest = manifest with { StartedUtc = previous.StartedUtc, CommandLine = previous.CommandLine, Resumed = [.. previous.Resumed ?? [], DateTime.UtcNow] };
        }
        Json.Write(files.Manifest, manifest);
        failure.Manifest = manifest;
        AtomicFile.WriteText(files.Vocabulary, string.Concat(tokenizer.Tokens.Select(t => t.Replace("\n", "\\n").Replace("\r", "\\r") + "\n")));

        using var log = new StepLog(files.Steps, files.TensorBoard);
        using var trace = options.TracePath is null ? null : new StepTrace(options.TracePath);
        using var profile = options.ProfilePath is null ? null : new StepProfile(options.ProfilePath);
        var context = new RunContext(plan.Recipe, seeds, device, tokenizer, files, log, observer, cancel, options.MaxSteps, trace, planned, profile);
        var runner = new StageRunner(context);
        var cache = options.CacheRoot is null ? null : new StageCache(options.CacheRoot);
        var stages = new SortedDictionary<string, ManifestStage>(StringComparer.Ordinal);
        var metrics = new MetricsFile(recipe.Id, seed, new(StringComparer.Ordinal));
        var logOffset = 0L;
        foreach (var stagePlan in plan.Stages)
        {
            var (stage, model) = (stagePlan.Spec, stagePlan.Model);
            var clock = Stopwatch.StartNew();
            var (key, material) = plan.Keys[stage.Name];
            string source;
            string? damaged = null;
            CacheLock? held = null;
            if (StageRecord.Read(files, stage.Name) is { } done)
            {
                metrics.Stages[stage.Name] = done.Metrics;
                observer.Info($"stage '{stage.Name}' finished before the resume; keeping its results");
                logOffset = done.LogOffset;
                source = previous?.Stages.GetValueOrDefault(stage.Name)?.Source ?? "resumed";
            }
            else if (cache is not null && RestoreOrLock(cache, key, stage.Name, files, recipe.Id, observer, cancel, out damaged, out held) is { } cached)
            {
                Json.Write(Path.Combine(files.Stage(stage.Name), StageRecord.FileName), cached with { LogOffset = logOffset });
                metrics.Stages[stage.Name] = cached.Metrics;
                observer.Info($"stage '{stage.Name}': reused from the cache (key {key[..12]})");
                source = "cache";
            }
            else
            {
                if (damaged is not null) observer.Info($"stage '{stage.Name}': the cache entry {key[..12]} is damaged ({damaged}); it was removed and the stage is recomputed");
                // A stage restarting from scratch drops its partial log; one with a checkpoint truncates to it.
                if (!new Checkpoints(files.Stage(stage.Name)).Exist) log.TruncateTo(logOffset);
                using (held)
                {
                    var record = stage.Match(
                        training: training => runner.Train(stagePlan, training, [.. stagePlan.Tasks.Select(t => (t, loaded[t.Task]))]),
                        evaluate: _ => runner.Evaluate(stagePlan, [.. stagePlan.Tasks.Select(t => (t, loaded[t.Task]))]),
                        fuse: fuse => runner.Fuse(stagePlan, fuse),
                        baseline: baseline => runner.Baseline(baseline, loaded[stagePlan.Tasks.Single().Task]));
                    metrics.Stages[stage.Name] = record.Metrics;
                    logOffset = log.Offset;
                    cache?.Store(key, material, stage.Name, files, record, recipe.Id);
                }
                source = "computed";
            }
            stages[stage.Name] = new ManifestStage(key, source, Math.Round(clock.Elapsed.TotalSeconds, 3),
                context.ModelNotes.GetValueOrDefault(stage.Name) is { Count: > 0 } notes ? notes : null, plan.Recipe.NestedAncestry(stage));
            Json.Write(files.Metrics, metrics);
        }

        manifest = manifest with { Status = "complete", FinishedUtc = DateTime.UtcNow, SeedTree = seeds.Issued, Stages = stages };
        Json.Write(files.Manifest, manifest);
        AtomicFile.WriteText(files.Report, RunReport.Render(manifest, metrics));
        File.Delete(files.Incomplete);
        return new RunResult(seed, files.Directory, metrics);
    }

    /// <summary>
    /// The cached stage for <paramref name="key"/>, or null with the key's <see cref="CacheLock"/> held in
    /// <paramref name="held"/>: a process that finds the key locked waits for the holder's entry instead of
    /// computing the same stage twice.
    /// </summary>
    private static StageRecord? RestoreOrLock(StageCache cache, string key, string stage, RunFiles files, string recipeId,
        IRunObserver observer, CancellationToken cancel, out string? damaged, out CacheLock? held)
    {
        held = null;
        if (cache.TryRestore(key, stage, files, recipeId, out damaged) is { } cached) return cached;
        held = CacheLock.Acquire(cache.Root, key, observer.Info, cancel);
        if (cache.TryRestore(key, stage, files, recipeId, out var late) is not { } stored)
        {
            damaged ??= late;
            return null;
        }
        held.Dispose();
        held = null;
        return stored;
    }

    /// <summary>Every checkpoint the recipe's models load, where each is named.</summary>
    private List<ManifestCheckpoint> Checkpoints() =>
        recipe.Stages.Select(s => ($"stages.{s.Name}.model", s.Model)).Prepend(("recipe.model", recipe.Model))
            .Select(m => (Where: m.Item1, m.Item2?.Checkpoint)).Where(m => m.Checkpoint is not null)
            .Select(m => new ManifestCheckpoint(m.Where, m.Checkpoint!.Name, m.Checkpoint.Folder, m.Checkpoint.Files)).ToList();

    /// <summary>The package a plugin came from, as the manifest records it.</summary>
    internal static ManifestPackage? ManifestPackageOf(PluginInfo plugin) =>
        plugin.Package is { } p ? new ManifestPackage(p.Id, p.Version, p.Source, p.Sha512) : null;

    private Manifest NewManifest(RunPlan plan, RunOptions options, Dictionary<ITask, LoadedTask> loaded, DateTime started)
    {
        var plugins = recipe.Components.Select(c => c.Plugin).Distinct().OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new ManifestPlugin(p.Id, p.Version.ToString(), p.Kind.ToString().ToLowerInvariant(),
                p.Determinism.ToString().ToLowerInvariant(), p.AssemblyPath, p.AssemblySha256, ManifestPackageOf(p)))
            .ToList();
        var taskInfo = new SortedDictionary<string, ManifestTask>(StringComparer.Ordinal);
        foreach (var (key, _, component, planned, _, fingerprint) in plan.Tasks)
        {
            var task = loaded[planned];
            taskInfo[key] = new ManifestTask(component.Id, fingerprint,
                new SortedDictionary<string, int>(task.Task.Splits.ToDictionary(s => s, s => task.Task.Get(s).Count), StringComparer.Ordinal),
                task.Task is ITaskNotes { Notes.Count: > 0 } noted ? noted.Notes : null,
                plan.Leaks[key].Count > 0 ? new SortedDictionary<string, int>(plan.Leaks[key].ToDictionary(l => l.Split, l => l.Count), StringComparer.Ordinal) : null,
                ChanceLevel.Of(task.Task));
        }
        return new Manifest(
            Format: 1,
            Recipe: new ManifestRecipe(recipe.Name, recipe.Version.ToString(), recipe.Document.Origin,
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plan.ResolvedRecipe))), Provenance.Git(recipe.Document.Directory), plan.ResolvedRecipe),
            Seed: plan.Seed,
            SeedTree: plan.Seeds.Issued,
            CommandLine: options.CommandLine ?? [],
            Software: new ManifestSoftware(Provenance.VersionOf(typeof(RecipeRunner)), Provenance.VersionOf(typeof(IPlugin)),
                Provenance.VersionOf(typeof(TorchSharp.torch)), Provenance.LibTorchVersion(), Provenance.Runtime(), Provenance.RuntimePackages()),
            Plugins: plugins,
            Tasks: taskInfo,
            Tokenizer: plan.Tokenizer.Describe(),
            Machine: new ManifestMachine(Provenance.OperatingSystem(), Numerics.CpuModel(), Numerics.CpuCapability(), Environment.ProcessorCount,
                TorchSharp.torch.get_num_threads(), plan.Device.ToString(), Numerics.Environment()),
            Status: "running",
            StartedUtc: started,
            FinishedUtc: null,
            Stages: new SortedDictionary<string, ManifestStage>(),
            Checkpoints: Checkpoints() is { Count: > 0 } checkpoints ? checkpoints : null,
            Scheduler: ManifestScheduler.FromEnvironment());
    }
}
