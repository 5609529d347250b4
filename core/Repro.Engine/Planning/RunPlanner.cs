using Repro.Engine.Caching;
using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Engine.Models;
using Repro.Engine.Tagging;
using Repro.Engine.Baselines;

namespace Repro.Engine.Planning;

/// <summary>
/// Plans a run of one seed, in this order: the device and thread count; the resolved recipe; every stage's tasks, loaded
/// once each and checked against their stage (kind, train split present and non-empty, evaluation splits); leakage of
/// evaluation text into upstream training text; the declared analysis against what the compared stages report; the tokenizer; the memory estimate against what the machine has; and
/// every model that loads a checkpoint or freezes parameters, built once. Every family adds its problems to one list
/// (<see cref="PlanningProblems"/>), thrown once at the end as a <see cref="RecipeException"/> before the run directory
/// exists; a family that needs what failed (the tokenizer a task that did not load) skips only that part.
/// </summary>
public static class RunPlanner
{
    /// <summary>
    /// The checked plan of <paramref name="recipe"/> for <paramref name="seed"/>; <paramref name="memo"/> keeps the tasks and
    /// models loaded for other plans of the same launch (without one, this plan's own).
    /// </summary>
    public static RunPlan Plan(Recipe recipe, long seed, string? deviceOverride, IRunObserver observer, PlanningMemo? memo = null)
    {
        using var own = memo is null ? new PlanningMemo() : null;
        memo ??= own!;
        recipe = recipe.ForRunSeed(seed);
        var device = Devices.Resolve(deviceOverride ?? recipe.Device);
        Numerics.PinThreads(recipe.Threads);
        var resolved = ResolvedRecipeWriter.Write(recipe, seed);
        var seeds = new SeedTree(seed);
        var problems = new PlanningProblems();
        var (stages, unloaded) = LoadTasks(recipe, seeds, observer, problems, memo);
        var leaks = FindLeaks(stages, observer);
        problems.Add(AnalysisCheck.Problems(recipe, stages, unloaded));
        var tokenizer = Tokenizer(recipe, stages, unloaded, observer, problems);
        if (tokenizer is not null)
        {
            problems.Add(CheckEvaluatedHeads(recipe, stages, unloaded, tokenizer));
            var available = device.type == TorchSharp.DeviceType.CPU ? AvailableMemory.Bytes() : null;
            if (available is { } bytes) problems.Try(() => problems.Add(MemoryEstimate.Check(recipe, tokenizer, bytes)));
            var adapters = CheckModels(recipe, stages, tokenizer, seeds, problems, memo);
            if (available is { } memory && adapters.Count > 0) problems.Try(() => problems.Add(MemoryEstimate.Check(recipe, tokenizer, memory, adapters)));
        }
        problems.ThrowIfAny();
        return new RunPlan(recipe, seed, device, seeds, resolved, tokenizer!, stages, leaks, Keys(stages, seed, tokenizer!, device));
    }

    /// <summary>Each stage's cache key, in stage order (a stage's key holds the keys of the stages it starts from).</summary>
    private static Dictionary<string, (string Key, string Material)> Keys(List<StagePlan> stages, long seed, TextTokenizer tokenizer, TorchSharp.torch.Device device)
    {
        var numerics = StageKey.Numerics(device);
        var keys = new Dictionary<string, (string Key, string Material)>();
        foreach (var stage in stages)
            keys[stage.Spec.Name] = StageKey.Compute(stage.Spec, seed, stage.Fingerprint, tokenizer.Hash, tokenizer.MaxLength, stage.Model,
                [.. stage.Spec.From.Select(f => keys[f].Key)], numerics);
        return keys;
    }

    /// <summary>The tokenizer, built from the task of the stage <c>tokenizer.vocabulary_from</c> names; null after a problem, or when that task did not load.</summary>
    private static TextTokenizer? Tokenizer(Recipe recipe, List<StagePlan> stages, IReadOnlySet<string> unloaded, IRunObserver observer, PlanningProblems problems)
    {
        var from = recipe.Tokenizer.VocabularyFrom;
        var source = stages.SelectMany(s => s.Tasks).Where(t => t.Key == from).Select(t => t.Task).FirstOrDefault();
        if (source is null && !unloaded.Contains(from))
            problems.Add([Problem(recipe, "tokenizer.vocabulary_from", $"tokenizer.vocabulary_from: stage '{from}' has no single task whose text could define the vocabulary")]);
        return source is null ? null : problems.Try(() => BuildTokenizer(recipe, source, observer));
    }

