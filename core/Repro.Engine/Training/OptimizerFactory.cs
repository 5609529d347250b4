using Repro.Engine.Recipes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// AdamW or SGD with momentum. Weight decay applies to matrices only; biases, LayerNorm weights and
/// other vectors are not decayed (the BERT convention).
/// </summary>
public static class OptimizerFactory
{
    /// <summary>Creates the optimizer for the given parameters (in a fixed order).</summary>
    public static optim.Optimizer Create(OptimizerSpec spec, IReadOnlyList<Parameter> parameters)
    {
        var decay = parameters.Where(p => p.dim() >= 2).ToList();
        var noDecay = parameters.Where(p => p.dim() < 2).ToList();
        return spec.Type switch
        {
            OptimizerType.Sgd => optim.SGD(
                [
                    new SGD.ParamGroup(decay, new SGD.Options { weight_decay = spec.WeightDecay, momentum = spec.Momentum, nesterov = spec.Nesterov }),
                    new SGD.ParamGroup(noDecay, new SGD.Options { weight_decay = 0, momentum = spec.Momentum, nesterov = spec.Nesterov }),
                ],
                spec.Lr, spec.Momentum, 0, spec.WeightDecay, spec.Nesterov),
            _ => optim.AdamW(
                [
                    new AdamW.ParamGroup(decay, new AdamW.Options { weight_decay = spec.WeightDecay, beta1 = spec.Beta1, beta2 = spec.Beta2, eps = spec.Eps }),
                    new AdamW.ParamGroup(noDecay, new AdamW.Options { weight_decay = 0, beta1 = spec.Beta1, beta2 = spec.Beta2, eps = spec.Eps }),
                ],
                spec.Lr, spec.Beta1, spec.Beta2, spec.Eps, spec.WeightDecay),
        };
    }

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    /// <summary>
    /// Scales gradients so their global L2 norm is at most <paramref name="maxNorm"/>, as
    /// torch.nn.utils.clip_grad_norm_ does, but without reading the norm back to the host.
    /// </summary>
    public static void ClipGradients(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        if (maxNorm <= 0) return;
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return;
        var total = stack(grads.Select(g => linalg.vector_norm(g)).ToArray()).norm();
        var coefficient = (maxNorm / (total + 1e-6)).clamp_max(1.0);
        foreach (var g in grads) g.mul_(coefficient);
    }
}
