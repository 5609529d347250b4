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

namespace Repro.Engine;

/// <summary>How to run a recipe.</summary>
/// <param name="RunsRoot">Folder that holds <c>name@version/run-id</c> folders.</param>
/// <param name="Seed">Run only this seed instead of the recipe's seeds.</param>
/// <param name="Device">Override of recipe.device.</param>
/// <param name="CommandLine">The command as typed, for the manifest.</param>
/// <param name="AllowPluginDrift">Resume even when a plugin assembly differs from the one the run started with.</param>
/// <param name="CacheRoot">The stage cache folder, or null to compute every stage.</param>
/// <param name="MaxSteps">Stop each training stage after this many steps (determinism checks).</param>
/// <param name="TracePath">Write a <see cref="StepTrace"/> of every step here (determinism checks).</param>
public sealed record RunOptions(string RunsRoot, long? Seed = null, string? Device = null, IReadOnlyList<string>? CommandLine = null,
    bool AllowPluginDrift = false, string? CacheRoot = null, int? MaxSteps = null, string? TracePath = null);

/// <summary>A finished run of one seed.</summary>
public sealed record RunResult(long Seed, string Directory, MetricsFile Metrics);

/// <summary>Runs a resolved recipe, one run directory per seed, stages in order.</summary>
public sealed class RecipeRunner(Recipe recipe, IRunObserver observer)
{
    /// <summary>Runs every seed (or the one of <see cref="RunOptions.Seed"/>).</summary>
    public IReadOnlyList<RunResult> Run(RunOptions options, CancellationToken cancel = default) =>
        (options.Seed is { } seed ? [seed] : recipe.Seeds).Select(s =>
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
        var previous = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(files.Manifest), Json.Options)!;
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
        var device = Devices.Resolve(options.Device ?? recipe.Device);
        Numerics.PinThreads(recipe.Threads);
        var resolved = ResolvedRecipeWriter.Write(recipe, seed);
        var seeds = new SeedTree(seed);
        var tasksByKey = LoadTasks(seeds);
        var leaks = FindLeaks(tasksByKey);
        var tokenizer = BuildTokenizer(tasksByKey.GetValueOrDefault(recipe.Tokenizer.VocabularyFrom)
            ?? throw new ReproException($"tokenizer.vocabulary_from: stage '{recipe.Tokenizer.VocabularyFrom}' has no single task whose text could define the vocabulary"));
        if (device.type == TorchSharp.DeviceType.CPU && AvailableMemory.Bytes() is { } available) MemoryEstimate.Check(recipe, tokenizer, available);
        CheckModels(tokenizer);
        if (previous is not null && device.type == TorchSharp.DeviceType.CUDA)
            observer.Info("resuming on CUDA: TorchSharp 0.107 cannot save the CUDA generator, so the random numbers drawn on the GPU after the checkpoint " +
                          "(dropout masks) differ from an uninterrupted run's; the resumed run is a valid run, not a bitwise continuation (docs/determinism.md)");

        var files = runDirectory();
        using var runLock = files.Lock();
        failure.Files = files;
        observer.RunStarted(recipe.Id, seed, files.Directory);
        if (previous is null) AtomicFile.WriteText(files.Recipe, resolved);
        var tokenCache = options.CacheRoot is null ? null : new TokenCache(options.CacheRoot);
        var loaded = tasksByKey.Values.Distinct().ToDictionary(t => t, t => new LoadedTask(t, TaskFingerprint.Compute(t), tokenizer, tokenCache, observer.Info));
        var tasks = tasksByKey.ToDictionary(kv => kv.Key, kv => loaded[kv.Value]);
        var manifest = NewManifest(seed, seeds, options, tokenizer, tasks, leaks, resolved, device.ToString(), DateTime.UtcNow);
        if (previous is not null)
        {
            RunDrift.Check(previous, manifest, options.AllowPluginDrift);
            manifest = manifest with { StartedUtc = previous.StartedUtc, CommandLine = previous.CommandLine, Resumed = [.. previous.Resumed ?? [], DateTime.UtcNow] };
        }
        Json.Write(files.Manifest, manifest);
        failure.Manifest = manifest;
        AtomicFile.WriteText(files.Vocabulary, string.Concat(tokenizer.Tokens.Select(t => t.Replace("\n", "\\n").Replace("\r", "\\r") + "\n")));