    /// <summary>
    /// Every stage with its model and the tasks that loaded; a task with the same parameters and data seed is loaded once
    /// (<see cref="PlanningMemo"/>). The stages with a task that did not load are named in <c>Unloaded</c>: the checks that
    /// need their tasks skip them.
    /// </summary>
    private static (List<StagePlan> Stages, HashSet<string> Unloaded) LoadTasks(Recipe recipe, SeedTree seeds, IRunObserver observer, PlanningProblems problems,
        PlanningMemo memo)
    {
        var loaded = new Dictionary<string, ITask>();
        var plans = new List<StagePlan>();
        var unloaded = new HashSet<string>();
        foreach (var stage in recipe.Stages)
        {
            var tasks = new List<PlannedTask>();
            foreach (var (name, component) in stage.NamedTasks)
            {
                var dataSeed = seeds.For(SeedPurpose.Data(component.Id), stage.Seed);
                var context = new TaskContext(recipe.Document.Directory, dataSeed);
                if (memo.Task(component, dataSeed, recipe.Document.Directory, () => problems.Try(() => PlacedProblem.AtComponent(component,
                        () => PluginCall.Run(component, stage.Name, "Load", () => ((ITaskPlugin)component.Plugin.Instance).Load(component.Parameters, context))))) is not { } task)
                {
                    unloaded.Add(stage.Name);
                    continue;
                }
                loaded[$"{component.Identity}\nseed={dataSeed}"] = task.Task;
                var ofSeveral = stage.Facts.Tasks == StageTasks.Several;
                var planned = new PlannedTask(ofSeveral ? $"{stage.Name}.{name}" : stage.Name, name, component, task.Task, ofSeveral, task.Fingerprint);
                problems.Add(CheckTarget(recipe, stage, planned));
                tasks.Add(planned);
            }
            if (!unloaded.Contains(stage.Name) && CheckTrainingSize(recipe, stage, tasks) is { } tooLong) problems.Add([tooLong]);
            plans.Add(new StagePlan(stage, stage.Facts.HasEncoder ? recipe.BuiltModelOf(stage) : recipe.ModelOf(stage), tasks,
                unloaded.Contains(stage.Name) ? 0 : (int)Math.Min(int.MaxValue, StageSteps.Of(stage, tasks))));
        }
        foreach (var (key, task) in loaded)
            if (task is ITaskNotes { Notes: var notes })
                foreach (var note in notes) observer.Info($"task '{key.Split(' ')[0]}': {note}");
        return (plans, unloaded);
    }

    /// <summary>What makes a task unusable by its stage: the wrong target, no or an empty train split, too few train examples, a missing evaluation split.</summary>
    private static IEnumerable<Diagnostic> CheckTarget(Recipe recipe, Stage stage, PlannedTask planned)
    {
        var (task, at, label) = (planned.Task, planned.Component.Context, planned.Label);
        var trains = stage.Facts.LearnsFromTrainSplit;
        if (stage.Facts.NeedsTarget is { } needed && !stage.Facts.Accepts(task.Target) && !(stage.Facts.LanguageModel && LanguageModelObjective.IsText(task.Target)))
            yield return Problem(recipe, at, $"stages.{stage.Name} is a {stage.Facts.Name} stage, but {label} is {task.Target}; {needed.Why}");
        if (TokenTaskProblem(stage, task) is { } tokenProblem)
            yield return Problem(recipe, at, $"stages.{stage.Name}: {label}: {tokenProblem}");
        if (task.Target == TargetKind.CausalLm && stage.Facts.HasEncoder && recipe.ObjectiveOf(stage) != TargetKind.CausalLm)
            yield return Problem(recipe, at, $"stages.{stage.Name}: {label} is a next-token (causallm) task, but model '{recipe.ModelOf(stage)?.Id}' learns text as " +
                $"{LanguageModelObjective.Name(recipe.ObjectiveOf(stage))}; train it with a causal decoder (causal-decoder)");
        if (trains && !task.Splits.Contains("train"))
            yield return Problem(recipe, at, $"stages.{stage.Name}: {label} has no train split; it has {string.Join(", ", task.Splits)}");
        else if (trains && task.Get("train").Count == 0)
            yield return Problem(recipe, at, $"stages.{stage.Name}: the train split of {label} is empty; there is nothing to train on");
        else if (trains && stage.TrainExamples is { Count: var count } && count > task.Get("train").Count)
            yield return Problem(recipe, $"stages.{stage.Name}.train_examples",
                $"stages.{stage.Name}.train_examples is {count}, but {label} has only {task.Get("train").Count} train examples");
        foreach (var split in (stage.Eval.Splits ?? []).Where(s => !task.Splits.Contains(s)))
            yield return Problem(recipe, $"stages.{stage.Name}.eval.splits",
                $"stages.{stage.Name}.eval.splits: {label} has no split '{split}'{Suggestions.DidYouMean(split, task.Splits)}; its splits are {string.Join(", ", task.Splits)}");
    }

