using System.Diagnostics;
using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using static TorchSharp.torch;
using Repro.Engine.Models;
using Repro.Engine.Training.Optimizers;

namespace Repro.Engine.Training;

/// <summary>
/// The one training loop: set up the data order, optimizer, regularizers and random streams, resume from a checkpoint,
/// then per step: forward, loss, regularizer penalties, backward, optimizer step, log, evaluate and checkpoint.
/// </summary>
internal static class TrainingLoop
{
    public static void Run(RunContext run, TrainingStage stage, Component modelComponent, IReadOnlyList<StageMember> members,
        IReadOnlyList<(int Member, EncodedExample Example)> train, int totalSteps, ModelCopier copier)
    {
        var model = members[0].Model;
        var order = new TrainingOrder(train.Count, stage.Training.BatchSize, new Rng(run.Seeds.For(stage.RandomStreams, SeedPurpose.DataOrder, stage.Seed)));
        var masking = new Rng(run.Seeds.For(stage.RandomStreams, SeedPurpose.Masking, stage.Seed));
        var schedule = new LearningRateSchedule(stage.Training.Schedule, stage.Training.Optimizer.Lr, totalSteps);
        // freeze: (or lora:) the fixed body parameters take no gradient and are not the optimizer's
        var frozen = new HashSet<TorchSharp.Modules.Parameter>(FrozenParameters.Of(model.Body, stage.Training), ReferenceEqualityComparer.Instance);
        foreach (var p in frozen) p.requires_grad = false;
        var parameters = members.SelectMany(m => m.Model.Parameters).Distinct(ReferenceEqualityComparer.Instance).Where(p => !frozen.Contains(p))
            .Cast<TorchSharp.Modules.Parameter>().ToList();
        using var optimizer = StageOptimizer.Create(stage.Training.Optimizer, parameters);
        var regularizers = ActiveRegularizer.Create(run, stage, model, copier, totalSteps);
        using var runningLoss = zeros(1, device: run.Device);
        manual_seed(run.Seeds.For(stage.RandomStreams, SeedPurpose.Dropout, stage.Seed));
        var window = new LogWindow();

        var checkpoint = new StageCheckpoint(run, stage.Name, members, optimizer, regularizers, order, masking, runningLoss, window);
        var firstStep = checkpoint.Restore() + 1;

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
                    if (step > firstStep) checkpoint.Save(step - 1);
                    run.Cancel.ThrowIfCancellationRequested();
                }
                using (var scope = NewDisposeScope())
                {
                    run.Profile?.StartStep(stage.Name);
                    var examples = order.Next().Select(i => train[i]).ToList();
                    optimizer.ZeroGrad();
                    run.Profile?.Mark("optimizer");
                    // One group per task in the batch (always one outside multitask stages). A multitask loss is the
                    // batch mean of every example's scaled loss: Σ_task (n_task / n) · scale_task · mean loss_task.
                    Tensor? loss = null;
                    TrainingStep? current = null;
                    foreach (var group in examples.GroupBy(e => e.Member).OrderBy(g => g.Key))
                    {
                        var member = members[group.Key];
                        var part = group.Select(e => e.Example).ToList();
                        var batch = BatchBuilder.For(part, member.Head.Target, stage.Training.MaskProbability, run.Tokenizer.VocabularySize, masking, run.Device);
                        run.Profile?.Mark("data");
                        inPlugin = (modelComponent, "forward");
                        var embeddings = model.Body.Embed(batch.TokenIds, batch.SegmentIds);
                        var (states, pooled, output) = member.Model.Forward(embeddings, batch);
                        inPlugin = null;
                        var taskLoss = member.Model.Loss(output, batch);
                        if (members.Count > 1) taskLoss = taskLoss * (member.LossScale * part.Count / examples.Count);
                        loss = loss is null ? taskLoss : loss + taskLoss;
                        run.Profile?.Mark("forward");
                        current = new TrainingStep(step, batch, embeddings, states, pooled, output, e => member.Model.ForwardFromEmbeddings(e, batch));
                    }
                    foreach (var active in regularizers)
                    {
                        inPlugin = (active.Component, "Penalty");
                        if (active.Regularizer.Penalty(current!) is { } penalty) loss = loss! + penalty;
                    }
                    inPlugin = null;
                    run.Profile?.Mark("forward");

                    loss!.backward();
                    run.Profile?.Mark("backward");
                    GradientClipping.Clip(parameters, stage.Training.GradClip);
                    run.Profile?.Mark("clip");
                    var lr = schedule.At(step);
                    optimizer.Step(lr);
                    foreach (var active in regularizers)
                    {
                        inPlugin = (active.Component, "AfterOptimizerStep");
                        active.Regularizer.AfterOptimizerStep(current!);
                    }
                    inPlugin = null;
                    run.Profile?.Mark("optimizer");
                    run.Trace?.Write(stage.Name, step, loss, model.Body.named_parameters().Select(p => ("body." + p.name, (Tensor)p.parameter))
                        .Concat(StageMember.Heads(members).named_parameters().Select(p => ("head." + p.name, (Tensor)p.parameter))));

                    using (no_grad()) runningLoss.add_(loss.detach());
                    window.Add(examples.Count);
                    if (step % stage.Training.LogEvery == 0 || step == totalSteps)
                        LogStep(run, stage, step, totalSteps, lr, runningLoss, window, clock);
                }
                run.Profile?.Mark("other");   // logging, and freeing the step's tensors
                if (stage.Eval.Every > 0 && step % stage.Eval.Every == 0 && step < totalSteps)
                    foreach (var member in members)
                    foreach (var split in stage.EvaluatedSplits(member.Task.Task).Where(s => s != "test"))
                        StageEvaluation.Evaluate(run, stage, modelComponent, member, split, step);
                if (stage.Training.CheckpointEvery > 0 && step % stage.Training.CheckpointEvery == 0 && step < totalSteps)
                    checkpoint.Save(step);
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

    /// <summary>Reads the loss back (the one host sync of a logging window), checks it is finite, and logs it.</summary>
    private static void LogStep(RunContext run, Stage stage, int step, int totalSteps, double lr, Tensor runningLoss, LogWindow window, Stopwatch clock)
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
}

/// <summary>Steps and examples since the last logged step, and when that window began.</summary>
internal sealed class LogWindow
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
