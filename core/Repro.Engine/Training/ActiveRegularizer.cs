using Repro.Contracts;
using Repro.Engine.Determinism;
using Repro.Engine.Recipes;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>A regularizer of the stage being trained: its component (for errors), itself and its random stream.</summary>
internal sealed record ActiveRegularizer(Component Component, Regularizer Regularizer, Generator Generator)
{
    /// <summary>
    /// The stage's regularizers in recipe order, each created by its plugin with its own stream
    /// (<c>regularizer:&lt;id&gt;</c>) and started on <paramref name="model"/>.
    /// </summary>
    public static List<ActiveRegularizer> Create(RunContext run, TrainingStage stage, TaskModel model, ModelCopier copier, int totalSteps)
    {
        var result = new List<ActiveRegularizer>();
        foreach (var component in stage.Training.Regularizers)
        {
            var regularizer = PluginCall.Run(component, stage.Name, "Create", () => ((IRegularizerPlugin)component.Plugin.Instance).Create(component.Parameters));
            var generator = new Generator((ulong)run.Seeds.For(stage.RandomStreams, SeedPurpose.Regularizer(component.Id), stage.Seed), run.Device);
            result.Add(new ActiveRegularizer(component, regularizer, generator));
            PluginCall.Run(component, stage.Name, "OnStageStart", () => regularizer.OnStageStart(
                new StageStart(model.Body, model.Head, stage.From.Count > 0, generator, run.Device, totalSteps, () => copier.Copy(model))));
        }
        return result;
    }
}