    /// <summary>
    /// What makes a stage's metrics or a token-level task's examples unusable (<see cref="TokenMetrics.Problem"/>,
    /// <see cref="WordAlignment.Problem"/>, the baseline methods that tag words), or null.
    /// </summary>
    private static string? TokenTaskProblem(Stage stage, ITask task)
    {
        if (TokenMetrics.Problem(task.Target, task.Labels, stage.ReportedMetrics(task)) is { } metrics) return metrics;
        if (task.Target != TargetKind.TokenClassification) return null;
        if (stage is BaselineStage { Method: var method } && !TokenBaselines.Methods.Contains(method))
            return $"baseline method '{method}' classifies sentences; a token-level task takes {string.Join(", ", TokenBaselines.Methods)}";
        return task.Splits.SelectMany(task.Get).Select(e => WordAlignment.Problem(e, task.Labels.Count)).FirstOrDefault(p => p is not null);
    }

    /// <summary>An evaluate stage uses its upstream stage's head: their tasks must predict the same thing (classes, regression, masked tokens). Stages whose tasks did not load are skipped.</summary>
    private static List<Diagnostic> CheckEvaluatedHeads(Recipe recipe, List<StagePlan> stages, IReadOnlySet<string> unloaded, TextTokenizer tokenizer)
    {
        var byName = stages.ToDictionary(s => s.Spec.Name);
        var problems = new List<Diagnostic>();
        foreach (var stage in stages.Where(s => s.Spec.Facts.ReusesUpstreamHead && s.Spec.Upstream is not null && s.Tasks.Count == 1))
        {
            if (unloaded.Contains(stage.Spec.Name) || unloaded.Contains(stage.Spec.Upstream!) || byName[stage.Spec.Upstream!].Tasks is not [var upstream]) continue;
            var objective = recipe.ObjectiveOf(stage.Spec);
            var (has, needs) = (TaskHead.For(upstream.Task, tokenizer.VocabularySize, objective), TaskHead.For(stage.Tasks[0].Task, tokenizer.VocabularySize, objective));
            if (has != needs)
                problems.Add(Problem(recipe, stage.Tasks[0].Component.Context, $"stages.{stage.Spec.Name} evaluates '{upstream.Key}', whose head predicts " +
                    $"{TaskHead.Describe(has)}, but {stage.Tasks[0].Label} needs {TaskHead.Describe(needs)}"));
        }
        return problems;
    }

    /// <summary>An <c>epochs</c> count whose steps (<see cref="StageSteps"/>) do not fit a step counter, or null.</summary>
    private static Diagnostic? CheckTrainingSize(Recipe recipe, Stage stage, List<PlannedTask> tasks)
    {
        var steps = StageSteps.Of(stage, tasks);
        return steps <= int.MaxValue || stage is not TrainingStage { Training: { Epochs: { } epochs, BatchSize: var batch } } ? null
            : Problem(recipe, $"stages.{stage.Name}.epochs",
                $"stages.{stage.Name}.epochs: {epochs} epochs of {StageSteps.Examples(stage, tasks)} examples in batches of {batch} are {steps} steps; at most {int.MaxValue} fit");
    }

    /// <summary>A planning problem at its place in the recipe file (or the nearest enclosing field that is written there).</summary>
    private static Diagnostic Problem(Recipe recipe, string path, string message) =>
        new(recipe.Document.Where(recipe.Document.Find(path)), message);

