using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Planning;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using static TorchSharp.torch;
using Repro.Engine.Models;
using Repro.Engine.Tagging;

namespace Repro.Engine.Training;

/// <summary>
/// Runs one stage: build the model (<see cref="StageModelBuilder"/>) → train (<see cref="TrainingLoop"/>) → evaluate
/// (<see cref="StageEvaluation"/>) → save (<see cref="StageWeights"/>). Every random number comes from a stream named
/// after the stage and its purpose in the run's seed tree.
/// </summary>
internal sealed class StageRunner(RunContext run)
{
    /// <summary>A pretraining, fine-tuning or multitask stage.</summary>
    public StageRecord Train(StagePlan plan, TrainingStage stage, IReadOnlyList<(PlannedTask Planned, LoadedTask Task)> tasks) => Run(plan, stage, tasks);

    /// <summary>An evaluate stage: its upstream stage's model and head, evaluated.</summary>
    public StageRecord Evaluate(StagePlan plan, IReadOnlyList<(PlannedTask Planned, LoadedTask Task)> tasks) => Run(plan, null, tasks);

    /// <param name="training">The stage when it trains; null for an evaluate stage.</param>
    private StageRecord Run(StagePlan plan, TrainingStage? training, IReadOnlyList<(PlannedTask Planned, LoadedTask Task)> tasks)
    {
        var (stage, modelComponent) = (plan.Spec, plan.Model!);
        var members = StageModelBuilder.Build(run, stage, training?.Mixture, modelComponent, tasks);
        try
        {
            var train = training is null ? [] : TrainingData.Examples(run, training, members);
            var totalSteps = plan.TotalSteps;
            if (training is null) run.Observer.StageStarted(stage.Name, 0);
            else TrainingLoop.Run(run, training, modelComponent, members, train, totalSteps,
                new ModelCopier(modelComponent, ModelBuilder.ContextOf(modelComponent, run.Tokenizer), members[0].Head, run.Device));
            var metrics = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var member in members)
            foreach (var split in stage.EvaluatedSplits(member.Task.Task))
                metrics[member.Planned.MetricSplit(split)] = StageEvaluation.Evaluate(run, stage, modelComponent, member, split, totalSteps, final: true);
            StageWeights.Save(run, stage, members);
            return Finish(stage, members.Count == 1 ? members[0].Head : NoHead, metrics,
                members is [{ Head.Target: TargetKind.Classification or TargetKind.TokenClassification } only] ? only.Task.Task.Labels : null);
        }
        finally
        {
            foreach (var member in members) member.Model.Head.Dispose();
            members[0].Model.Lora?.Dispose();
            members[0].Model.Body.Dispose();
        }
    }

    /// <summary>
    /// A fuse stage: the weighted average of the bodies of its source stages, saved as its body. It has no task and
    /// no head (an empty one is saved); later stages fine-tune from it with a new head.
    /// </summary>
    public StageRecord Fuse(StagePlan plan, FuseStage stage)
    {
        var modelComponent = plan.Model!;
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
        return Finish(stage, NoHead, new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal));
    }

    /// <summary>
    /// A baseline stage: a classical classifier (<see cref="Baselines.TextBaselines"/>), or for a token-level task the majority tag of each
    /// word (<see cref="Baselines.TokenBaselines"/>), trained on the task's train split (or its
    /// <c>train_examples</c> subset, drawn as a fine-tuning stage draws it) and evaluated on the stage's splits with the same
    /// metric code (<see cref="Stage.ReportedMetrics"/>). It saves no encoder (empty body and head).
    /// </summary>
    public StageRecord Baseline(BaselineStage stage, LoadedTask task)
    {
        run.Observer.StageStarted(stage.Name, 0);
        var train = TrainingData.Subset(run, stage, task.Task.Get("train"));
        var classes = task.Task.Labels.Count;
        var evaluate = task.Task.Target == TargetKind.TokenClassification ? TagWords(Baselines.TokenBaselines.MajorityTag(train), task.Task.Labels)
            : ClassifySentences(Baselines.TextBaselines.Train(stage.Method, train, classes), task.Task.Labels);
        var metrics = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var split in stage.EvaluatedSplits(task.Task))
        {
            var examples = task.Task.Get(split);
            var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
            var (metricOf, rows) = evaluate(examples);
            foreach (var metric in stage.ReportedMetrics(task.Task)) result[metric] = metricOf(metric);
            PredictionFile.Write(run.Files.Predictions(stage.Name, split), [.. examples.Select(e => e.Id)], rows);
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
        return Finish(stage, NoHead, metrics, task.Task.Labels);
    }

    /// <summary>A sentence classifier's predictions on examples, then each metric of them (no loss: NaN), and the predictions as rows.</summary>
    private static Func<IReadOnlyList<Example>, (Func<string, double>, IReadOnlyList<PredictionRow>)> ClassifySentences(
        Func<IReadOnlyList<Example>, long[]> predict, IReadOnlyList<string> labels) =>
        examples =>
        {
            var (predicted, gold) = (predict(examples), examples.Select(e => (long)e.Label).ToList());
            var classes = labels.Count;
            return (metric => MetricCalculator.Compute(metric, predicted, gold, [], [], classes, double.NaN),
                [.. gold.Select((g, i) => new PredictionRow(labels[(int)g], labels[(int)predicted[i]]))]);
        };

    /// <summary>A word tagger's predictions on examples, every word predicted (a baseline truncates nothing), then each metric (no loss: NaN).</summary>
    private static Func<IReadOnlyList<Example>, (Func<string, double>, IReadOnlyList<PredictionRow>)> TagWords(Func<Example, long[]> predict, IReadOnlyList<string> labels) =>
        examples =>
        {
            List<TaggedSentence> sentences = [.. examples.Select(e => new TaggedSentence([.. e.Tags!.Select(t => (long)t)], predict(e)))];
            return (metric => TokenMetrics.Compute(metric, sentences, labels, double.NaN),
                [.. sentences.Select(t => new PredictionRow(Evaluator.Tags(t.Gold, labels), Evaluator.Tags(t.Predicted, labels)))]);
        };

    /// <summary>
    /// Marks a stage whose weights are saved as finished: <c>done.json</c> (metrics, head, weight hashes, log offset),
    /// then its checkpoints go; a process killed in between resumes with the stage finished.
    /// </summary>
    private StageRecord Finish(Stage stage, HeadSpec head, SortedDictionary<string, SortedDictionary<string, double>> metrics,
        IReadOnlyList<string>? labels = null)
    {
        var record = new StageRecord(stage.Name, metrics, head.Target, head.Outputs,
            FileHash.Of(run.Files.Body(stage.Name)), FileHash.Of(run.Files.Head(stage.Name)), run.Log.Offset, labels);
        Json.Write(Path.Combine(run.Files.Stage(stage.Name), StageRecord.FileName), record);
        new Checkpoints(run.Files.Stage(stage.Name)).Clear();
        run.Observer.StageFinished(stage.Name);
        return record;
    }

    /// <summary>What a fuse or multitask stage records as its head: none that an evaluate stage could load.</summary>
    private static readonly HeadSpec NoHead = new(TargetKind.Classification, 0);
}
