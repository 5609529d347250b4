using Repro.Contracts;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using TorchSharp;
using static TorchSharp.torch;
using Repro.Engine.Models;

namespace Repro.Engine.Training;

/// <summary>Builds a training or evaluate stage's model: one body and a head per task, each from its own random stream.</summary>
internal static class StageModelBuilder
{
    /// <summary>The stage's body (loaded from its upstream stage, if any) and one head per task, each from its own seed.</summary>
    /// <param name="mixture">A multitask stage's mixture (its loss scaling); null for the other stages.</param>
    public static List<StageMember> Build(RunContext run, Stage stage, TaskMixture? mixture, Component modelComponent,
        IReadOnlyList<(Planning.PlannedTask Planned, LoadedTask Task)> tasks)
    {
        var initSeed = run.Seeds.For(stage.RandomStreams, SeedPurpose.Init, stage.Seed);
        // The plan's model check built this body already when this is the first stage to build it (PlanningMemo.Take).
        var body = run.PlannedModels?.Take(modelComponent, run.Tokenizer, initSeed) ?? BuildBody(initSeed, modelComponent, run, stage);
        if (stage.Upstream is { } upstream) StageWeights.Load(body, run.Files.Body(upstream), upstream);
        else
        {
            // What the model said about building itself (a checkpoint's unused tensors) matters only when its weights are kept.
            run.ModelNotes[stage.Name] = body.Notes;
            foreach (var note in body.Notes) run.Observer.Info($"stage '{stage.Name}': model: {note}");
        }
        // lora: adapters hooked onto the loaded body, their A drawn from their own stream.
        var lora = stage is TrainingStage { Training.Lora: { } loraSpec }
            ? LoraLayers.Attach(body, loraSpec, run.Seeds.For(stage.RandomStreams, SeedPurpose.LoraInit, stage.Seed), run.Device)
            : null;
        var members = new List<StageMember>();
        foreach (var (planned, task) in tasks)
        {
            manual_seed(run.Seeds.For(stage.RandomStreams, SeedPurpose.HeadInit(planned.OfSeveral ? planned.Name : null), stage.Seed));
            var spec = TaskHead.For(task.Task, run.Tokenizer.VocabularySize, run.Recipe.ObjectiveOf(stage));
            var taskHead = ModelBuilder.CreateHead(modelComponent, body, spec, stage.Name);
            // An evaluate stage's head is its upstream stage's; the planner checked that they predict the same thing.
            if (stage.Facts.ReusesUpstreamHead) StageWeights.Load(taskHead, run.Files.Head(stage.Upstream!), stage.Upstream!);
            taskHead.to(run.Device);
            members.Add(new StageMember(planned, task, spec, new TaskModel(body, taskHead, spec.Target, lora), LossScale(mixture, spec)));
        }
        body.to(run.Device);
        return members;
    }

    private static Encoder BuildBody(long initSeed, Component modelComponent, RunContext run, Stage stage)
    {
        manual_seed(initSeed);
        return ModelBuilder.Build(modelComponent, ModelBuilder.ContextOf(modelComponent, run.Tokenizer), stage.Name);
    }

    /// <summary>Muppet's loss scaling: a classification loss over C classes is divided by ln C, the loss of a uniform guess.</summary>
    private static double LossScale(TaskMixture? mixture, HeadSpec head) =>
        mixture?.LossScaling == LossScaling.Classes && head is { Target: TargetKind.Classification, Outputs: > 1 } ? 1 / Math.Log(head.Outputs) : 1;
}