    /// <summary>Evaluation examples each stage has already seen in its own or an upstream stage's training text.</summary>
    private static Dictionary<string, IReadOnlyList<TextOverlap.Leak>> FindLeaks(List<StagePlan> stages, IRunObserver observer)
    {
        var byName = stages.ToDictionary(s => s.Spec.Name);
        var leaks = new Dictionary<string, IReadOnlyList<TextOverlap.Leak>>();
        foreach (var stage in stages)
        {
            var trained = Lineage(stage, byName).Where(s => s.Spec.Facts.LearnsFromTrainSplit)
                .SelectMany(s => s.Tasks.Select(t => (t.Key, t.Task.Get("train")))).ToList();
            foreach (var planned in stage.Tasks)
            {
                var task = planned.Task;
                var evaluation = (stage.Spec.Eval.Splits ?? task.Splits.Where(s => s != "train")).Where(task.Splits.Contains).ToDictionary(s => s, task.Get);
                leaks[planned.Key] = TextOverlap.Find(evaluation, trained);
                foreach (var leak in leaks[planned.Key])
                    observer.Info($"leakage: {leak.Count} of {leak.Total} '{leak.Split}' examples of stage '{planned.Key}' also appear in the training text of stage '{leak.Source}' (first: {leak.FirstId})");
            }
        }
        return leaks;
    }

    /// <summary>The stage and every stage upstream of it (through every source of a fuse), each once, nearest first.</summary>
    private static List<StagePlan> Lineage(StagePlan stage, Dictionary<string, StagePlan> byName)
    {
        var result = new List<StagePlan>();
        var queue = new Queue<StagePlan>([stage]);
        while (queue.TryDequeue(out var s))
        {
            if (result.Contains(s)) continue;
            result.Add(s);
            foreach (var source in s.Spec.From) queue.Enqueue(byName[source]);
        }
        return result;
    }

    /// <summary>
    /// The recipe's tokenizer. The train split of the tokenizer's source stage defines a words vocabulary
    /// or, with prune, which library tokens are kept, so every stage shares token ids.
    /// </summary>
    private static TextTokenizer BuildTokenizer(Recipe recipe, ITask source, IRunObserver observer)
    {
        var spec = recipe.Tokenizer;
        var split = source.Splits.Contains("train") ? "train" : source.Splits[0];
        var corpus = source.Get(split).SelectMany(e => e.Pair is null ? [e.Text] : new[] { e.Text, e.Pair });
        var checkpoint = recipe.Model?.Checkpoint?.Folder;
        // A problem is placed at the field its message names (tokenizer.vocab), else at the tokenizer.
        var tokenizer = PlacedProblem.Run(() => TokenizerBuilder.Build(spec, corpus, checkpoint), message =>
            System.Text.RegularExpressions.Regex.Match(message, @"^tokenizer\.[a-z_]+") is { Success: true } field
                ? Problem(recipe, field.Value, message)
                : Problem(recipe, "tokenizer", $"tokenizer: {message}"));
        observer.Info(spec.FromModel ? $"vocabulary: {tokenizer.VocabularySize} tokens from the checkpoint {checkpoint}{(spec.Prune ? $", pruned to the {split} split of stage '{spec.VocabularyFrom}'" : "")}"
            : spec.Type == TokenizerType.Words || spec.Prune
            ? $"vocabulary: {tokenizer.VocabularySize} tokens from the {split} split of stage '{spec.VocabularyFrom}'"
            : $"vocabulary: {tokenizer.VocabularySize} tokens ({MappingReader.Name(spec.Type)}, unpruned)");
        return tokenizer;
    }

    /// <summary>What a training stage's <c>freeze:</c> names; nothing for the other stages.</summary>
    private static IReadOnlyList<string> Frozen(Stage stage) => stage is TrainingStage { Training: var training } ? training.Frozen : [];

    /// <summary>A token-level task's head, built once on <paramref name="body"/>: a model plugin that cannot build it is a problem of the plan, naming the plugin.</summary>
    private static List<Diagnostic> CheckTokenHeads(Recipe recipe, StagePlan stage, Component model, Encoder body, TextTokenizer tokenizer)
    {
        var problems = new List<Diagnostic>();
        foreach (var task in stage.Tasks.Where(t => t.Task.Target == TargetKind.TokenClassification))
        {
            var spec = TaskHead.For(task.Task, tokenizer.VocabularySize, recipe.ObjectiveOf(stage.Spec));
            try { ModelBuilder.CreateHead(model, body, spec, stage.Spec.Name).Dispose(); }
            catch (PluginFailureException e)
            {
                problems.Add(Problem(recipe, task.Component.Context, $"stages.{stage.Spec.Name}: {task.Label} is token-level ({TaskHead.Describe(spec)}), " +
                    $"and model plugin '{model.Id}' {model.Plugin.Version} cannot build that head: {e.InnerException?.Message ?? e.Message}"));
            }
        }
        return problems;
    }