        using var log = new StepLog(files.Steps, files.TensorBoard);
        using var trace = options.TracePath is null ? null : new StepTrace(options.TracePath);
        var context = new RunContext(recipe, seeds, device, tokenizer, files, log, observer, cancel, options.MaxSteps, trace);
        var runner = new StageRunner(context);
        var cache = options.CacheRoot is null ? null : new StageCache(options.CacheRoot);
        var outputs = new Dictionary<string, StageOutput>();
        var keys = new Dictionary<string, string>();
        var stages = new SortedDictionary<string, ManifestStage>(StringComparer.Ordinal);
        var metrics = new MetricsFile(recipe.Id, seed, new(StringComparer.Ordinal));
        var logOffset = 0L;
        foreach (var stage in recipe.Stages)
        {
            var clock = Stopwatch.StartNew();
            var model = StageRunner.ModelOf(stage, outputs, recipe);
            var fingerprint = string.Join("+", TasksOf(stage).Select(t => tasks[t.Key].Fingerprint));
            var (key, material) = StageKey.Compute(stage, seed, fingerprint, tokenizer.Hash, model,
                [.. stage.From.Select(f => keys[f])], manifest);
            keys[stage.Name] = key;
            string source;
            string? damaged = null;
            CacheLock? held = null;
            if (StageRecord.Read(files, stage.Name) is { } done)
            {
                outputs[stage.Name] = runner.Finished(stage, done, outputs);
                observer.Info($"stage '{stage.Name}' finished before the resume; keeping its results");
                logOffset = done.LogOffset;
                source = previous?.Stages.GetValueOrDefault(stage.Name)?.Source ?? "resumed";
            }
            else if (cache is not null && RestoreOrLock(cache, key, stage.Name, files, recipe.Id, observer, cancel, out damaged, out held) is { } cached)
            {
                Json.Write(Path.Combine(files.Stage(stage.Name), StageRecord.FileName), cached with { LogOffset = logOffset });
                outputs[stage.Name] = runner.Finished(stage, cached, outputs);
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
                    outputs[stage.Name] = stage.Kind switch
                    {
                        StageKind.Fuse => runner.Fuse(stage, outputs),
                        StageKind.Baseline => runner.Baseline(stage, tasks[TasksOf(stage).Single().Key], outputs),
                        _ => runner.Run(stage, [.. TasksOf(stage).Select(t => (t.Name, tasks[t.Key]))], outputs),
                    };
                    logOffset = log.Offset;
                    cache?.Store(key, material, stage.Name, files, StageRecord.Read(files, stage.Name)!, recipe.Id);
                }
                source = "computed";
            }
            stages[stage.Name] = new ManifestStage(key, source, Math.Round(clock.Elapsed.TotalSeconds, 3),
                context.ModelNotes.GetValueOrDefault(stage.Name) is { Count: > 0 } notes ? notes : null);
            metrics.Stages[stage.Name] = outputs[stage.Name].Metrics;
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

    /// <summary>Where a stage's task is filed: under the stage's name, or <c>stage.task</c> for a multitask stage's tasks.</summary>
    private static string TaskKey(StageSpec stage, string name) => stage.Mixture is null ? stage.Name : $"{stage.Name}.{name}";

    private static IEnumerable<(string Key, string Name, Component Task)> TasksOf(StageSpec stage) =>
        stage.NamedTasks.Select(t => (TaskKey(stage, t.Name), t.Name, t.Task));

    /// <summary>Every stage's tasks by <see cref="TaskKey"/>; a task with the same parameters and data seed is loaded once.</summary>
    private Dictionary<string, ITask> LoadTasks(SeedTree seeds)
    {
        var byKey = new Dictionary<string, ITask>();
        var loaded = new Dictionary<string, ITask>();
        foreach (var stage in recipe.Stages)
        foreach (var (taskKey, _, component) in TasksOf(stage))
        {
            var dataSeed = seeds.Derive($"data:{component.Id}", stage.Seed);
            var key = component.Id + "\n" + string.Join("\n", component.Plugin.Parameters.Select(p => $"{p.Name}={ParameterBinder.Format(p.Property.GetValue(component.Parameters))}")) + $"\nseed={dataSeed}";
            if (!loaded.TryGetValue(key, out var task))
            {
                var context = new TaskContext(recipe.Document.Directory, dataSeed);
                task = PluginCall.Run(component, stage.Name, "Load", () => ((ITaskPlugin)component.Plugin.Instance).Load(component.Parameters, context));
                loaded[key] = task;
            }
            CheckTarget(stage, component, task);
            byKey[taskKey] = task;
        }
        foreach (var (key, task) in loaded)
            if (task is ITaskNotes { Notes: var notes })
                foreach (var note in notes) observer.Info($"task '{key.Split('\n')[0]}': {note}");
        return byKey;
    }

