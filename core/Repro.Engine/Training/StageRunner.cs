using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// Runs one stage: build the model (<see cref="StageModelBuilder"/>) → train (<see cref="TrainingLoop"/>) → evaluate
/// (<see cref="StageEvaluation"/>) → save (<see cref="StageWeights"/>). Every random number comes from a stream named
/// after the stage and its purpose in the run's seed tree.
/// </summary>
internal sealed class StageRunner(RunContext run)
{
    /// <summary>A pretraining, fine-tuning, multitask or evaluate stage.</summary>
    public StageOutput Run(StageSpec stage, IReadOnlyList<(string Name, LoadedTask Task)> tasks, IReadOnlyDictionary<string, StageOutput> earlier)
    {
        var modelComponent = ModelOf(stage, earlier, run.Recipe);
        var members = StageModelBuilder.Build(run, stage, modelComponent, tasks, earlier);
        try
        {
            var train = stage.Kind == StageKind.Evaluate ? [] : TrainingData.Examples(run, stage, members);
            var totalSteps = stage.Kind == StageKind.Evaluate ? 0 : stage.Steps ?? stage.Epochs!.Value * ((train.Count + stage.BatchSize - 1) / stage.BatchSize);
            if (stage.Kind == StageKind.Evaluate) run.Observer.StageStarted(stage.Name, 0);
            else TrainingLoop.Run(run, stage, modelComponent, members, train, totalSteps,
                new ModelCopier(modelComponent, ModelBuilder.ContextOf(modelComponent, run.Tokenizer), members[0].Head, run.Device));
            var metrics = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var member in members)
            foreach (var split in StageEvaluation.Splits(stage, member.Task.Task))
                metrics[StageEvaluation.SplitName(stage, member, split)] = StageEvaluation.Evaluate(run, stage, modelComponent, member, split, totalSteps);
            StageWeights.Save(run, stage, members);
            return Finish(stage, modelComponent, members.Count == 1 ? members[0].Head : NoHead, metrics,
                members is [{ Head.Target: TargetKind.Classification } only] ? only.Task.Task.Labels : null);
        }
        finally
        {
            foreach (var member in members) member.Model.Head.Dispose();
            members[0].Model.Body.Dispose();
        }
    }

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
                var body = ModelBuilder.Build(modelComponent, ModelBuilder.ContextOf(modelComponent, run.Tokenizer), stage.Name);
                sources.Add((name, body));
                StageWeights.Load(body, run.Files.Body(name), name);
            }
            using var fused = ModelBuilder.Build(modelComponent, ModelBuilder.ContextOf(modelComponent, run.Tokenizer), stage.Name);
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
        foreach (var split in StageEvaluation.Splits(stage, task.Task))
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

    /// <summary>The model a stage trains: its upstream stage's, its own, or the recipe's default.</summary>
    public static Component ModelOf(StageSpec stage, IReadOnlyDictionary<string, StageOutput> earlier, Recipe recipe) =>
        stage.From.Count > 0 ? earlier[stage.From[0]].Model : recipe.BuiltModelOf(stage);
}