    /// <summary>A training stage's <c>lora:</c>, or null.</summary>
    private static LoraSpec? Lora(Stage stage) => stage is TrainingStage { Training.Lora: var lora } ? lora : null;

    /// <summary>
    /// Builds, once each (<see cref="PlanningMemo"/>), every model that loads a checkpoint, that a <c>freeze:</c> or <c>lora:</c> stage trains or that tags
    /// words, with the run's tokenizer and libtorch's generator kept: a missing tensor or token, a <c>freeze:</c> prefix that
    /// names no parameter of its stage's body, a <c>lora: targets</c> pattern that names no Linear layer of it, or a token-level
    /// head the model plugin cannot build is a problem of the plan; each model and each stage's settings are checked on their
    /// own. Returns the parameter count of each <c>lora:</c> stage's adapters.
    /// </summary>
    private static Dictionary<string, long> CheckModels(Recipe recipe, List<StagePlan> stages, TextTokenizer tokenizer, SeedTree seeds, PlanningProblems problems,
        PlanningMemo memo)
    {
        var adapters = new Dictionary<string, long>(StringComparer.Ordinal);
        var frozen = stages.Where(s => (Frozen(s.Spec).Count > 0 || Lora(s.Spec) is not null) && s.Model is not null).ToLookup(s => s.Model!.Identity);
        var tagging = stages.Where(s => s.Model is not null && s.Spec.Facts.HasEncoder && !s.Spec.Facts.ReusesUpstreamHead && s.Tasks.Any(t => t.Task.Target == TargetKind.TokenClassification))
            .ToLookup(s => s.Model!.Identity);
        var models = stages.Select(s => s.Model).Append(recipe.Model).OfType<Component>().Where(m => m.Checkpoint is not null)
            .Concat(frozen.SelectMany(g => g).Select(s => s.Model!)).Concat(tagging.SelectMany(g => g).Select(s => s.Model!)).DistinctBy(m => m.Identity).ToList();
        if (models.Count == 0) return adapters;
        var rng = TorchSharp.torch.get_rng_state();
        try
        {
            foreach (var model in models)
            {
                // Built as the first stage that builds it will (StageModelBuilder), from that stage's initialisation seed, so the
                // stage can take it (PlanningMemo.Take); outside the checks' dispose scope, as the memo keeps it.
                var initSeed = stages.FirstOrDefault(s => s.Spec is TrainingStage or EvaluateStage && s.Model?.Identity == model.Identity)?.Spec is { } first
                    ? seeds.For(first.RandomStreams, SeedPurpose.Init, first.Seed) : (long?)null;
                var body = memo.Model(model, tokenizer, initSeed, () =>
                {
                    if (initSeed is { } seed) TorchSharp.torch.manual_seed(seed);
                    return problems.Try(() => PlacedProblem.AtComponent(model,
                        () => ModelBuilder.Build(model, ModelBuilder.ContextOf(model, tokenizer), frozen[model.Identity].FirstOrDefault()?.Spec.Name)));
                });
                if (body is null) continue;
                using var scope = TorchSharp.torch.NewDisposeScope();
                var names = body.named_parameters().Select(p => p.name).ToList();
                var linears = body.named_modules().Where(m => m.module is TorchSharp.Modules.Linear).Select(m => m.name).ToList();
                foreach (var stage in frozen[model.Identity])
                {
                    if (Frozen(stage.Spec) is { Count: > 0 } prefixes)
                        problems.Try(() => PlacedProblem.Run(() => FrozenParameters.Check(stage.Spec.Name, model.Id, prefixes, names),
                            message => Problem(recipe, $"stages.{stage.Spec.Name}.freeze", message)));
                    if (Lora(stage.Spec) is { } lora)
                    {
                        problems.Try(() => PlacedProblem.Run(() => LoraLayers.Check(stage.Spec.Name, model.Id, lora.Targets, linears),
                            message => Problem(recipe, $"stages.{stage.Spec.Name}.lora.targets", message)));
                        adapters[stage.Spec.Name] = LoraLayers.CountFor(body, lora);
                    }
                }
                foreach (var stage in tagging[model.Identity])
                    problems.Add(CheckTokenHeads(recipe, stage, model, body, tokenizer));
            }
        }
        finally
        {
            TorchSharp.torch.set_rng_state(rng);
            rng.Dispose();
        }
        return adapters;
    }
}
