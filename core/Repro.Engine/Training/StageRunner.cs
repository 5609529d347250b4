using System.Diagnostics;
using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Runs one stage: build the model → train (the one loop) → evaluate → save. Every random number
/// comes from a stream named after the stage and its purpose in the run's seed tree.
/// </summary>
internal sealed class StageRunner(RunContext run)
{
    /// <summary>
    /// One task a stage trains or evaluates: its name (a multitask stage's metrics are <c>name.split</c>), data, head
    /// (sharing the stage's body) and loss scale.
    /// </summary>
    private sealed record Member(string Name, LoadedTask Task, HeadSpec Head, TaskModel Model, double LossScale);

    /// <summary>A regularizer of the stage being trained: its component (for errors), itself and its random stream.</summary>
    private sealed record ActiveRegularizer(Component Component, Regularizer Regularizer, Generator Generator);

    public StageOutput Run(StageSpec stage, IReadOnlyList<(string Name, LoadedTask Task)> tasks, IReadOnlyDictionary<string, StageOutput> earlier)
    {
        var modelComponent = ModelOf(stage, earlier, run.Recipe);
        var members = BuildModel(stage, modelComponent, tasks, earlier);
        try
        {
            var train = stage.Kind == StageKind.Evaluate ? [] : TrainingExamples(stage, members);
            var totalSteps = stage.Kind == StageKind.Evaluate ? 0 : stage.Steps ?? stage.Epochs!.Value * ((train.Count + stage.BatchSize - 1) / stage.BatchSize);
            if (stage.Kind == StageKind.Evaluate) run.Observer.StageStarted(stage.Name, 0);
            else Train(stage, modelComponent, members, train, totalSteps,
                new ModelCopier(modelComponent, ModelContextOf(modelComponent), members[0].Head, run.Device));
            var metrics = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var member in members)
            foreach (var split in EvalSplits(stage, member.Task.Task))
                metrics[SplitName(stage, member, split)] = Evaluate(stage, modelComponent, member, split, totalSteps);
            SaveWeights(stage, members);
            return Finish(stage, modelComponent, members.Count == 1 ? members[0].Head : NoHead, metrics,
                members is [{ Head.Target: TargetKind.Classification } only] ? only.Task.Task.Labels : null);
        }
        finally
        {
            foreach (var member in members) member.Model.Head.Dispose();
            members[0].Model.Body.Dispose();
        }
    }

    /// <summary>A metric's split name: the split, or <c>task.split</c> in a multitask stage.</summary>
    private static string SplitName(StageSpec stage, Member member, string split) => stage.Mixture is null ? split : $"{member.Name}.{split}";

    /// <summary>
    /// A fuse stage: the weighted average of the bodies of its source stages, saved as its body. It has no task and
    /// no head (an empty one is saved); later stages fine-tune from it with a new head.
    /// </summary>
    public StageOutput Fuse(StageSpec stage, IReadOnlyDictionary<string, StageOutput> earlier)
    {
        var modelComponent = ModelOf(stage, earlier, run.Recipe);
        run.Observer.StageStarted(stage.Name, 0);
        var sources = new List<(string, nn.Module)>();
        try
        {
            foreach (var name in stage.From)
            {
                var body = ModelBuilder.Build(modelComponent, ModelContextOf(modelComponent), stage.Name);
                sources.Add((name, body));
                LoadWeights(body, run.Files.Body(name), name);
            }
            using var fused = ModelBuilder.Build(modelComponent, ModelContextOf(modelComponent), stage.Name);
            BodyFusion.Average(fused, sources, BodyFusion.Normalise(stage.Weights, stage.From.Count));
            AtomicFile.Write(run.Files.Body(stage.Name), temp => fused.save(temp));
        }
        finally
        {
            foreach (var (_, body) in sources) body.Dispose();
        }
        using (var noHead = nn.Sequential()) AtomicFile.Write(run.Files.Head(stage.Name), temp => noHead.save(temp));
        return Finish(stage, modelComponent, NoHead, new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal));
    }

    /// <summary>
    /// A baseline stage: a classical classifier (<see cref="Baselines.TextBaselines"/>) trained on the task's train split (or its
    /// <c>train_examples</c> subset, drawn as a fine-tuning stage draws it) and evaluated on the stage's splits with the same
    /// metric code; loss and perplexity, which need a probability model, are left out. It saves no encoder (empty body and head).
    /// </summary>
    public StageOutput Baseline(StageSpec stage, LoadedTask task, IReadOnlyDictionary<string, StageOutput> earlier)
    {
        run.Observer.StageStarted(stage.Name, 0);
        var train = task.Task.Get("train");
        if (train.Count == 0) throw new ReproException($"stage '{stage.Name}': task '{stage.Task!.Id}' has an empty train split");
        if (stage.TrainExamples is { } count)
        {
            if (count > train.Count)
                throw new ReproException($"stages.{stage.Name}.train_examples is {count}, but task '{stage.Task!.Id}' has only {train.Count} train examples");
            long? draw = stage.TrainExamplesPerSeed ? run.Seeds.For(stage.RandomStreams, "train-subset", stage.Seed) : null;
            train = [.. TrainingSubset.Select(train, count, draw).Select(i => train[i])];
        }
        var classes = task.Task.Labels.Count;
        var predict = Baselines.TextBaselines.Train(stage.Method!, train, classes);
        var metrics = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var split in EvalSplits(stage, task.Task))
        {
            var examples = task.Task.Get(split);
            var predicted = predict(examples);
            var gold = examples.Select(e => (long)e.Label).ToList();
            var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var metric in (stage.Eval.Metrics ?? task.Task.Metrics).Where(m => m is not (MetricNames.Loss or MetricNames.Perplexity)))
                result[metric] = MetricCalculator.Compute(metric, predicted, gold, [], [], classes, double.NaN);
            var record = new EvalRecord(stage.Name, 0, split, result);
            run.Log.Write(record);
            run.Observer.Evaluated(record);
            metrics[split] = result;
        }
        using (var none = nn.Sequential())
        {
            AtomicFile.Write(run.Files.Body(stage.Name), temp => none.save(temp));
            AtomicFile.Write(run.Files.Head(stage.Name), temp => none.save(temp));
        }
        return Finish(stage, ModelOf(stage, earlier, run.Recipe), NoHead, metrics, task.Task.Labels);
    }

    /// <summary>
    /// Marks a stage whose weights are saved as finished: <c>done.json</c> (metrics, head, weight hashes, log offset),
    /// then its checkpoints go; a process killed in between resumes with the stage finished.
    /// </summary>
    private StageOutput Finish(StageSpec stage, Component modelComponent, HeadSpec head, SortedDictionary<string, SortedDictionary<string, double>> metrics,
        IReadOnlyList<string>? labels = null)
    {
        Json.Write(Path.Combine(run.Files.Stage(stage.Name), StageRecord.FileName), new StageRecord(stage.Name, metrics, head.Target, head.Outputs,
            FileHash.Of(run.Files.Body(stage.Name)), FileHash.Of(run.Files.Head(stage.Name)), run.Log.Offset, labels));
        new Checkpoints(run.Files.Stage(stage.Name)).Clear();
        run.Observer.StageFinished(stage.Name);
        return new StageOutput(stage, modelComponent, head, metrics);
    }

    /// <summary>What a fuse or multitask stage records as its head: none that an evaluate stage could load.</summary>
    private static readonly HeadSpec NoHead = new(TargetKind.Classification, 0);

    /// <summary>The output of a stage that finished elsewhere: before a resume, or in the cache.</summary>
    public StageOutput Finished(StageSpec stage, StageRecord record, IReadOnlyDictionary<string, StageOutput> earlier) =>
        new(stage, ModelOf(stage, earlier, run.Recipe), new HeadSpec(record.HeadTarget, record.HeadOutputs), record.Metrics);

    // ---- setup ----

    /// <summary>The model a stage trains: its upstream stage's, its own, or the recipe's default.</summary>
    public static Component ModelOf(StageSpec stage, IReadOnlyDictionary<string, StageOutput> earlier, Recipe recipe) =>
        stage.From.Count > 0 ? earlier[stage.From[0]].Model : recipe.BuiltModelOf(stage);

    private static HeadSpec HeadFor(ITask task, int vocabularySize) => task.Target switch
    {
        TargetKind.MaskedLm => new HeadSpec(TargetKind.MaskedLm, vocabularySize),
        TargetKind.Regression => new HeadSpec(TargetKind.Regression, 1),
        _ => new HeadSpec(TargetKind.Classification, task.Labels.Count),
    };

    /// <summary>The stage's body (loaded from its upstream stage, if any) and one head per task, each from its own seed.</summary>
    private List<Member> BuildModel(StageSpec stage, Component modelComponent, IReadOnlyList<(string Name, LoadedTask Task)> tasks,
        IReadOnlyDictionary<string, StageOutput> earlier)
    {
        manual_seed(run.Seeds.For(stage.RandomStreams, "init", stage.Seed));
        var body = ModelBuilder.Build(modelComponent, ModelContextOf(modelComponent), stage.Name);
        if (stage.Upstream is { } upstream) LoadWeights(body, run.Files.Body(upstream), upstream);
        else
        {
            // What the model said about building itself (a checkpoint's unused tensors) matters only when its weights are kept.
            run.ModelNotes[stage.Name] = body.Notes;
            foreach (var note in body.Notes) run.Observer.Info($"stage '{stage.Name}': model: {note}");
        }
        var members = new List<Member>();
        foreach (var (name, task) in tasks)
        {
            manual_seed(run.Seeds.For(stage.RandomStreams, stage.Mixture is null ? "head-init" : $"head-init:{name}", stage.Seed));
            var spec = HeadFor(task.Task, run.Tokenizer.VocabularySize);
            var taskHead = ModelBuilder.CreateHead(modelComponent, body, spec, stage.Name);
            if (stage.Kind == StageKind.Evaluate)
            {
                var source = earlier[stage.Upstream!];
                if (source.Head != spec)
                    throw new ReproException($"stage '{stage.Name}' evaluates '{stage.Upstream}', whose head predicts {Describe(source.Head)}, " +
                                             $"but task '{stage.Task!.Id}' needs {Describe(spec)}");
                LoadWeights(taskHead, run.Files.Head(stage.Upstream!), stage.Upstream!);
            }
            taskHead.to(run.Device);
            members.Add(new Member(name, task, spec, new TaskModel(body, taskHead, spec.Target), LossScale(stage, spec)));
        }
        body.to(run.Device);
        return members;
    }

    /// <summary>Muppet's loss scaling: a classification loss over C classes is divided by ln C, the loss of a uniform guess.</summary>
    private static double LossScale(StageSpec stage, HeadSpec head) =>
        stage.Mixture?.LossScaling == "classes" && head is { Target: TargetKind.Classification, Outputs: > 1 } ? 1 / Math.Log(head.Outputs) : 1;

    /// <summary>The heads as one module for saving: the head itself, or a multitask stage's heads named by task.</summary>
    private static nn.Module Heads(IReadOnlyList<Member> members) =>
        members.Count == 1 ? members[0].Model.Head : new HeadSet(members.Select(m => (m.Name, (nn.Module)m.Model.Head)));

    private ModelContext ModelContextOf(Component model) => ModelBuilder.ContextOf(model, run.Tokenizer);

    private static string Describe(HeadSpec h) =>
        h.Target == TargetKind.Classification ? $"{h.Outputs} classes" : h.Target.ToString().ToLowerInvariant();

    // ---- the one training loop ----

    private void Train(StageSpec stage, Component modelComponent, IReadOnlyList<Member> members, IReadOnlyList<(int Member, EncodedExample Example)> train, int totalSteps, ModelCopier copier)
    {
        var model = members[0].Model;
        var order = new TrainingOrder(train.Count, stage.BatchSize, new Rng(run.Seeds.For(stage.RandomStreams, "data-order", stage.Seed)));
        var masking = new Rng(run.Seeds.For(stage.RandomStreams, "masking", stage.Seed));
        var schedule = new LearningRateSchedule(stage.Schedule, stage.Optimizer.Lr, totalSteps);
        // freeze: the named body parameters take no gradient and are not the optimizer's
        var frozen = FrozenParameters.Of(model.Body, stage.Frozen).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (TorchSharp.Modules.Parameter p in frozen) p.requires_grad = false;
        var parameters = members.SelectMany(m => m.Model.Parameters).Distinct(ReferenceEqualityComparer.Instance).Where(p => !frozen.Contains(p))
            .Cast<TorchSharp.Modules.Parameter>().ToList();
        using var optimizer = OptimizerFactory.Create(stage.Optimizer, parameters);
        var regularizers = CreateRegularizers(stage, model, copier, totalSteps);
        using var runningLoss = zeros(1, device: run.Device);
        manual_seed(run.Seeds.For(stage.RandomStreams, "dropout", stage.Seed));
        var window = new Window();

        var checkpoints = new Checkpoints(run.Files.Stage(stage.Name));
        var firstStep = 1;
        if (checkpoints.Latest() is var (folder, state))
        {
            Restore(folder, stage.Name, state, members, optimizer, order, masking, regularizers, runningLoss, window);
            firstStep = state.Step + 1;
            run.Observer.Info($"stage '{stage.Name}': resuming after step {state.Step}");
        }
        void Checkpoint(int step) => checkpoints.Save(
            new TrainingState(step, order.State, masking.State, runningLoss.cpu().item<float>(), window.Steps, window.Examples, run.Log.Offset),
            target => SaveCheckpoint(target, stage.Name, members, optimizer, regularizers));

        run.Observer.StageStarted(stage.Name, totalSteps);
        foreach (var member in members) member.Model.Train(true);
        var clock = Stopwatch.StartNew();
        // Which plugin code the step is in, for errors: set and cleared around each call, so the step allocates nothing for it.
        (Component Component, string Call)? inPlugin = null;
        try
        {
            for (var step = firstStep; step <= totalSteps; step++)
            {
                if (run.Cancel.IsCancellationRequested)
                {
                    if (step > firstStep) Checkpoint(step - 1);
                    run.Cancel.ThrowIfCancellationRequested();
                }
                using (var scope = NewDisposeScope())
                {
                    var examples = order.Next().Select(i => train[i]).ToList();
                    optimizer.zero_grad();
                    // One group per task in the batch (always one outside multitask stages). A multitask loss is the
                    // batch mean of every example's scaled loss: Σ_task (n_task / n) · scale_task · mean loss_task.
                    Tensor? loss = null;
                    TrainingStep? current = null;
                    foreach (var group in examples.GroupBy(e => e.Member).OrderBy(g => g.Key))
                    {
                        var member = members[group.Key];
                        var part = group.Select(e => e.Example).ToList();
                        var batch = member.Head.Target == TargetKind.MaskedLm
                            ? BatchBuilder.Masked(part, stage.MaskProbability, run.Tokenizer.VocabularySize, masking, run.Device)
                            : BatchBuilder.Labelled(part, member.Head.Target, run.Device);
                        inPlugin = (modelComponent, "forward");
                        var embeddings = model.Body.Embed(batch.TokenIds, batch.SegmentIds);
                        var (states, pooled, output) = member.Model.Forward(embeddings, batch);
                        inPlugin = null;
                        var taskLoss = member.Model.Loss(output, batch);
                        if (members.Count > 1) taskLoss = taskLoss * (member.LossScale * part.Count / examples.Count);
                        loss = loss is null ? taskLoss : loss + taskLoss;
                        current = new TrainingStep(step, batch, embeddings, states, pooled, output, e => member.Model.ForwardFromEmbeddings(e, batch));
                    }
                    foreach (var active in regularizers)
                    {
                        inPlugin = (active.Component, "Penalty");
                        if (active.Regularizer.Penalty(current!) is { } penalty) loss = loss! + penalty;
                    }
                    inPlugin = null;

                    loss!.backward();
                    OptimizerFactory.ClipGradients(parameters, stage.GradClip);
                    var lr = schedule.At(step);
                    OptimizerFactory.SetLearningRate(optimizer, lr);
                    optimizer.step();
                    foreach (var active in regularizers)
                    {
                        inPlugin = (active.Component, "AfterOptimizerStep");
                        active.Regularizer.AfterOptimizerStep(current!);
                    }
                    inPlugin = null;
                    run.Trace?.Write(stage.Name, step, loss, model.Body.named_parameters().Select(p => ("body." + p.name, (Tensor)p.parameter))
                        .Concat(Heads(members).named_parameters().Select(p => ("head." + p.name, (Tensor)p.parameter))));

                    using (no_grad()) runningLoss.add_(loss.detach());
                    window.Add(examples.Count);
                    if (step % stage.LogEvery == 0 || step == totalSteps)
                        LogStep(stage, step, totalSteps, lr, runningLoss, window, clock);
                }
                if (stage.Eval.Every > 0 && step % stage.Eval.Every == 0 && step < totalSteps)
                    foreach (var member in members)
                    foreach (var split in EvalSplits(stage, member.Task.Task).Where(s => s != "test"))
                        Evaluate(stage, modelComponent, member, split, step);
                if (stage.CheckpointEvery > 0 && step % stage.CheckpointEvery == 0 && step < totalSteps)
                    Checkpoint(step);
                if (step == run.MaxSteps) break;
            }
        }
        catch (Exception e) when (inPlugin is { } callee && PluginCall.IsFailure(e))
        {
            throw PluginCall.Failure(callee.Component, stage.Name, callee.Call, e);
        }
        finally
        {
            foreach (var active in regularizers)
            {
                active.Regularizer.Dispose();
                active.Generator.Dispose();
            }
        }
    }

    /// <summary>Steps and examples since the last logged step, and when that window began.</summary>
    private sealed class Window
    {
        public int Steps;
        public int Examples;
        public readonly Stopwatch Clock = Stopwatch.StartNew();

        public void Add(int examples)
        {
            Steps++;
            Examples += examples;
        }

        public void Reset()
        {
            Steps = Examples = 0;
            Clock.Restart();
        }
    }

    /// <summary>Reads the loss back (the one host sync of a logging window), checks it is finite, and logs it.</summary>
    private void LogStep(StageSpec stage, int step, int totalSteps, double lr, Tensor runningLoss, Window window, Stopwatch clock)
    {
        var meanLoss = runningLoss.cpu().item<float>() / window.Steps;
        if (!float.IsFinite(meanLoss))
            throw new ReproException(
                $"stage '{stage.Name}': the training loss became {meanLoss} between steps {step - window.Steps + 1} and {step}. " +
                "Lower optimizer.lr, keep grad_clip on, or check the data; the run directory keeps everything written before.",
                ExitCodes.Diverged);
        var record = new StepRecord(stage.Name, step, totalSteps, meanLoss, lr,
            window.Examples / Math.Max(window.Clock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed.TotalSeconds);
        run.Log.Write(record);
        run.Observer.Step(record);
        runningLoss.zero_();
        window.Reset();
    }

    // ---- checkpoints ----

    private static void SaveCheckpoint(string folder, string stage, IReadOnlyList<Member> members, optim.Optimizer optimizer, List<ActiveRegularizer> regularizers)
    {
        members[0].Model.Body.save(Path.Combine(folder, Checkpoints.Body));
        Heads(members).save(Path.Combine(folder, Checkpoints.Head));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(Path.Combine(folder, Checkpoints.Optimizer));
        var tensors = new List<(string, Tensor)> { ("rng.cpu", get_rng_state()) };
        for (var i = 0; i < regularizers.Count; i++)
        {
            tensors.Add(($"regularizer.{i}.generator", regularizers[i].Generator.get_state()));
            var state = PluginCall.Run(regularizers[i].Component, stage, "State", regularizers[i].Regularizer.State);
            tensors.AddRange(state.Select(kv => ($"regularizer.{i}.state.{kv.Key}", kv.Value)));
        }
        TensorBundle.Save(Path.Combine(folder, Checkpoints.Tensors), tensors);
    }

    private void Restore(string folder, string stage, TrainingState state, IReadOnlyList<Member> members, optim.Optimizer optimizer, TrainingOrder order, Rng masking,
        List<ActiveRegularizer> regularizers, Tensor runningLoss, Window window)
    {
        members[0].Model.Body.load(Path.Combine(folder, Checkpoints.Body));
        Heads(members).load(Path.Combine(folder, Checkpoints.Head));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(Path.Combine(folder, Checkpoints.Optimizer));
        order.State = state.Order;
        masking.State = state.Masking;
        runningLoss.fill_(state.RunningLoss);
        (window.Steps, window.Examples) = (state.WindowSteps, state.WindowExamples);
        var tensors = TensorBundle.Load(Path.Combine(folder, Checkpoints.Tensors));
        set_rng_state(tensors["rng.cpu"]);
        for (var i = 0; i < regularizers.Count; i++)
        {
            regularizers[i].Generator.set_state(tensors[$"regularizer.{i}.generator"]);
            var prefix = $"regularizer.{i}.state.";
            var own = tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
            PluginCall.Run(regularizers[i].Component, stage, "LoadState", () => regularizers[i].Regularizer.LoadState(own));
        }
        foreach (var t in tensors.Values) t.Dispose();
        run.Log.TruncateTo(state.LogOffset);
    }

    private List<ActiveRegularizer> CreateRegularizers(StageSpec stage, TaskModel model, ModelCopier copier, int totalSteps)
    {
        var result = new List<ActiveRegularizer>();
        foreach (var component in stage.Regularizers)
        {
            var regularizer = PluginCall.Run(component, stage.Name, "Create", () => ((IRegularizerPlugin)component.Plugin.Instance).Create(component.Parameters));
            var generator = new Generator((ulong)run.Seeds.For(stage.RandomStreams, $"regularizer:{component.Id}", stage.Seed), run.Device);
            result.Add(new ActiveRegularizer(component, regularizer, generator));
            PluginCall.Run(component, stage.Name, "OnStageStart", () => regularizer.OnStageStart(
                new StageStart(model.Body, model.Head, stage.From.Count > 0, generator, run.Device, totalSteps, () => copier.Copy(model))));
        }
        return result;
    }

    // ---- evaluation ----

    private static IReadOnlyList<string> EvalSplits(StageSpec stage, ITask task)
    {
        var splits = stage.Eval.Splits ?? task.Splits.Where(s => s != "train").ToList();
        foreach (var split in splits.Where(s => !task.Splits.Contains(s)))
            throw new ReproException($"stages.{stage.Name}.eval.splits: task '{stage.Task!.Id}' has no split '{split}'; it has {string.Join(", ", task.Splits)}");
        return splits;
    }

    /// <summary>
    /// The examples a stage trains on, each with its task's index: every task's train split (or its <c>train_examples</c>
    /// subset) in task order; with uniform sampling each task is cycled to the size of the largest.
    /// </summary>
    private List<(int Member, EncodedExample Example)> TrainingExamples(StageSpec stage, IReadOnlyList<Member> members)
    {
        var perTask = members.Select(m => TrainSplit(stage, m)).ToList();
        var size = stage.Mixture?.Sampling == "uniform" ? perTask.Max(t => t.Count) : 0;
        return [.. perTask.SelectMany((examples, i) => size == 0
            ? examples.Select(e => (i, e))
            : Enumerable.Range(0, size).Select(k => (i, examples[k % examples.Count])))];
    }

    /// <summary>
    /// The examples one task trains on: the train split, or its <c>train_examples</c> subset, fixed by the example ids or,
    /// with <c>draw: seed</c>, drawn from the stage's random streams (shared by arms that pair on the task).
    /// </summary>
    private IReadOnlyList<EncodedExample> TrainSplit(StageSpec stage, Member member)
    {
        var train = member.Task.Encoded("train");
        var id = stage.NamedTasks.First(t => t.Name == member.Name).Task.Id;
        if (train.Count == 0) throw new ReproException($"stage '{stage.Name}': task '{id}' has an empty train split");
        if (stage.TrainExamples is not { } count) return train;
        if (count > train.Count)
            throw new ReproException($"stages.{stage.Name}.train_examples is {count}, but task '{id}' has only {train.Count} train examples");
        long? draw = stage.TrainExamplesPerSeed ? run.Seeds.For(stage.RandomStreams, "train-subset", stage.Seed) : null;
        return TrainingSubset.Select(member.Task.Task.Get("train"), count, draw).Select(i => train[i]).ToList();
    }

    private SortedDictionary<string, double> Evaluate(StageSpec stage, Component modelComponent, Member member, string split, int step)
    {
        var metrics = stage.Eval.Metrics ?? member.Task.Task.Metrics;
        // The forward passes are the model plugin's code; metrics the host computes throw ReproException, which passes unchanged.
        var result = PluginCall.Run(modelComponent, stage.Name, "forward (evaluation)", () => Evaluator.Evaluate(member.Model, member.Task.Task,
            member.Task.Encoded(split), metrics, stage.MaskProbability,
            run.Tokenizer.VocabularySize, run.Seeds.Derive($"eval-masking:{SplitName(stage, member, split)}", stage.Seed), run.Device));
        var record = new EvalRecord(stage.Name, step, SplitName(stage, member, split), result);
        run.Log.Write(record);
        run.Observer.Evaluated(record);
        return result;
    }

    // ---- weights ----

    private void SaveWeights(StageSpec stage, IReadOnlyList<Member> members)
    {
        AtomicFile.Write(run.Files.Body(stage.Name), temp => members[0].Model.Body.save(temp));
        AtomicFile.Write(run.Files.Head(stage.Name), temp => Heads(members).save(temp));
    }

    private static void LoadWeights(nn.Module module, string path, string stage)
    {
        if (!File.Exists(path)) throw new ReproException($"weights of stage '{stage}' not found: {path}");
        try { module.load(path); }
        catch (Exception e) when (e is not ReproException)
        {
            throw new ReproException($"weights of stage '{stage}' ({path}) do not fit this model: {e.Message}");
        }
    }
}