    /// <summary>Evaluation examples each stage has already seen in its own or an upstream stage's training text.</summary>
    private Dictionary<string, IReadOnlyList<TextOverlap.Leak>> FindLeaks(Dictionary<string, ITask> tasks)
    {
        var byName = recipe.Stages.ToDictionary(s => s.Name);
        var leaks = new Dictionary<string, IReadOnlyList<TextOverlap.Leak>>();
        foreach (var stage in recipe.Stages)
        {
            var trained = Lineage(stage, byName).Where(s => s.Kind is not (StageKind.Evaluate or StageKind.Fuse))
                .SelectMany(s => TasksOf(s).Select(t => (t.Key, tasks[t.Key].Get("train")))).ToList();
            foreach (var (key, _, _) in TasksOf(stage))
            {
                var task = tasks[key];
                var evaluation = (stage.Eval.Splits ?? task.Splits.Where(s => s != "train")).Where(task.Splits.Contains).ToDictionary(s => s, task.Get);
                leaks[key] = TextOverlap.Find(evaluation, trained);
                foreach (var leak in leaks[key])
                    observer.Info($"leakage: {leak.Count} of {leak.Total} '{leak.Split}' examples of stage '{key}' also appear in the training text of stage '{leak.Source}' (first: {leak.FirstId})");
            }
        }
        return leaks;
    }

    /// <summary>The stage and every stage upstream of it (through every source of a fuse), each once, nearest first.</summary>
    private static List<StageSpec> Lineage(StageSpec stage, Dictionary<string, StageSpec> byName)
    {
        var result = new List<StageSpec>();
        var queue = new Queue<StageSpec>([stage]);
        while (queue.TryDequeue(out var s))
        {
            if (result.Contains(s)) continue;
            result.Add(s);
            foreach (var source in s.From) queue.Enqueue(byName[source]);
        }
        return result;
    }

    private static void CheckTarget(StageSpec stage, Component component, ITask task)
    {
        if (stage.Kind == StageKind.Pretrain && task.Target != TargetKind.MaskedLm)
            throw new ReproException($"stages.{stage.Name} is a pretrain stage, but task '{component.Id}' is {task.Target}; pretrain needs a masked-LM task");
        if (stage.Kind == StageKind.Baseline && task.Target != TargetKind.Classification)
            throw new ReproException($"stages.{stage.Name} is a baseline stage, but task '{component.Id}' is {task.Target}; baselines classify");
        if (stage.Kind is not (StageKind.Evaluate or StageKind.Fuse) && !task.Splits.Contains("train"))
            throw new ReproException($"stages.{stage.Name}: task '{component.Id}' has no train split; it has {string.Join(", ", task.Splits)}");
        if (stage.Kind is not (StageKind.Evaluate or StageKind.Fuse) && task.Get("train").Count == 0)
            throw new ReproException($"stages.{stage.Name}: the train split of task '{component.Id}' is empty; there is nothing to train on");
        foreach (var split in stage.Eval.Splits ?? [])
            if (!task.Splits.Contains(split))
                throw new ReproException($"stages.{stage.Name}.eval.splits: task '{component.Id}' has no split '{split}'{Suggestions.DidYouMean(split, task.Splits)}; its splits are {string.Join(", ", task.Splits)}");
    }

    /// <summary>
    /// The recipe's tokenizer. The train split of the tokenizer's source stage defines a words vocabulary
    /// or, with prune, which library tokens are kept, so every stage shares token ids.
    /// </summary>
    private TextTokenizer BuildTokenizer(ITask source)
    {
        var spec = recipe.Tokenizer;
        var split = source.Splits.Contains("train") ? "train" : source.Splits[0];
        var corpus = source.Get(split).SelectMany(e => e.Pair is null ? [e.Text] : new[] { e.Text, e.Pair });
        var tokenizer = TokenizerBuilder.Build(spec, corpus, recipe.Model.Checkpoint?.Folder);
        observer.Info(spec.FromModel ? $"vocabulary: {tokenizer.VocabularySize} tokens from the checkpoint {recipe.Model.Checkpoint!.Folder}{(spec.Prune ? $", pruned to the {split} split of stage '{spec.VocabularyFrom}'" : "")}"
            : spec.Type == "words" || spec.Prune
            ? $"vocabulary: {tokenizer.VocabularySize} tokens from the {split} split of stage '{spec.VocabularyFrom}'"
            : $"vocabulary: {tokenizer.VocabularySize} tokens ({spec.Type}, unpruned)");
        return tokenizer;
    }

