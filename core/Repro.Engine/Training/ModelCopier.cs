using Repro.Contracts;
using TorchSharp;
using static TorchSharp.torch;
using Repro.Engine.Models;

namespace Repro.Engine.Training;

/// <summary>
/// Makes the frozen copies regularizers ask for (<see cref="StageStart.CopyModel"/>): builds the same
/// architecture through the model plugin and head spec, then copies the current weights and buffers.
/// </summary>
internal sealed class ModelCopier(Recipes.Component component, ModelContext context, HeadSpec head, Device device)
{
    public ModelCopy Copy(TaskModel model)
    {
        // Building initialises weights from the global generator; restore it so a copy changes no stream of the run.
        var rng = get_rng_state();
        try
        {
            var body = ModelBuilder.Build(component, context);
            var copyHead = ModelBuilder.CreateHead(component, body, head);
            body.to(device);
            copyHead.to(device);
            var copy = new TaskModel(body, copyHead, head.Target);
            CopyWeights(from: model, to: copy);
            copy.Train(false);
            foreach (var p in copy.Parameters) p.requires_grad_(false);
            return new ModelCopy(body, copyHead, copy.ForwardFromEmbeddings);
        }
        finally
        {
            set_rng_state(rng);
            rng.Dispose();
        }
    }

    private static void CopyWeights(TaskModel from, TaskModel to)
    {
        var source = from.Parameters.Cast<Tensor>().Concat(from.Body.buffers()).Concat(from.Head.buffers()).ToList();
        var target = to.Parameters.Cast<Tensor>().Concat(to.Body.buffers()).Concat(to.Head.buffers()).ToList();
        if (source.Count != target.Count)
            throw new InvalidOperationException($"the model plugin built a copy with {target.Count} tensors, the original has {source.Count}");
        using var noGrad = no_grad();
        foreach (var (s, t) in source.Zip(target)) t.copy_(s);
    }
}