    /// <summary>
    /// Builds, once each, every model that loads a checkpoint or that a <c>freeze:</c> stage trains, with the run's tokenizer
    /// and libtorch's generator kept: a missing tensor or token, or a <c>freeze:</c> prefix that names no parameter of its
    /// stage's body, stops the run before it writes anything.
    /// </summary>
    private void CheckModels(TextTokenizer tokenizer)
    {
        static string Key(Component model) => model.Identity;
        var frozen = recipe.Stages.Where(s => s.Frozen.Count > 0).ToLookup(s => Key(RootModel(s)));
        var models = recipe.Stages.Where(s => s.Model is not null).Select(s => s.Model!).Prepend(recipe.Model).Where(m => m.Checkpoint is not null)
            .Concat(recipe.Stages.Where(s => s.Frozen.Count > 0).Select(RootModel)).DistinctBy(Key).ToList();
        if (models.Count == 0) return;
        var rng = TorchSharp.torch.get_rng_state();
        try
        {
            foreach (var model in models)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                using var body = ModelBuilder.Build(model, ModelBuilder.ContextOf(model, tokenizer), frozen[Key(model)].FirstOrDefault()?.Name);
                foreach (var stage in frozen[Key(model)])
                    FrozenParameters.Check(stage.Name, model.Id, stage.Frozen, [.. body.named_parameters().Select(p => p.name)]);
            }
        }
        finally
        {
            TorchSharp.torch.set_rng_state(rng);
            rng.Dispose();
        }
    }

    /// <summary>The model a stage's body was first built from: its own or the recipe's, at the start of its <c>from</c> chain.</summary>
    private Component RootModel(StageSpec stage)
    {
        while (stage.From.Count > 0) stage = recipe.Stages.First(s => s.Name == stage.From[0]);
        return stage.Model ?? recipe.Model;
    }

    /// <summary>Every checkpoint the recipe's models load, where each is named.</summary>
    private List<ManifestCheckpoint> Checkpoints() =>
        recipe.Stages.Where(s => s.Model is not null).Select(s => ($"stages.{s.Name}.model", s.Model!)).Prepend(("recipe.model", recipe.Model))
            .Where(m => m.Item2.Checkpoint is not null)
            .Select(m => new ManifestCheckpoint(m.Item1, m.Item2.Checkpoint!.Name, m.Item2.Checkpoint.Folder, m.Item2.Checkpoint.Files)).ToList();

    /// <summary>The package a plugin came from, as the manifest records it.</summary>
    internal static ManifestPackage? ManifestPackageOf(PluginInfo plugin) =>
        plugin.Package is { } p ? new ManifestPackage(p.Id, p.Version, p.Source, p.Sha512) : null;

    private Manifest NewManifest(long seed, SeedTree seeds, RunOptions options, TextTokenizer tokenizer,
        Dictionary<string, LoadedTask> tasks, Dictionary<string, IReadOnlyList<TextOverlap.Leak>> leaks, string resolved, string device, DateTime started)
    {
        var plugins = recipe.Components.Select(c => c.Plugin).Distinct().OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new ManifestPlugin(p.Id, p.Version.ToString(), p.Kind.ToString().ToLowerInvariant(),
                p.Determinism.ToString().ToLowerInvariant(), p.AssemblyPath, p.AssemblySha256, ManifestPackageOf(p)))
            .ToList();
        var taskInfo = new SortedDictionary<string, ManifestTask>(StringComparer.Ordinal);
        foreach (var stage in recipe.Stages)
        foreach (var (key, _, component) in TasksOf(stage))
        {
            var task = tasks[key];
            taskInfo[key] = new ManifestTask(component.Id, task.Fingerprint,
                new SortedDictionary<string, int>(task.Task.Splits.ToDictionary(s => s, s => task.Task.Get(s).Count), StringComparer.Ordinal),
                task.Task is ITaskNotes { Notes.Count: > 0 } noted ? noted.Notes : null,
                leaks[key].Count > 0 ? new SortedDictionary<string, int>(leaks[key].ToDictionary(l => l.Split, l => l.Count), StringComparer.Ordinal) : null,
                ChanceLevel.Of(task.Task));
        }
        return new Manifest(
            Format: 1,
            Recipe: new ManifestRecipe(recipe.Name, recipe.Version.ToString(), recipe.Document.Path,
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resolved))), Provenance.Git(recipe.Document.Directory), resolved),
            Seed: seed,
            SeedTree: seeds.Issued,
            CommandLine: options.CommandLine ?? [],
            Software: new ManifestSoftware(Provenance.VersionOf(typeof(RecipeRunner)), Provenance.VersionOf(typeof(IPlugin)),
                Provenance.VersionOf(typeof(TorchSharp.torch)), Provenance.LibTorchVersion(), Provenance.Runtime(), Provenance.RuntimePackages()),
            Plugins: plugins,
            Tasks: taskInfo,
            Tokenizer: tokenizer.Describe(),
            Machine: new ManifestMachine(Provenance.OperatingSystem(), Numerics.CpuModel(), Numerics.CpuCapability(), Environment.ProcessorCount,
                TorchSharp.torch.get_num_threads(), device, Numerics.Environment()),
            Status: "running",
            StartedUtc: started,
            FinishedUtc: null,
            Stages: new SortedDictionary<string, ManifestStage>(),
            Checkpoints: Checkpoints() is { Count: > 0 } checkpoints ? checkpoints : null,
            Scheduler: ManifestScheduler.FromEnvironment());
    }
}
